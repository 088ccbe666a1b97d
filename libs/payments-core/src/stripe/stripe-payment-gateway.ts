import type Stripe from 'stripe';
import { parsePaymentIntentId } from '../domain/ids';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../domain/idempotency-key';
import { paymentErrors, type PaymentError } from '../domain/payment-errors';
import { err, ok, type Result } from '../domain/result';
import { parseCurrency } from '../money/currency';
import { money } from '../money/money';
import {
  STRIPE_PAYMENT_INTENT_STATUSES,
  type CancelPaymentIntentInput,
  type CapturePaymentIntentInput,
  type CreateCustomerInput,
  type CreatePaymentIntentInput,
  type CreateRefundInput,
  type PaymentGateway,
  type PaymentIntentSnapshot,
  type StripePaymentIntentStatus,
} from './payment-gateway';
import {
  readDisputeObject,
  readRefundObject,
  readReviewObject,
  type MalformedWebhookEvent,
} from '../webhooks/handlers';
import { STOREPAY_REFUND_METADATA_KEY } from '../webhooks/settlement';
import { withRateLimitRetry, type RateLimitRetryOptions } from './rate-limit-retry';

export interface StripePaymentGatewayOptions {
  /** Retries after a 429, with the same idempotency key (stripe-node does not retry those). Default 3. */
  rateLimitRetries?: number;
  /** First backoff after a 429 in ms, doubling and jittered. Default 500; tests use a few ms. */
  rateLimitBaseDelayMs?: number;
  /** Longest backoff after a 429 in ms. Default 8000. */
  rateLimitMaxDelayMs?: number;
  /**
   * Per-request timeout in ms for this gateway's calls. Default: the client's own (10 s from `createStripeClient`).
   * stripe-node retries a timed-out request (`maxNetworkRetries`) with the same idempotency key.
   */
  requestTimeoutMs?: number;
  /** Told about each 429 retry (for logs and metrics). */
  onRetry?: RateLimitRetryOptions['onRetry'];
}

/** Every write needs a key of 1 to 255 characters: without one a retry could repeat the write. */
function idempotencyKeyProblem(key: unknown): PaymentError | null {
  if (typeof key === 'string' && key.trim() !== '' && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return null;
  return paymentErrors.invalidRequest({
    param: 'idempotencyKey',
    code: 'parameter_invalid',
    message: `an idempotency key of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters is required`,
  });
}

function isKnownStatus(status: string): status is StripePaymentIntentStatus {
  return (STRIPE_PAYMENT_INTENT_STATUSES as readonly string[]).includes(status);
}

/** Reads what the system needs from a PaymentIntent; anything it cannot represent is an `unexpected` error. */
export function toPaymentIntentSnapshot(intent: Stripe.PaymentIntent): Result<PaymentIntentSnapshot, PaymentError> {
  const id = parsePaymentIntentId(intent.id);
  const currency = parseCurrency(intent.currency);
  const problem = !id
    ? `malformed PaymentIntent id ${JSON.stringify(intent.id)}`
    : !currency
      ? `PaymentIntent ${intent.id} is in an unsupported currency ${JSON.stringify(intent.currency)}`
      : !isKnownStatus(intent.status)
        ? `PaymentIntent ${intent.id} has an unknown status ${JSON.stringify(intent.status)}`
        : !Number.isSafeInteger(intent.amount) || !Number.isSafeInteger(intent.amount_received)
          ? `PaymentIntent ${intent.id} has a non-integer amount`
          : null;
  if (problem || !id || !currency || !isKnownStatus(intent.status)) {
    return err(paymentErrors.unexpected({ message: problem, name: 'UnreadablePaymentIntent' }));
  }
  const last = intent.last_payment_error;
  const latestCharge = intent.latest_charge;
  return ok({
    id,
    status: intent.status,
    amount: money(intent.amount, currency),
    amountReceived: intent.amount_received,
    amountCapturable: intent.amount_capturable ?? 0,
    captureMethod: intent.capture_method === 'manual' ? 'manual' : 'automatic',
    clientSecret: intent.client_secret ?? null,
    latestChargeId: typeof latestCharge === 'string' ? latestCharge : (latestCharge?.id ?? null),
    reviewId: typeof intent.review === 'string' ? intent.review : (intent.review?.id ?? null),
    lastPaymentError: last
      ? {
          type: last.type,
          code: last.code ?? null,
          declineCode: last.decline_code ?? null,
          message: last.message ?? null,
        }
      : null,
    metadata: { ...(intent.metadata ?? {}) },
    livemode: intent.livemode,
  });
}

/** Most objects one listing reads: a PaymentIntent has a handful of refunds and disputes at most. */
const MAX_LISTED = 1000;

/**
 * Reads every page of a listing (stripe-node's auto-pagination) as plain JSON, through `read` (the handlers'
 * parsers); an object `read` finds malformed is an `unexpected` error, one without a PaymentIntent is skipped.
 */
async function listAll<T>(
  items: AsyncIterable<unknown>,
  read: (object: unknown) => Result<T | null, MalformedWebhookEvent>,
): Promise<Result<T[], PaymentError>> {
  const listed: T[] = [];
  for await (const item of items) {
    const parsed = read(JSON.parse(JSON.stringify(item)) as unknown);
    if (!parsed.ok) return err(paymentErrors.unexpected({ message: parsed.error.message, name: 'UnreadableObject' }));
    if (parsed.value) listed.push(parsed.value);
    if (listed.length >= MAX_LISTED) break;
  }
  return ok(listed);
}

/**
 * The PaymentGateway over stripe-node. The only code (with the rest of src/stripe/) that talks to the SDK: every
 * call returns a Result, every error is mapped to the PaymentError union, every write carries the caller's
 * idempotency key (also on retries), and 429s are retried here with backoff while stripe-node retries connection
 * errors, timeouts, 409 and 5xx (`maxNetworkRetries` of the client from `createStripeClient`).
 */
export function createStripePaymentGateway(stripe: Stripe, options: StripePaymentGatewayOptions = {}): PaymentGateway {
  const retry: RateLimitRetryOptions = {
    retries: options.rateLimitRetries,
    baseDelayMs: options.rateLimitBaseDelayMs,
    maxDelayMs: options.rateLimitMaxDelayMs,
    onRetry: options.onRetry,
  };
  const timeout = options.requestTimeoutMs === undefined ? {} : { timeout: options.requestTimeoutMs };

  async function read(call: () => Promise<Stripe.PaymentIntent>): Promise<Result<PaymentIntentSnapshot, PaymentError>> {
    const result = await withRateLimitRetry(call, retry);
    return result.ok ? toPaymentIntentSnapshot(result.value) : result;
  }

  /** A whole listing, started again from its first page after a 429. */
  async function list<T>(listing: () => Promise<Result<T[], PaymentError>>): Promise<Result<T[], PaymentError>> {
    const result = await withRateLimitRetry(listing, retry);
    return result.ok ? result.value : result;
  }

  return {
    async createPaymentIntent(input: CreatePaymentIntentInput) {
      const key = input.idempotencyKey;
      const invalidKey = idempotencyKeyProblem(key);
      if (invalidKey) return err(invalidKey);
      const params: Stripe.PaymentIntentCreateParams = {
        amount: input.amount.amount,
        currency: input.amount.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        description: input.description,
        receipt_email: input.email,
        metadata: { ...input.metadata, order_id: input.orderId },
        ...(input.customer ? { customer: input.customer } : {}),
        ...(input.captureMethod === 'manual' ? { capture_method: 'manual' as const } : {}),
      };
      return read(() => stripe.paymentIntents.create(params, { idempotencyKey: key, ...timeout }));
    },

    async createRefund(input: CreateRefundInput) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const params: Stripe.RefundCreateParams = {
        payment_intent: input.paymentIntentId,
        amount: input.amount,
        reason: input.reason,
        metadata: { [STOREPAY_REFUND_METADATA_KEY]: input.ourRefundId },
      };
      const created = await withRateLimitRetry(
        () => stripe.refunds.create(params, { idempotencyKey: input.idempotencyKey, ...timeout }),
        retry,
      );
      if (!created.ok) return created;
      const facts = readRefundObject(JSON.parse(JSON.stringify(created.value)) as unknown);
      if (!facts.ok || !facts.value) {
        return err(
          paymentErrors.unexpected({ message: 'Stripe answered with an unreadable refund', name: 'UnreadableObject' }),
        );
      }
      return ok(facts.value);
    },

    async retrievePaymentIntent(id) {
      return read(() => stripe.paymentIntents.retrieve(id, {}, timeout));
    },

    async createCustomer(input: CreateCustomerInput) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const created = await withRateLimitRetry(
        () =>
          stripe.customers.create(
            { email: input.email, metadata: { storepay_customer_id: input.accountId } },
            { idempotencyKey: input.idempotencyKey, ...timeout },
          ),
        retry,
      );
      return created.ok ? ok({ id: created.value.id }) : created;
    },

    async createCustomerSession({ customer, idempotencyKey }) {
      const invalidKey = idempotencyKeyProblem(idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const created = await withRateLimitRetry(
        () =>
          stripe.customerSessions.create(
            {
              customer,
              components: {
                payment_element: {
                  enabled: true,
                  features: {
                    payment_method_save: 'enabled',
                    payment_method_redisplay: 'enabled',
                    payment_method_save_usage: 'off_session',
                  },
                },
              },
            },
            { idempotencyKey, ...timeout },
          ),
        retry,
      );
      return created.ok ? ok(created.value.client_secret) : created;
    },

    async listSavedCards(customer) {
      const [cards, owner] = await Promise.all([
        withRateLimitRetry(
          () => stripe.customers.listPaymentMethods(customer, { type: 'card', limit: 100 }, timeout),
          retry,
        ),
        withRateLimitRetry(() => stripe.customers.retrieve(customer, {}, timeout), retry),
      ]);
      if (!cards.ok) return cards;
      if (!owner.ok) return owner;
      const settings = 'deleted' in owner.value && owner.value.deleted ? null : (owner.value as Stripe.Customer);
      const defaultMethod = settings?.invoice_settings?.default_payment_method;
      return ok({
        cards: cards.value.data.map((method) => ({
          id: method.id,
          brand: method.card?.brand ?? 'card',
          last4: method.card?.last4 ?? '',
          expMonth: method.card?.exp_month ?? 0,
          expYear: method.card?.exp_year ?? 0,
        })),
        defaultId: typeof defaultMethod === 'string' ? defaultMethod : (defaultMethod?.id ?? null),
      });
    },

    async detachPaymentMethod({ paymentMethod, idempotencyKey }) {
      const invalidKey = idempotencyKeyProblem(idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const detached = await withRateLimitRetry(
        () => stripe.paymentMethods.detach(paymentMethod, {}, { idempotencyKey, ...timeout }),
        retry,
      );
      return detached.ok ? ok(null) : detached;
    },

    async setDefaultPaymentMethod({ customer, paymentMethod, idempotencyKey }) {
      const invalidKey = idempotencyKeyProblem(idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const updated = await withRateLimitRetry(
        () =>
          stripe.customers.update(
            customer,
            { invoice_settings: { default_payment_method: paymentMethod } },
            { idempotencyKey, ...timeout },
          ),
        retry,
      );
      return updated.ok ? ok(null) : updated;
    },

    async deleteCustomer({ customer, idempotencyKey }) {
      const invalidKey = idempotencyKeyProblem(idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const deleted = await withRateLimitRetry(
        () => stripe.customers.del(customer, {}, { idempotencyKey, ...timeout }),
        retry,
      );
      if (deleted.ok || deleted.error.kind === 'not_found') return ok(null);
      return deleted;
    },

    async createSetupIntent({ customer, idempotencyKey }) {
      const invalidKey = idempotencyKeyProblem(idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const created = await withRateLimitRetry(
        () =>
          stripe.setupIntents.create(
            { customer, usage: 'off_session', automatic_payment_methods: { enabled: true } },
            { idempotencyKey, ...timeout },
          ),
        retry,
      );
      if (!created.ok) return created;
      return created.value.client_secret
        ? ok(created.value.client_secret)
        : err(
            paymentErrors.unexpected({
              message: 'Stripe answered a SetupIntent without its client secret',
              name: 'NoClientSecret',
            }),
          );
    },

    async cancelPaymentIntent(input: CancelPaymentIntentInput) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      return read(() =>
        stripe.paymentIntents.cancel(
          input.paymentIntentId,
          { cancellation_reason: input.reason },
          { idempotencyKey: input.idempotencyKey, ...timeout },
        ),
      );
    },

    async capturePaymentIntent(input: CapturePaymentIntentInput) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      return read(() =>
        stripe.paymentIntents.capture(
          input.paymentIntentId,
          input.amountToCapture === undefined ? {} : { amount_to_capture: input.amountToCapture },
          { idempotencyKey: input.idempotencyKey, ...timeout },
        ),
      );
    },

    async approveReview(input) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const approved = await withRateLimitRetry(
        () => stripe.reviews.approve(input.reviewId, {}, { idempotencyKey: input.idempotencyKey, ...timeout }),
        retry,
      );
      if (!approved.ok) return approved;
      const facts = readReviewObject(JSON.parse(JSON.stringify(approved.value)) as unknown, Date.now());
      if (!facts.ok || !facts.value) {
        return err(
          paymentErrors.unexpected({ message: 'Stripe answered with an unreadable review', name: 'UnreadableObject' }),
        );
      }
      return ok(facts.value);
    },

    async updateDisputeEvidence(input) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const updated = await withRateLimitRetry(
        () =>
          stripe.disputes.update(
            input.disputeId,
            { evidence: input.evidence, submit: input.submit },
            { idempotencyKey: input.idempotencyKey, ...timeout },
          ),
        retry,
      );
      if (!updated.ok) return updated;
      const facts = readDisputeObject(JSON.parse(JSON.stringify(updated.value)) as unknown, Date.now());
      if (!facts.ok || !facts.value) {
        return err(
          paymentErrors.unexpected({ message: 'Stripe answered with an unreadable dispute', name: 'UnreadableObject' }),
        );
      }
      return ok(facts.value);
    },

    async uploadDisputeFile(input) {
      const invalidKey = idempotencyKeyProblem(input.idempotencyKey);
      if (invalidKey) return err(invalidKey);
      const uploaded = await withRateLimitRetry(
        () =>
          stripe.files.create(
            {
              purpose: 'dispute_evidence',
              file: { data: Buffer.from(input.data), name: input.name, type: input.type },
            },
            { idempotencyKey: input.idempotencyKey, ...timeout },
          ),
        retry,
      );
      return uploaded.ok ? ok({ id: uploaded.value.id }) : uploaded;
    },

    async listRefunds(id) {
      return list(() => listAll(stripe.refunds.list({ payment_intent: id, limit: 100 }, timeout), readRefundObject));
    },

    async listDisputes(id) {
      const observedAtMs = Date.now();
      return list(() =>
        listAll(stripe.disputes.list({ payment_intent: id, limit: 100 }, timeout), (object) =>
          readDisputeObject(object, observedAtMs),
        ),
      );
    },
  };
}
