/**
 * The minimal shapes of the Stripe objects the webhook handlers read. Declared here (not imported from `stripe`) so
 * the handlers stay browser-safe pure logic; each field is checked at the edge by the parsers in `handlers.ts`.
 */

/**
 * A Stripe event as the handlers read it from the inbox (a `StripeEventEnvelope` fits): `created` is Stripe's
 * creation time in Unix seconds.
 */
export interface InboxEvent {
  id: string;
  type: string;
  created: number;
  data: { object: unknown };
}

export interface StripeLastPaymentError {
  code?: string | null;
  decline_code?: string | null;
  message?: string | null;
}

export interface StripePaymentIntentObject {
  object: 'payment_intent';
  id: string;
  status: string;
  amount: number;
  amount_received?: number;
  amount_capturable?: number;
  currency: string;
  metadata?: Record<string, string> | null;
  last_payment_error?: StripeLastPaymentError | null;
  latest_charge?: string | { id: string } | null;
}

export interface StripeChargeCard {
  brand?: string | null;
  last4?: string | null;
  exp_month?: number | null;
  exp_year?: number | null;
  country?: string | null;
}

export interface StripeChargeObject {
  object: 'charge';
  id: string;
  payment_intent: string | { id: string } | null;
  amount: number;
  currency: string;
  paid?: boolean;
  status?: string;
  payment_method_details?: { type?: string; card?: StripeChargeCard | null } | null;
  outcome?: { risk_level?: string | null; type?: string | null; network_status?: string | null } | null;
}
