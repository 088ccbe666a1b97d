import {
  formatMoney,
  money,
  parseCurrency,
  type PaymentError,
  type PaymentErrorKind,
  type Result,
  type WebhookRejectionReason,
} from '@storepay/payments-core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Refusal, RefusalKind, RefusalOf } from '../use-cases/refusals';

/** An error the API answers with its own status and code; the message is safe to show to a client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Details for the logs only, never sent to the client. */
    readonly internalMessage?: string,
    /** Response headers that go with this answer (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** An amount in minor units as people read it (`$12.50`), or `<minor units> <currency>` for a currency we lack. */
function formatted(amount: number, currency: string): string {
  const code = parseCurrency(currency);
  return code ? formatMoney(money(amount, code)) : `${amount} ${currency}`;
}

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
export function paymentHttpError(error: PaymentError, message = error.publicMessage): HttpError {
  const { status, code } = PAYMENT_ERROR_HTTP[error.kind];
  return new HttpError(status, code, message, undefined, error.internalMessage);
}

/** Refused webhook deliveries: 400 (413 for the body's size), with the reason as the code. */
const WEBHOOK_REJECTIONS: Record<WebhookRejectionReason, { status: number; message: string }> = {
  missing_signature: { status: 400, message: 'The Stripe-Signature header is missing.' },
  invalid_signature: { status: 400, message: 'The Stripe-Signature header does not match the body.' },
  stale_timestamp: { status: 400, message: "The signature's timestamp is outside the tolerance." },
  invalid_json: { status: 400, message: 'The body is not JSON.' },
  not_an_event: { status: 400, message: 'The body is not a Stripe event.' },
  payload_too_large: { status: 413, message: 'The body is too large.' },
};

const http = (
  statusCode: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
  internalMessage?: string,
) => new HttpError(statusCode, code, message, fields, internalMessage);

/**
 * The one table from a use case's refusal to its HTTP answer: status, stable code, a message safe to show, the
 * fields to fix. Exhaustive by type: a new kind of refusal does not compile until it has its row.
 */
const REFUSAL_HTTP: { [K in RefusalKind]: (refusal: RefusalOf<K>) => HttpError } = {
  not_found: ({ what }) => http(404, 'not_found', `No ${what} has this id.`),
  invalid_cart: ({ fields }) => http(400, 'validation_failed', 'The order cannot be placed.', fields),
  idempotency_key_reused: ({ scope }) =>
    scope === 'checkout'
      ? http(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different checkout; use a new key for a new order.',
        )
      : http(422, 'idempotency_key_reused', `This Idempotency-Key was used for another ${scope} request.`, {
          'Idempotency-Key': `was used for another ${scope} request`,
        }),
  payment_failed: ({ error }) => paymentHttpError(error),
  payment_setup_failed: () => http(502, 'payment_provider_error', 'The payment could not be set up.'),
  order_expired: () =>
    http(
      409,
      'order_expired',
      'This order expired before it was paid; start a new checkout (with a new Idempotency-Key).',
    ),
  not_refundable: ({ reason }) => http(422, 'not_refundable', `This payment cannot be refunded: ${reason}.`),
  amount_exceeds_refundable: ({ refundable, currency }) =>
    http(422, 'amount_exceeds_refundable', 'The amount is more than what is left to refund.', {
      amount: `must be at most ${formatted(refundable, currency)} (${refundable} minor units)`,
    }),
  refund_refused: ({ error }) =>
    http(422, 'refund_refused', `Stripe refused this refund: ${error.publicMessage}`, undefined, error.internalMessage),
  refund_unsent: ({ error }) =>
    paymentHttpError(
      error,
      'The refund is recorded but Stripe could not be reached. Send the same request again (same Idempotency-Key).',
    ),
  not_capturable: ({ reason }) =>
    http(409, 'not_capturable', `This payment has no authorisation to capture or release: ${reason}.`),
  authorization_decided: ({ action, status }) =>
    http(
      409,
      'authorization_decided',
      status === 'failed'
        ? `Stripe refused this ${action === 'capture' ? 'capture' : 'release'} before; decide again with a new Idempotency-Key.`
        : `This authorisation is ${status === 'pending' ? 'being' : 'already'} ${action === 'capture' ? 'captured' : 'released'}.`,
    ),
  amount_exceeds_capturable: ({ capturable, currency }) =>
    http(422, 'amount_exceeds_capturable', 'The amount is more than the authorisation holds.', {
      amount: `must be at most ${formatted(capturable, currency)} (${capturable} minor units)`,
    }),
  authorization_refused: ({ error }) =>
    http(422, 'authorization_refused', `Stripe refused this: ${error.publicMessage}`, undefined, error.internalMessage),
  authorization_unsent: ({ error }) =>
    paymentHttpError(
      error,
      'The decision is recorded but Stripe could not be reached. Send the same request again (same Idempotency-Key).',
    ),
  dispute_closed: ({ status }) =>
    http(409, 'dispute_closed', `This dispute is ${status}: its evidence can no longer change.`),
  evidence_submitted: () =>
    http(409, 'evidence_submitted', 'The evidence was submitted already; Stripe takes evidence once.'),
  evidence_invalid: ({ field, problem }) =>
    http(422, 'evidence_invalid', 'The evidence is not acceptable.', { [field]: problem }),
  evidence_refused: ({ error }) =>
    http(422, 'evidence_refused', `Stripe refused this: ${error.publicMessage}`, undefined, error.internalMessage),
  evidence_unsent: ({ error }) =>
    paymentHttpError(error, 'Stripe could not be reached: the evidence was not sent. Try again.'),
  review_closed: ({ closedReason }) =>
    http(409, 'review_closed', `This review is closed already (${closedReason}): there is nothing to decide.`),
  review_decided: ({ decision }) => http(409, 'review_decided', `This review was ${decision} by another member.`),
  review_refused: ({ error }) =>
    http(422, 'review_refused', `Stripe refused this: ${error.publicMessage}`, undefined, error.internalMessage),
  review_unsent: ({ error }) => paymentHttpError(error, 'Stripe could not be reached: nothing was decided. Try again.'),
  not_awaiting_approval: ({ status }) =>
    http(409, 'not_awaiting_approval', `This refund is ${status}, not awaiting approval.`),
  own_request: () => http(403, 'own_request', 'Another admin must approve a refund you asked for.'),
  created_by_requester: () =>
    http(
      403,
      'created_by_requester',
      'An admin account created by the requester (or that created it) cannot approve their refunds: ask another admin.',
    ),
  no_longer_refundable: () =>
    http(
      409,
      'not_refundable',
      'The payment cannot give this amount any more (it was refunded elsewhere since); reject this refund.',
    ),
  not_sendable: ({ status, sent }) => http(409, 'not_sendable', `This refund is ${status}${sent ? ' and sent' : ''}.`),
  invalid_credentials: () => http(401, 'invalid_credentials', 'The email or password is wrong.'),
  sign_in_link_invalid: () =>
    http(
      400,
      'sign_in_link_invalid',
      'This sign-in link was used already, has expired or is unknown: ask for a new one.',
    ),
  rate_limited: ({ retryAfterSeconds }) =>
    new HttpError(
      429,
      'rate_limited',
      `Too many requests. Try again in ${retryAfterSeconds} s.`,
      undefined,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  weak_password: ({ field, problem }) =>
    http(400, 'validation_failed', `The ${field} cannot be used.`, { [field]: problem }),
  password_change_required: () =>
    http(403, 'password_change_required', 'An admin asked you to change your password before anything else.'),
  email_taken: () => http(409, 'email_taken', 'A staff member with this email exists.', { email: 'is taken' }),
  slug_taken: () => http(409, 'slug_taken', 'Another product has this slug.', { slug: 'is taken' }),
  invalid_product: ({ field, problem }) =>
    http(400, 'validation_failed', `The product cannot be saved: its ${field} ${problem}.`, { [field]: problem }),
  own_admin_role: () => http(409, 'own_admin_role', 'Ask another admin to change your own role or access.'),
  last_admin: () => http(409, 'last_admin', 'This is the last active admin: make another admin first.'),
  in_progress: () => http(409, 'in_progress', 'A worker is processing this event right now.'),
  notification_not_replayable: () =>
    http(
      409,
      'not_replayable',
      'This notification is waiting to be sent or was sent: only a failed one is sent again.',
    ),
  reconciliation_failed: ({ detail }) =>
    http(502, 'reconciliation_failed', 'The reconciliation could not read Stripe; see its run.', undefined, detail),
  webhooks_not_configured: () => http(503, 'webhooks_not_configured', 'Webhooks are not configured on this server.'),
  webhook_rejected: ({ reason }) => http(WEBHOOK_REJECTIONS[reason].status, reason, WEBHOOK_REJECTIONS[reason].message),
};

/** The HTTP error a refusal is answered with. */
export function refusalError(refusal: Refusal): HttpError {
  return (REFUSAL_HTTP[refusal.kind] as (refusal: Refusal) => HttpError)(refusal);
}

/** A use case's value, or its refusal thrown as the HTTP error the app's error handler answers. */
export function orThrow<T>(result: Result<T, Refusal>): T {
  if (result.ok) return result.value;
  throw refusalError(result.error);
}

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

const body = (code: string, message: string, fields?: Record<string, string>): ErrorBody => ({
  error: fields ? { code, message, fields } : { code, message },
});

/** Fastify's own client errors, by code, answered with a stable code of ours. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/**
 * The one table from errors to HTTP: validation → 400 with the fields that are wrong, HttpError → its status,
 * Fastify client errors → their 4xx, anything else → 500 whose body never carries internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(body('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'request';
        fields[path] ??= issue.message ?? 'is invalid';
      }
      return reply.code(400).send(body('validation_failed', 'The request is invalid.', fields));
    }
    if (error instanceof HttpError) {
      if (error.statusCode >= 500)
        request.log.error({ code: error.code, detail: error.internalMessage }, error.message);
      else if (error.internalMessage)
        request.log.info({ code: error.code, detail: error.internalMessage }, error.message);
      if (error.headers) void reply.headers(error.headers);
      return reply.code(error.statusCode).send(body(error.code, error.message, error.fields));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CLIENT_ERRORS[error.code]) ?? 'invalid_request';
      return reply.code(status).send(body(code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status >= 500 ? status : 500).send(body('internal_error', 'Something went wrong on our side.'));
  });
}
