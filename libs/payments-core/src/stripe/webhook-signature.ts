import Stripe from 'stripe';
import { isStripeEventEnvelope, type StripeEventEnvelope, type WebhookRejectionReason } from '../domain/webhook-events';
import { err, ok, type Result } from '../domain/result';

/** Stripe's default: a signature older than five minutes is refused (replay protection). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const webhooks = Stripe.webhooks;

/**
 * Verifies a webhook delivery with stripe-node on the exact bytes received, against each of `secrets` (several during
 * a rotation), and parses it. A signature that matches but is older than `toleranceSeconds` is `stale_timestamp`;
 * bytes that verify but are not JSON are `invalid_json`; JSON that is not a Stripe event is `not_an_event`.
 */
export function verifyStripeWebhook(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  toleranceSeconds: number = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): Result<StripeEventEnvelope, WebhookRejectionReason> {
  if (!header) return err('missing_signature');
  let reason: WebhookRejectionReason = 'invalid_signature';
  for (const secret of secrets) {
    let parsed: unknown;
    try {
      parsed = webhooks.constructEvent(rawBody, header, secret, toleranceSeconds);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
        // The signature matched, so these bytes came from Stripe, but they are no (classic) event.
        return err(error instanceof SyntaxError ? 'invalid_json' : 'not_an_event');
      }
      if (/tolerance/i.test(error.message)) reason = 'stale_timestamp'; // matched this secret, but too long ago
      continue;
    }
    return isStripeEventEnvelope(parsed) ? ok(parsed) : err('not_an_event');
  }
  return err(reason);
}

/** A `Stripe-Signature` header for `payload` (tests, benchmarks and tools that deliver signed events). */
export function signWebhookPayload(payload: string, secret: string, timestamp?: number): string {
  return webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}
