/**
 * The closed set of ways a payment can fail, as the rest of the system sees them. Browser-safe: the Stripe wrappers
 * (./server) map every stripe-node error into one of these, and the storefront maps the error objects Stripe.js
 * returns with the same tables, so a customer reads the same words whichever side noticed the failure.
 *
 * Every error carries a `publicMessage`, safe to show a customer (it never reveals why an issuer refused a card
 * when that could help a fraudster, e.g. lost or stolen cards), and an `internalMessage` for logs only (Stripe's own
 * message, codes and request id), which must never be sent to a browser.
 */
import { parsePaymentIntentId, type PaymentIntentId } from './ids';

export const PAYMENT_ERROR_KINDS = [
  'card_declined',
  'authentication_required',
  'invalid_request',
  'idempotency_conflict',
  'rate_limited',
  'stripe_unavailable',
  'configuration',
  'not_found',
  'unexpected',
] as const;

export type PaymentErrorKind = (typeof PAYMENT_ERROR_KINDS)[number];

interface PaymentErrorBase {
  /** Safe to show a customer. */
  readonly publicMessage: string;
  /** For logs: Stripe's message, its codes and the request id. Never send it to a browser. */
  readonly internalMessage: string;
  /** Stripe's request id (`req_…`) when the failure came from a Stripe response. */
  readonly requestId: string | null;
}

export type PaymentError =
  | (PaymentErrorBase & {
      /** The card issuer (or Stripe's fraud checks) refused the payment. Never retried automatically. */
      readonly kind: 'card_declined';
      /** Stripe's error code: `card_declined`, `expired_card`, `incorrect_cvc`, `processing_error`, … */
      readonly code: string;
      /** The issuer's reason when Stripe gives one: `insufficient_funds`, `lost_card`, `generic_decline`, … */
      readonly declineCode: string | null;
      readonly paymentIntentId: PaymentIntentId | null;
      readonly chargeId: string | null;
    })
  | (PaymentErrorBase & {
      /** The bank wants the customer to authenticate (3D Secure), or the authentication failed. */
      readonly kind: 'authentication_required';
      /** `authentication_required` or `payment_intent_authentication_failure`. */
      readonly code: string;
      readonly paymentIntentId: PaymentIntentId | null;
    })
  | (PaymentErrorBase & {
      /** Stripe rejected the parameters (a bug, or an amount outside Stripe's limits), or card details are incomplete. */
      readonly kind: 'invalid_request';
      /** The parameter at fault (`amount`, `currency`, …) when Stripe names one. */
      readonly param: string | null;
      readonly code: string | null;
    })
  | (PaymentErrorBase & {
      /** The idempotency key is in use by a request still running, or was used with other parameters. */
      readonly kind: 'idempotency_conflict';
      readonly reason: 'in_progress' | 'parameters_mismatch';
    })
  | (PaymentErrorBase & {
      /** Stripe answered 429 (after the wrapper's own retries). */
      readonly kind: 'rate_limited';
    })
  | (PaymentErrorBase & {
      /** Stripe did not answer in time, could not be reached, or failed with a 5xx (after retries). */
      readonly kind: 'stripe_unavailable';
      readonly reason: 'timeout' | 'connection' | 'server_error';
      readonly statusCode: number | null;
    })
  | (PaymentErrorBase & {
      /** Our side is misconfigured: a bad or revoked API key, or a key without the permission needed. */
      readonly kind: 'configuration';
      readonly reason: 'authentication' | 'permission';
    })
  | (PaymentErrorBase & {
      /** The Stripe object does not exist (in this account and mode). */
      readonly kind: 'not_found';
      readonly param: string | null;
    })
  | (PaymentErrorBase & {
      /** Anything else: an error type this code does not know. Logged, never explained to the customer. */
      readonly kind: 'unexpected';
    });

/** The member of the union for one kind, e.g. `PaymentErrorOf<'card_declined'>`. */
export type PaymentErrorOf<K extends PaymentErrorKind> = Extract<PaymentError, { kind: K }>;

// ---------------------------------------------------------------------------------------------------------------
// Customer-facing messages

/**
 * Every message a customer may see about a payment, in English: the apps that speak other languages translate them
 * by key (`customerMessageKeyFor`).
 */
export const CUSTOMER_MESSAGES = {
  genericDecline: 'Your card was declined. Try another card or contact your bank.',
  insufficientFunds: 'Your card has insufficient funds. Try another card or payment method.',
  expiredCard: 'Your card has expired. Check the expiration date or use another card.',
  incorrectCvc: "Your card's security code is incorrect. Check it and try again.",
  incorrectNumber: 'Your card number is incorrect. Check it and try again.',
  invalidExpiry: "Your card's expiration date is incorrect. Check it and try again.",
  incorrectZip: "Your card's postal code is incorrect. Check it and try again.",
  incompleteNumber: 'Your card number is incomplete.',
  incompleteCvc: "Your card's security code is incomplete.",
  incompleteExpiry: "Your card's expiration date is incomplete.",
  incompleteZip: 'Your postal code is incomplete.',
  expiryInPast: "Your card's expiration date is in the past.",
  processingError: 'An error occurred while processing your card. Try again in a moment.',
  issuerUnavailable: "Your bank couldn't be reached. Try again in a moment, or use another card.",
  limitExceeded: 'Your card has reached its limit. Try another card or contact your bank.',
  cardNotSupported: "Your card doesn't support this type of purchase. Try another card.",
  currencyNotSupported: "Your card doesn't support this currency. Try another card.",
  duplicateTransaction: 'A payment with this card and amount was just made. Check your statement before trying again.',
  authenticationRequired: 'Your bank needs you to confirm this payment. Try again and complete the verification.',
  authenticationFailed: "We couldn't verify this payment with your bank. Try again, or use another payment method.",
  checkDetails: 'Check your payment details and try again.',
  invalidRequest: "We couldn't process this payment. Please try again, or contact us if it keeps happening.",
  amountTooSmall: 'The order total is below the minimum amount that can be charged.',
  amountTooLarge: 'The order total is above the maximum amount that can be charged.',
  inProgress: 'This payment is already being processed. Please wait a moment.',
  idempotencyMismatch: 'This payment conflicts with an earlier attempt. Refresh the page and try again.',
  rateLimited: "We're handling a lot of payments right now. Please try again in a moment.",
  unavailable: 'Our payment provider is not responding right now. Please try again in a moment.',
  configuration: 'Payments are temporarily unavailable. Please try again later.',
  notFound: "We couldn't find this payment. Refresh the page and start again.",
  unexpected: 'Something went wrong with your payment. Please try again, or contact us if it keeps happening.',
} as const;
const MESSAGE = CUSTOMER_MESSAGES;

export type CustomerMessageKey = keyof typeof CUSTOMER_MESSAGES;

/**
 * Customer messages by Stripe decline code (`decline_code`) or card error code (`code`). Reasons that could help
 * someone using a stolen card (lost, stolen, fraudulent, pickup, restricted, blocklisted) deliberately get the
 * generic wording, as Stripe recommends.
 */
const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
  insufficient_funds: MESSAGE.insufficientFunds,
  expired_card: MESSAGE.expiredCard,
  incorrect_cvc: MESSAGE.incorrectCvc,
  invalid_cvc: MESSAGE.incorrectCvc,
  incorrect_number: MESSAGE.incorrectNumber,
  invalid_number: MESSAGE.incorrectNumber,
  invalid_expiry_month: MESSAGE.invalidExpiry,
  invalid_expiry_year: MESSAGE.invalidExpiry,
  incorrect_zip: MESSAGE.incorrectZip,
  processing_error: MESSAGE.processingError,
  reenter_transaction: MESSAGE.processingError,
  try_again_later: MESSAGE.issuerUnavailable,
  issuer_not_available: MESSAGE.issuerUnavailable,
  card_velocity_exceeded: MESSAGE.limitExceeded,
  withdrawal_count_limit_exceeded: MESSAGE.limitExceeded,
  card_not_supported: MESSAGE.cardNotSupported,
  currency_not_supported: MESSAGE.currencyNotSupported,
  duplicate_transaction: MESSAGE.duplicateTransaction,
  authentication_required: MESSAGE.authenticationRequired,
  payment_intent_authentication_failure: MESSAGE.authenticationFailed,
  // Stripe.js validation codes (client-side, before anything reaches Stripe's API).
  incomplete_number: MESSAGE.incompleteNumber,
  incomplete_cvc: MESSAGE.incompleteCvc,
  incomplete_expiry: MESSAGE.incompleteExpiry,
  incomplete_zip: MESSAGE.incompleteZip,
  invalid_expiry_month_past: MESSAGE.expiryInPast,
  invalid_expiry_year_past: MESSAGE.expiryInPast,
  // Deliberately generic.
  lost_card: MESSAGE.genericDecline,
  stolen_card: MESSAGE.genericDecline,
  fraudulent: MESSAGE.genericDecline,
  pickup_card: MESSAGE.genericDecline,
  restricted_card: MESSAGE.genericDecline,
  merchant_blacklist: MESSAGE.genericDecline,
  security_violation: MESSAGE.genericDecline,
  generic_decline: MESSAGE.genericDecline,
  do_not_honor: MESSAGE.genericDecline,
  card_declined: MESSAGE.genericDecline,
};

function knownMessage(code: string | null | undefined): string | undefined {
  return code && Object.prototype.hasOwnProperty.call(DECLINE_MESSAGES, code) ? DECLINE_MESSAGES[code] : undefined;
}

/**
 * The customer message for a card decline, from Stripe's `decline_code` and/or `code` (the first one known wins;
 * pass the decline code first). Works with the errors Stripe.js returns:
 * `declineMessage(error.decline_code, error.code)`. Unknown or missing codes give the generic decline wording.
 */
export function declineMessage(...declineCodeOrCode: Array<string | null | undefined>): string {
  for (const code of declineCodeOrCode) {
    const message = knownMessage(code);
    if (message) return message;
  }
  return MESSAGE.genericDecline;
}

// ---------------------------------------------------------------------------------------------------------------
// Constructors

/** What is known about the Stripe response that failed. */
export interface StripeFailureDetails {
  /** Stripe's message (or the SDK's); goes into `internalMessage` only. */
  message?: string | null;
  requestId?: string | null;
  statusCode?: number | null;
}

function internal(kind: PaymentErrorKind, details: StripeFailureDetails, fields: Record<string, unknown>): string {
  const facts = Object.entries({ ...fields, status: details.statusCode, request: details.requestId })
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${String(value)}`);
  const message = details.message?.trim() || 'no message';
  return `${kind}: ${message}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

const requestIdOf = (details: StripeFailureDetails) => details.requestId ?? null;

function isAuthenticationCode(code: string | null | undefined): boolean {
  return code === 'authentication_required' || code === 'payment_intent_authentication_failure';
}

/** Builds each kind with its public and internal message. */
export const paymentErrors = {
  cardDeclined(
    input: StripeFailureDetails & {
      code?: string | null;
      declineCode?: string | null;
      paymentIntentId?: PaymentIntentId | null;
      chargeId?: string | null;
    },
  ): PaymentErrorOf<'card_declined'> {
    const code = input.code || 'card_declined';
    const declineCode = input.declineCode || null;
    const paymentIntentId = input.paymentIntentId ?? null;
    const chargeId = input.chargeId ?? null;
    return {
      kind: 'card_declined',
      code,
      declineCode,
      paymentIntentId,
      chargeId,
      publicMessage: declineMessage(declineCode, code),
      internalMessage: internal('card_declined', input, {
        code,
        decline_code: declineCode,
        payment_intent: paymentIntentId,
        charge: chargeId,
      }),
      requestId: requestIdOf(input),
    };
  },

  authenticationRequired(
    input: StripeFailureDetails & { code?: string | null; paymentIntentId?: PaymentIntentId | null },
  ): PaymentErrorOf<'authentication_required'> {
    const code = input.code || 'authentication_required';
    const paymentIntentId = input.paymentIntentId ?? null;
    return {
      kind: 'authentication_required',
      code,
      paymentIntentId,
      publicMessage:
        code === 'payment_intent_authentication_failure'
          ? MESSAGE.authenticationFailed
          : MESSAGE.authenticationRequired,
      internalMessage: internal('authentication_required', input, { code, payment_intent: paymentIntentId }),
      requestId: requestIdOf(input),
    };
  },

  invalidRequest(
    input: StripeFailureDetails & { param?: string | null; code?: string | null; publicMessage?: string },
  ): PaymentErrorOf<'invalid_request'> {
    const param = input.param || null;
    const code = input.code || null;
    const publicMessage =
      input.publicMessage ??
      (code === 'amount_too_small'
        ? MESSAGE.amountTooSmall
        : code === 'amount_too_large'
          ? MESSAGE.amountTooLarge
          : MESSAGE.invalidRequest);
    return {
      kind: 'invalid_request',
      param,
      code,
      publicMessage,
      internalMessage: internal('invalid_request', input, { code, param }),
      requestId: requestIdOf(input),
    };
  },

  idempotencyConflict(
    input: StripeFailureDetails & { reason: 'in_progress' | 'parameters_mismatch' },
  ): PaymentErrorOf<'idempotency_conflict'> {
    return {
      kind: 'idempotency_conflict',
      reason: input.reason,
      publicMessage: input.reason === 'in_progress' ? MESSAGE.inProgress : MESSAGE.idempotencyMismatch,
      internalMessage: internal('idempotency_conflict', input, { reason: input.reason }),
      requestId: requestIdOf(input),
    };
  },

  rateLimited(input: StripeFailureDetails & { attempts?: number }): PaymentErrorOf<'rate_limited'> {
    return {
      kind: 'rate_limited',
      publicMessage: MESSAGE.rateLimited,
      internalMessage: internal('rate_limited', input, { attempts: input.attempts }),
      requestId: requestIdOf(input),
    };
  },

  stripeUnavailable(
    input: StripeFailureDetails & { reason: 'timeout' | 'connection' | 'server_error' },
  ): PaymentErrorOf<'stripe_unavailable'> {
    return {
      kind: 'stripe_unavailable',
      reason: input.reason,
      statusCode: input.statusCode ?? null,
      publicMessage: MESSAGE.unavailable,
      internalMessage: internal('stripe_unavailable', input, { reason: input.reason }),
      requestId: requestIdOf(input),
    };
  },

  configuration(
    input: StripeFailureDetails & { reason: 'authentication' | 'permission' },
  ): PaymentErrorOf<'configuration'> {
    return {
      kind: 'configuration',
      reason: input.reason,
      publicMessage: MESSAGE.configuration,
      internalMessage: internal('configuration', input, { reason: input.reason }),
      requestId: requestIdOf(input),
    };
  },

  notFound(input: StripeFailureDetails & { param?: string | null }): PaymentErrorOf<'not_found'> {
    const param = input.param || null;
    return {
      kind: 'not_found',
      param,
      publicMessage: MESSAGE.notFound,
      internalMessage: internal('not_found', input, { param }),
      requestId: requestIdOf(input),
    };
  },

  unexpected(input: StripeFailureDetails & { name?: string | null }): PaymentErrorOf<'unexpected'> {
    return {
      kind: 'unexpected',
      publicMessage: MESSAGE.unexpected,
      internalMessage: internal('unexpected', input, { error: input.name }),
      requestId: requestIdOf(input),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// From Stripe's error shape (REST error envelope, `last_payment_error`, or a Stripe.js error)

/**
 * A Stripe error as plain data: the `error` object of Stripe's REST envelope, a PaymentIntent's
 * `last_payment_error`, or the error Stripe.js returns from `confirmPayment` (`{type: 'card_error', code,
 * decline_code, message}`). Only `type` matters for the mapping; everything else is optional.
 */
export interface StripeErrorLike {
  type?: string | null;
  code?: string | null;
  decline_code?: string | null;
  message?: string | null;
  param?: string | null;
  charge?: string | null;
  payment_intent?: { id?: string | null } | null;
}

const paymentIntentIdOf = (raw: StripeErrorLike): PaymentIntentId | null =>
  parsePaymentIntentId(raw.payment_intent?.id);

/**
 * Maps a Stripe error given as data to a PaymentError. `details.statusCode` (when known) refines the mapping:
 * 401 → configuration, 403 → permission, 404 → not_found, 409 → idempotency conflict, 429 → rate_limited,
 * 5xx → stripe_unavailable.
 */
export function paymentErrorFromStripe(raw: StripeErrorLike, details: StripeFailureDetails = {}): PaymentError {
  const input: StripeFailureDetails = {
    message: details.message ?? raw.message ?? null,
    requestId: details.requestId ?? null,
    statusCode: details.statusCode ?? null,
  };
  const status = input.statusCode ?? null;
  const code = raw.code ?? null;

  if (status === 401 || raw.type === 'authentication_error') {
    return paymentErrors.configuration({ ...input, reason: 'authentication' });
  }
  if (status === 403) return paymentErrors.configuration({ ...input, reason: 'permission' });
  if (status === 429 || code === 'rate_limit' || raw.type === 'rate_limit_error') {
    return paymentErrors.rateLimited(input);
  }

  switch (raw.type) {
    case 'card_error':
      if (isAuthenticationCode(code) || isAuthenticationCode(raw.decline_code)) {
        return paymentErrors.authenticationRequired({
          ...input,
          code: isAuthenticationCode(code) ? code : raw.decline_code,
          paymentIntentId: paymentIntentIdOf(raw),
        });
      }
      return paymentErrors.cardDeclined({
        ...input,
        code,
        declineCode: raw.decline_code ?? null,
        paymentIntentId: paymentIntentIdOf(raw),
        chargeId: raw.charge ?? null,
      });
    case 'validation_error':
      // Stripe.js: the card details are incomplete or invalid; nothing reached Stripe's API.
      return paymentErrors.invalidRequest({
        ...input,
        code,
        param: raw.param,
        publicMessage: knownMessage(code) ?? MESSAGE.checkDetails,
      });
    case 'idempotency_error':
      return paymentErrors.idempotencyConflict({
        ...input,
        reason: status === 409 || code === 'idempotency_key_in_use' ? 'in_progress' : 'parameters_mismatch',
      });
    case 'api_error':
      return paymentErrors.stripeUnavailable({ ...input, reason: 'server_error' });
    case 'api_connection_error':
      return paymentErrors.stripeUnavailable({ ...input, reason: 'connection' });
    case 'invalid_request_error':
      if (code === 'payment_intent_authentication_failure') {
        return paymentErrors.authenticationRequired({ ...input, code, paymentIntentId: paymentIntentIdOf(raw) });
      }
      if (code === 'idempotency_key_in_use')
        return paymentErrors.idempotencyConflict({ ...input, reason: 'in_progress' });
      if (status === 404 || code === 'resource_missing') return paymentErrors.notFound({ ...input, param: raw.param });
      if (status !== null && status >= 500)
        return paymentErrors.stripeUnavailable({ ...input, reason: 'server_error' });
      return paymentErrors.invalidRequest({ ...input, code, param: raw.param });
    default:
      if (status !== null && status >= 500)
        return paymentErrors.stripeUnavailable({ ...input, reason: 'server_error' });
      return paymentErrors.unexpected({ ...input, name: raw.type ?? null });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

export function isPaymentError(value: unknown): value is PaymentError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    (PAYMENT_ERROR_KINDS as readonly string[]).includes((value as { kind: string }).kind) &&
    typeof (value as { publicMessage?: unknown }).publicMessage === 'string'
  );
}

/**
 * What to tell the customer: a PaymentError's public message, or the mapping of a Stripe error given as data (e.g.
 * the error Stripe.js returned from `confirmPayment`). Never Stripe's raw message.
 */
export function customerMessageFor(error: PaymentError | StripeErrorLike): string {
  return isPaymentError(error) ? error.publicMessage : paymentErrorFromStripe(error).publicMessage;
}

const KEY_OF_MESSAGE = new Map<string, CustomerMessageKey>(
  Object.entries(CUSTOMER_MESSAGES).map(([key, message]) => [message, key as CustomerMessageKey]),
);

/** Which of `CUSTOMER_MESSAGES` to tell the customer (see `customerMessageFor`), for apps that translate them. */
export function customerMessageKeyFor(error: PaymentError | StripeErrorLike): CustomerMessageKey {
  return KEY_OF_MESSAGE.get(customerMessageFor(error)) ?? 'unexpected';
}

/**
 * Whether repeating the very same request (same idempotency key) may succeed without anything changing: rate limits,
 * Stripe being unavailable, and a concurrent request holding the key. Never a card decline, which needs the customer
 * to do something (another card, authenticating) before a new attempt.
 */
export function isRetryable(error: PaymentError): boolean {
  switch (error.kind) {
    case 'rate_limited':
    case 'stripe_unavailable':
      return true;
    case 'idempotency_conflict':
      return error.reason === 'in_progress';
    case 'card_declined':
    case 'authentication_required':
    case 'invalid_request':
    case 'configuration':
    case 'not_found':
    case 'unexpected':
      return false;
  }
}
