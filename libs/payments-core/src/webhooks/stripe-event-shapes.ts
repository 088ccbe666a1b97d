/**
 * The shape of a Stripe event as the webhook handlers read it. Declared here (not imported from `stripe`) so the
 * handlers stay browser-safe pure logic; each field of its object is checked at the edge by the parsers in
 * `handlers.ts`.
 */

/**
 * A Stripe event as the handlers read it from the inbox (a `StripeEventEnvelope` fits): `created` is Stripe's
 * creation time in Unix seconds.
 */
export interface InboxEvent {
  id: string;
  type: string;
  created: number;
  /** The event's mode; a PaymentIntent's own `livemode` is read first. */
  livemode?: boolean;
  data: { object: unknown };
}
