import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';

type Intent = (Stripe.PaymentIntent | Stripe.SetupIntent) & { id: string; object: string };

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `1999, 'usd'` → `$19.99`; zero-decimal currencies (`jpy`) follow Intl's minor units. */
export function formatAmount(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency.toUpperCase()}`;
  }
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #30313d; }
  main { padding: 24px; display: grid; gap: 12px; }
  h1 { font-size: 1.15rem; margin: 0; }
  .amount { font-size: 1.6rem; font-weight: 600; }
  .note { color: #6d6e78; font-size: 0.9rem; margin: 0; }
  .buttons { display: flex; gap: 12px; margin-top: 8px; }
  button { font: inherit; padding: 10px 18px; border-radius: 6px; border: 1px solid #d5d5d5; cursor: pointer; }
  button[value=complete] { background: #0570de; border-color: #0570de; color: #fff; }
  button:disabled { opacity: 0.6; cursor: default; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function findIntent(emulator: Emulator, id: string): Intent | undefined {
  const found = emulator.store.get(id);
  return found && (found.object === 'payment_intent' || found.object === 'setup_intent')
    ? (found as unknown as Intent)
    : undefined;
}

/** `GET /3ds/:id?client_secret=...`: the challenge page Stripe.js shows in its modal for 3DS test cards. */
export function registerChallengePage(app: FastifyInstance, emulator: Emulator): void {
  app.get('/3ds/:id', (request, reply) => {
    const { id } = request.params as { id: string };
    const { client_secret: clientSecret } = (request.query ?? {}) as { client_secret?: unknown };
    const intent = findIntent(emulator, id);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!intent || typeof clientSecret !== 'string' || intent.client_secret !== clientSecret) {
      return reply
        .code(404)
        .send(
          page(
            'Authentication not found',
            '<h1>Authentication not found</h1><p class="note">This 3D Secure link does not match a payment or setup intent with this client secret.</p>',
          ),
        );
    }
    const amount =
      intent.object === 'payment_intent'
        ? `<p class="amount">${escapeHtml(formatAmount(intent.amount, intent.currency))}</p>`
        : '<p class="amount">Save card for later</p>';
    const waiting = intent.status === 'requires_action';
    return reply.send(
      page(
        '3D Secure test authentication',
        `<h1>3D Secure test authentication</h1>
${amount}
<p class="note">The Stripe emulator stands in for the card issuer. Choose the outcome of the authentication of ${escapeHtml(intent.id)}.</p>
${waiting ? '' : `<p class="note">This intent is ${escapeHtml(intent.status)}: there is nothing to authenticate.</p>`}
<div id="challenge" data-intent-id="${escapeHtml(intent.id)}" data-client-secret="${escapeHtml(clientSecret)}">
  <div class="buttons">
    <button type="button" value="complete" disabled>Complete</button>
    <button type="button" value="fail" disabled>Fail</button>
  </div>
</div>
<p id="status" role="status"></p>
<script type="module" src="/js.stripe.com/v3/three-d-secure.js"></script>`,
      ),
    );
  });
}
