import type { PaymentError, PaymentErrorKind } from '@storepay/payments-core';
import { HttpError } from './errors';

/** One row per kind of payment error: the HTTP status and code the API answers with. Exhaustive by type. */
const PAYMENT_ERROR_HTTP: Record<PaymentErrorKind, { status: number; code: string }> = {
  card_declined: { status: 402, code: 'card_declined' },
  authentication_required: { status: 402, code: 'authentication_required' },
  // Stripe refused parameters we built: our bug, not the client's.
  invalid_request: { status: 502, code: 'payment_provider_rejected' },
  idempotency_conflict: { status: 409, code: 'idempotency_conflict' },
  rate_limited: { status: 503, code: 'stripe_unavailable' },
  stripe_unavailable: { status: 503, code: 'stripe_unavailable' },
  configuration: { status: 503, code: 'payments_unavailable' },
  not_found: { status: 404, code: 'not_found' },
  unexpected: { status: 502, code: 'payment_provider_error' },
};

/** The HTTP error for a payment error: the customer-safe message only; the internal one goes to the logs. */
export function paymentHttpError(error: PaymentError): HttpError {
  const { status, code } = PAYMENT_ERROR_HTTP[error.kind];
  return new HttpError(status, code, error.publicMessage, undefined, error.internalMessage);
}
