import Stripe from 'stripe';
import { paymentErrorFromStripe, paymentErrors, type PaymentError } from '../domain/payment-errors';

type StripeSdkError = Stripe.errors.StripeError;

/**
 * Whether `error` is one of stripe-node's errors. `instanceof` first; the `type` check also accepts errors from
 * another copy of the SDK (stripe-node sets `type` to the class name, e.g. `StripeCardError`).
 */
function isStripeSdkError(error: unknown): error is StripeSdkError {
  if (error instanceof Stripe.errors.StripeError) return true;
  if (typeof error !== 'object' || error === null || !(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('Stripe') && 'rawType' in error;
}

const TIMEOUT_CODE = 'ETIMEDOUT';

function isTimeout(error: StripeSdkError): boolean {
  const detail = error.detail;
  const code = typeof detail === 'object' && detail !== null ? (detail as { code?: unknown }).code : undefined;
  return code === TIMEOUT_CODE || /timeout/i.test(error.message);
}

/**
 * Maps anything a stripe-node call can throw to the closed PaymentError union. Total: an unknown throw becomes
 * `unexpected`, so no untyped error leaves the Stripe wrappers.
 */
export function mapStripeError(error: unknown): PaymentError {
  if (!isStripeSdkError(error)) {
    if (error instanceof Error) return paymentErrors.unexpected({ message: error.message, name: error.name });
    return paymentErrors.unexpected({ message: String(error), name: typeof error });
  }

  const details = {
    message: error.message,
    requestId: error.requestId ?? null,
    statusCode: error.statusCode ?? null,
  };
  const raw = {
    type: error.rawType ?? null,
    code: error.code ?? null,
    decline_code: error.decline_code ?? null,
    message: error.message,
    param: error.param ?? null,
    charge: error.charge ?? null,
    payment_intent: error.payment_intent ?? null,
  };

  switch (error.type) {
    case 'StripeCardError':
      return paymentErrorFromStripe({ ...raw, type: 'card_error' }, details);
    case 'StripeInvalidRequestError':
      return paymentErrorFromStripe({ ...raw, type: 'invalid_request_error' }, details);
    case 'StripeIdempotencyError':
      return paymentErrors.idempotencyConflict({
        ...details,
        reason:
          details.statusCode === 409 || raw.code === 'idempotency_key_in_use' ? 'in_progress' : 'parameters_mismatch',
      });
    case 'StripeRateLimitError':
      return paymentErrors.rateLimited(details);
    case 'StripeAuthenticationError':
      return paymentErrors.configuration({ ...details, reason: 'authentication' });
    case 'StripePermissionError':
      return paymentErrors.configuration({ ...details, reason: 'permission' });
    case 'StripeConnectionError':
      return paymentErrors.stripeUnavailable({ ...details, reason: isTimeout(error) ? 'timeout' : 'connection' });
    case 'StripeAPIError':
      // stripe-node's catch-all: 5xx, and statuses it has no class for (a 409 that is not an idempotency error).
      if (details.statusCode === 409) return paymentErrors.idempotencyConflict({ ...details, reason: 'in_progress' });
      if (details.statusCode === null || details.statusCode >= 500) {
        return paymentErrors.stripeUnavailable({ ...details, reason: 'server_error' });
      }
      return paymentErrorFromStripe(raw, details);
    default:
      return paymentErrors.unexpected({ ...details, name: error.type });
  }
}
