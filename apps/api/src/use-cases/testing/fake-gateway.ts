// A fake of the PaymentGateway port for use-case unit tests: an in-memory Stripe that keeps PaymentIntents and
// refunds, honours idempotency keys like Stripe does (the same key answers the first result), records every call,
// and fails on request.
import {
  err,
  money,
  ok,
  parseCurrency,
  paymentErrors,
  type DisputeChange,
  type PaymentError,
  type PaymentIntentId,
  type RefundChange,
  type ReviewChange,
} from '@storepay/payments-core';
import type { PaymentGateway, PaymentIntentSnapshot, SavedCard } from '@storepay/payments-core/server';

type Method = keyof PaymentGateway;

export const stripeDown = (): PaymentError =>
  paymentErrors.stripeUnavailable({ reason: 'connection', message: 'connect ECONNREFUSED' });
export const stripeRefuses = (): PaymentError =>
  paymentErrors.invalidRequest({ code: 'charge_already_refunded', message: 'Charge has already been refunded.' });

/** The statuses Stripe lets a PaymentIntent be canceled from. */
const CANCELABLE: readonly string[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
];

export function fakeGateway() {
  const intents = new Map<string, PaymentIntentSnapshot>();
  const refunds: RefundChange[] = [];
  const disputes: DisputeChange[] = [];
  const reviews = new Map<string, ReviewChange>();
  const customers = new Map<string, { email: string; accountId: string }>();
  const cards = new Map<string, SavedCard & { customer: string }>();
  const defaults = new Map<string, string>();
  const byKey = new Map<string, unknown>();
  const calls: { method: Method; input: unknown }[] = [];
  const failures: { method: Method; error: PaymentError }[] = [];
  let sequence = 0;

  function failed(method: Method): PaymentError | null {
    const index = failures.findIndex((failure) => failure.method === method);
    if (index < 0) return null;
    return failures.splice(index, 1)[0]!.error;
  }

  const gateway: PaymentGateway = {
    async createPaymentIntent(input) {
      calls.push({ method: 'createPaymentIntent', input });
      const failure = failed('createPaymentIntent');
      if (failure) return err(failure);
      const known = byKey.get(input.idempotencyKey) as PaymentIntentSnapshot | undefined;
      if (known) return ok(known);
      const id = `pi_fake${++sequence}` as PaymentIntentId;
      const intent: PaymentIntentSnapshot = {
        id,
        status: 'requires_payment_method',
        amount: input.amount,
        amountReceived: 0,
        amountCapturable: 0,
        captureMethod: input.captureMethod ?? 'automatic',
        clientSecret: `${id}_secret_fake`,
        latestChargeId: null,
        reviewId: null,
        lastPaymentError: null,
        metadata: { order_id: input.orderId, ...input.metadata },
        livemode: false,
      };
      intents.set(id, intent);
      byKey.set(input.idempotencyKey, intent);
      return ok(intent);
    },
    async retrievePaymentIntent(id) {
      calls.push({ method: 'retrievePaymentIntent', input: id });
      const failure = failed('retrievePaymentIntent');
      if (failure) return err(failure);
      const intent = intents.get(id);
      return intent ? ok(intent) : err(paymentErrors.notFound({ message: `No such payment_intent: ${id}` }));
    },
    async listRefunds(id) {
      calls.push({ method: 'listRefunds', input: id });
      const failure = failed('listRefunds');
      return failure ? err(failure) : ok(refunds.filter((refund) => refund.paymentIntentId === id));
    },
    async listDisputes(id) {
      calls.push({ method: 'listDisputes', input: id });
      const failure = failed('listDisputes');
      return failure ? err(failure) : ok(disputes.filter((dispute) => dispute.paymentIntentId === id));
    },
    async createRefund(input) {
      calls.push({ method: 'createRefund', input });
      const failure = failed('createRefund');
      if (failure) return err(failure);
      const known = byKey.get(input.idempotencyKey) as RefundChange | undefined;
      if (known) return ok(known);
      const intent = intents.get(input.paymentIntentId);
      const refund: RefundChange = {
        stripeRefundId: `re_fake${++sequence}`,
        paymentIntentId: input.paymentIntentId,
        chargeId: intent?.latestChargeId ?? null,
        ourRefundId: input.ourRefundId,
        amount: input.amount,
        currency: intent?.amount.currency ?? 'usd',
        status: 'succeeded',
        reason: input.reason,
        failureReason: null,
      };
      refunds.push(refund);
      byKey.set(input.idempotencyKey, refund);
      return ok(refund);
    },
    async createCustomer(input) {
      calls.push({ method: 'createCustomer', input });
      const failure = failed('createCustomer');
      if (failure) return err(failure);
      const known = byKey.get(input.idempotencyKey) as { id: string } | undefined;
      if (known) return ok(known);
      const customer = { id: `cus_fake${++sequence}` };
      customers.set(customer.id, { email: input.email, accountId: input.accountId });
      byKey.set(input.idempotencyKey, customer);
      return ok(customer);
    },
    async createCustomerSession(input) {
      calls.push({ method: 'createCustomerSession', input });
      const failure = failed('createCustomerSession');
      if (failure) return err(failure);
      return ok(`cuss_fake_${input.customer}_secret_${input.idempotencyKey}`);
    },
    async listSavedCards(customer) {
      calls.push({ method: 'listSavedCards', input: customer });
      const failure = failed('listSavedCards');
      if (failure) return err(failure);
      const owned = [...cards.values()].filter((card) => card.customer === customer);
      return ok({
        cards: owned.map(({ customer: _owner, ...card }) => card),
        defaultId: defaults.get(customer) ?? null,
      });
    },
    async detachPaymentMethod(input) {
      calls.push({ method: 'detachPaymentMethod', input });
      const failure = failed('detachPaymentMethod');
      if (failure) return err(failure);
      cards.delete(input.paymentMethod);
      return ok(null);
    },
    async setDefaultPaymentMethod(input) {
      calls.push({ method: 'setDefaultPaymentMethod', input });
      const failure = failed('setDefaultPaymentMethod');
      if (failure) return err(failure);
      defaults.set(input.customer, input.paymentMethod);
      return ok(null);
    },
    async deleteCustomer(input) {
      calls.push({ method: 'deleteCustomer', input });
      const failure = failed('deleteCustomer');
      if (failure) return err(failure);
      for (const [id, card] of cards) if (card.customer === input.customer) cards.delete(id);
      return ok(null);
    },
    async createSetupIntent(input) {
      calls.push({ method: 'createSetupIntent', input });
      const failure = failed('createSetupIntent');
      if (failure) return err(failure);
      return ok(`seti_fake${++sequence}_secret_x`);
    },
    async updateDisputeEvidence(input) {
      calls.push({ method: 'updateDisputeEvidence', input });
      const failure = failed('updateDisputeEvidence');
      if (failure) return err(failure);
      const dispute = disputes.find((each) => each.stripeDisputeId === input.disputeId);
      if (!dispute) return err(paymentErrors.notFound({ message: `No such dispute: ${input.disputeId}` }));
      if (input.submit) dispute.status = dispute.status.startsWith('warning') ? 'warning_under_review' : 'under_review';
      return ok({ ...dispute, eventCreatedAtMs: Date.now() });
    },
    async uploadDisputeFile(input) {
      calls.push({ method: 'uploadDisputeFile', input });
      const failure = failed('uploadDisputeFile');
      if (failure) return err(failure);
      return ok({ id: `file_fake${++sequence}` });
    },
    async approveReview(input) {
      calls.push({ method: 'approveReview', input });
      const failure = failed('approveReview');
      if (failure) return err(failure);
      const review = reviews.get(input.reviewId);
      if (!review) return err(paymentErrors.notFound({ message: `No such review: ${input.reviewId}` }));
      if (!review.open && byKey.get(input.idempotencyKey) === undefined) {
        return err(paymentErrors.invalidRequest({ code: 'review_closed', message: 'This review is already closed.' }));
      }
      const approved: ReviewChange = { ...review, open: false, reason: 'approved', closedReason: 'approved' };
      reviews.set(input.reviewId, approved);
      byKey.set(input.idempotencyKey, approved);
      return ok(approved);
    },
    async capturePaymentIntent(input) {
      calls.push({ method: 'capturePaymentIntent', input });
      const failure = failed('capturePaymentIntent');
      if (failure) return err(failure);
      const known = byKey.get(input.idempotencyKey) as PaymentIntentSnapshot | undefined;
      if (known) return ok(known);
      const intent = intents.get(input.paymentIntentId);
      if (!intent) return err(paymentErrors.notFound({ message: `No such payment_intent: ${input.paymentIntentId}` }));
      if (intent.status !== 'requires_capture') {
        return err(
          paymentErrors.invalidRequest({
            code: 'payment_intent_unexpected_state',
            message: `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
          }),
        );
      }
      const amount = input.amountToCapture ?? intent.amountCapturable;
      if (amount > intent.amountCapturable) {
        return err(paymentErrors.invalidRequest({ code: 'amount_too_large', message: 'amount_to_capture too large' }));
      }
      const captured = { ...intent, status: 'succeeded' as const, amountReceived: amount, amountCapturable: 0 };
      intents.set(intent.id, captured);
      byKey.set(input.idempotencyKey, captured);
      return ok(captured);
    },
    async cancelPaymentIntent(input) {
      calls.push({ method: 'cancelPaymentIntent', input });
      const failure = failed('cancelPaymentIntent');
      if (failure) return err(failure);
      const known = byKey.get(input.idempotencyKey) as PaymentIntentSnapshot | undefined;
      if (known) return ok(known);
      const intent = intents.get(input.paymentIntentId);
      if (!intent) return err(paymentErrors.notFound({ message: `No such payment_intent: ${input.paymentIntentId}` }));
      if (!CANCELABLE.includes(intent.status)) {
        return err(
          paymentErrors.invalidRequest({
            code: 'payment_intent_unexpected_state',
            message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
          }),
        );
      }
      const canceled = { ...intent, status: 'canceled' as const, amountCapturable: 0 };
      intents.set(intent.id, canceled);
      byKey.set(input.idempotencyKey, canceled);
      return ok(canceled);
    },
  };

  return {
    gateway,
    customers,
    cards,
    /** A card saved to a Customer, as a checkout with "save" or a SetupIntent leaves it. */
    saveCard(customer: string, card: SavedCard) {
      cards.set(card.id, { ...card, customer });
    },
    intents,
    refunds,
    disputes,
    /** Radar reviews as Stripe has them, by id. */
    reviews,
    calls,
    /** The calls of one method, in order. */
    callsOf: (method: Method) => calls.filter((call) => call.method === method),
    /** The next `times` calls of `method` fail with `error`. */
    failNext(method: Method, error: PaymentError, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ method, error });
    },
    /** A PaymentIntent as Stripe has it (e.g. paid, for a refresh or a drift check to find). */
    setIntent(
      id: string,
      changes: Omit<Partial<PaymentIntentSnapshot>, 'amount'> & { amount?: number; currency?: string },
    ) {
      const current = intents.get(id);
      const currency = parseCurrency(changes.currency ?? current?.amount.currency ?? 'usd')!;
      const { amount, currency: _currency, ...rest } = changes;
      const intent: PaymentIntentSnapshot = {
        id: id as PaymentIntentId,
        status: 'requires_payment_method',
        amountReceived: 0,
        amountCapturable: 0,
        captureMethod: 'automatic',
        clientSecret: `${id}_secret_fake`,
        latestChargeId: null,
        reviewId: null,
        lastPaymentError: null,
        metadata: {},
        livemode: false,
        ...current,
        ...rest,
        amount: money(amount ?? current?.amount.amount ?? 0, currency),
      };
      intents.set(id, intent);
      return intent;
    },
  };
}
