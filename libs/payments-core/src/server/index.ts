// Node-only entry point: Stripe wrappers and server-side payment logic.
export {
  createStripeClient,
  stripeOperation,
  type StripeAttempt,
  type StripeAttemptOutcome,
  type StripeClientOptions,
} from '../stripe/stripe-client';
export {
  STRIPE_PAYMENT_INTENT_STATUSES,
  isUnexpectedStateError,
  type CancelPaymentIntentInput,
  type CreateCustomerInput,
  type CreatePaymentIntentInput,
  type LastPaymentError,
  type PaymentGateway,
  type PaymentIntentSnapshot,
  type SavedCard,
  type StripePaymentIntentStatus,
} from '../stripe/payment-gateway';
export {
  createStripePaymentGateway,
  toPaymentIntentSnapshot,
  type StripePaymentGatewayOptions,
} from '../stripe/stripe-payment-gateway';
export { mapStripeError } from '../stripe/stripe-errors';
export {
  backoffDelay,
  withRateLimitRetry,
  DEFAULT_RATE_LIMIT_BASE_DELAY_MS,
  DEFAULT_RATE_LIMIT_MAX_DELAY_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  type RateLimitRetryOptions,
} from '../stripe/rate-limit-retry';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  signWebhookPayload,
  verifyStripeWebhook,
} from '../stripe/webhook-signature';
export {
  ensureEmulatorWebhookEndpoint,
  type EmulatorWebhookEndpoint,
  type EmulatorWebhookEndpointInput,
} from '../stripe/webhook-endpoints';
export { createStripeEventSource, type ListEventsInput, type StripeEventSource } from '../stripe/stripe-events';
