import Stripe from 'stripe';
import { isStripeEventEnvelope, type StripeEventEnvelope, type WebhookRejectionReason } from '../domain/webhook-events';
import { err, ok, type Result } from '../domain/result';

/** Stripe's default: a signature older than five minutes is refused (replay protection). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const webhooks = Stripe.webhooks;

/** The `t=` of a `Stripe-Signature` header (the signed timestamp), or null. */
function signedTimestamp(header: string): number | null {
  const match = /(?:^|,)\s*t=(\d+)(?:,|$)/.exec(header);
  return match ? Number(match[1]) : null;
}

/**
 * Verifies a webhook delivery with stripe-node on the exact bytes received, against each of `secrets` (several during
 * a rotation), and parses it. A signature that matches but whose timestamp is more than `toleranceSeconds` away from
 * now is `stale_timestamp`: older (stripe-node's check), or ahead, which stripe-node lets through (a sender whose clock
 * runs fast, or a delivery signed to be replayed later); bytes that verify but are not JSON are `invalid_json`; JSON
 * that is not a Stripe event is `not_an_event`.
 */
export function verifyStripeWebhook(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  toleranceSeconds: number = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): Result<StripeEventEnvelope, WebhookRejectionReason> {
  if (!header) return err('missing_signature');
  const timestamp = signedTimestamp(header);
  const ahead = timestamp !== null && toleranceSeconds > 0 && timestamp - Date.now() / 1000 > toleranceSeconds;
  let reason: WebhookRejectionReason = 'invalid_signature';
  for (const secret of secrets) {
    let parsed: unknown;
    try {
      parsed = webhooks.constructEvent(rawBody, header, secret, toleranceSeconds);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
        if (ahead) return err('stale_timestamp'); // matched this secret, but signed for a time still to come
        // The signature matched, so these bytes came from Stripe, but they are no (classic) event.
        return err(error instanceof SyntaxError ? 'invalid_json' : 'not_an_event');
      }
      if (/tolerance/i.test(error.message)) reason = 'stale_timestamp'; // matched this secret, but too long ago
      continue;
    }
    if (ahead) return err('stale_timestamp');
    return isStripeEventEnvelope(parsed) ? ok(parsed) : err('not_an_event');
  }
  return err(reason);
}

/** A `Stripe-Signature` header for `payload` (tests, benchmarks and tools that deliver signed events). */
export function signWebhookPayload(payload: string, secret: string, timestamp?: number): string {
  return webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}
