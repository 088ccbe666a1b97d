import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../domain/order-status';
import {
  applyDisputeChange,
  applyRefundChanges,
  applyWebhookEvent,
  decideWebhookChange,
  readDisputeObject,
  readRefundObject,
  type OutboxEntry,
  type PaymentAnomalyRecord,
  type PaymentSnapshot,
  type RecordedReview,
  type WebhookEffects,
} from './handlers';
import type { InboxEvent } from './stripe-event-shapes';
import { stripeCharge, stripeEvent, stripePaymentIntent, testPayment } from '../testing';

const ORDER_ID = '6f1c8a52-7d0e-4c43-9f7e-0d3f7c1b2a11';

const PAYMENT = testPayment({ paymentIntentId: 'pi_123', orderId: ORDER_ID, chargeId: 'ch_1', amount: 2500 });

function paymentIntentEvent(
  type: string,
  status: string,
  created: number,
  id: string,
  extra: Record<string, unknown> = {},
): InboxEvent {
  const object = stripePaymentIntent(PAYMENT, status as 'succeeded', { latest_charge: null, ...extra });
  return stripeEvent(type, { ...object, status }, { id, created });
}

const chargeEvent: InboxEvent = stripeEvent('charge.succeeded', stripeCharge(PAYMENT), {
  id: 'evt_charge',
  created: 100,
});

/** An in-memory WebhookEffects: one payment and one order. */
function memoryEffects(orderStatus: OrderStatus = 'pending') {
  const state = {
    payment: null as (PaymentSnapshot & Record<string, unknown>) | null,
    order: {
      id: ORDER_ID,
      status: orderStatus,
      email: 'a@example.com',
      amount: 2500,
      currency: 'usd',
      paymentIntentId: null as string | null,
      livemode: false,
    },
    outbox: new Map<string, OutboxEntry>(),
    anomalies: [] as PaymentAnomalyRecord[],
    reviews: new Map<string, RecordedReview>(),
    warnings: new Map<string, { lastStripeEventAtMs: number | null; actionable: boolean; fraudType: string }>(),
  };
  const effects: WebhookEffects = {
    lockPayment: async () => (state.payment ? { ...state.payment } : null),
    async createPayment(orderId, change) {
      if (orderId !== ORDER_ID) return false;
      state.payment = { orderId, status: change.status, lastStripeEventId: null, lastStripeEventAtMs: null };
      return true;
    },
    async updatePaymentIntent(change) {
      state.payment = {
        ...state.payment!,
        status: change.status,
        amountReceived: change.amountReceived,
        failureCode: change.lastPaymentError?.code ?? null,
        lastStripeEventId: change.eventId,
        lastStripeEventAtMs: change.eventCreatedAtMs,
      };
    },
    async updateCharge(change) {
      state.payment = { ...state.payment!, card: change.card, outcome: change.outcome };
    },
    lockOrder: async (id) => (id === ORDER_ID ? { ...state.order } : null),
    async moveOrder(_id, to) {
      state.order.status = to;
    },
    async recordAnomaly(anomaly) {
      state.anomalies.push(anomaly);
    },
    async enqueueOutbox(entry) {
      if (state.outbox.has(entry.dedupeKey)) return false;
      state.outbox.set(entry.dedupeKey, entry);
      return true;
    },
    // Refunds and disputes: none in these tests (settlement.test.ts covers them).
    findRefund: async () => null,
    async saveRefund() {},
    listRefunds: async () => [],
    async setAmountRefunded() {},
    findDispute: async () => null,
    async saveDispute() {},
    orderSettlement: async () => ({ amountRefunded: 0, disputeStatuses: [] }),
    findReview: async (id) => state.reviews.get(id) ?? null,
    async saveReview(change) {
      state.reviews.set(change.stripeReviewId, {
        open: change.open,
        reason: change.reason,
        closedReason: change.closedReason,
        lastStripeEventAtMs: change.eventCreatedAtMs,
      });
    },
    hasOpenReview: async () => [...state.reviews.values()].some((review) => review.open),
    findEarlyFraudWarning: async (id) => state.warnings.get(id) ?? null,
    async saveEarlyFraudWarning(change) {
      state.warnings.set(change.stripeWarningId, { lastStripeEventAtMs: change.eventCreatedAtMs, ...change });
    },
  };
  return { state, effects };
}

describe('decideWebhookChange', () => {
  it('takes the status from data.object, never from the event name', () => {
    const decided = decideWebhookChange(
      paymentIntentEvent('payment_intent.payment_failed', 'requires_payment_method', 10, 'evt_1', {
        last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Declined' },
        latest_charge: { id: 'ch_0' },
      }),
    );
    expect(decided).toMatchObject({
      ok: true,
      value: {
        kind: 'payment_intent',
        change: {
          paymentIntentId: 'pi_123',
          orderId: ORDER_ID,
          status: 'requires_payment_method',
          orderStatus: 'failed',
          latestChargeId: 'ch_0',
          lastPaymentError: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Declined' },
          position: { terminal: false, createdAtMs: 10_000, rank: 0, eventId: 'evt_1' },
        },
      },
    });
  });

  it.each([
    ['payment_intent.succeeded', 'succeeded', 'paid'],
    ['payment_intent.processing', 'processing', 'processing'],
    ['payment_intent.requires_action', 'requires_action', 'requires_action'],
    ['payment_intent.canceled', 'canceled', 'canceled'],
    ['payment_intent.amount_capturable_updated', 'requires_capture', 'authorized'],
  ])('maps %s to the order status %s implies', (type, status, orderStatus) => {
    const decided = decideWebhookChange(paymentIntentEvent(type, status, 10, 'evt_1'));
    expect(decided.ok && decided.value.kind === 'payment_intent' && decided.value.change.orderStatus).toBe(orderStatus);
  });

  it('reads the card and the outcome of a charge', () => {
    expect(decideWebhookChange(chargeEvent)).toEqual({
      ok: true,
      value: {
        kind: 'charge',
        change: {
          chargeId: 'ch_1',
          paymentIntentId: 'pi_123',
          paymentMethodType: 'card',
          card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2031, country: 'US' },
          outcome: { riskLevel: 'normal', riskScore: 12, type: 'authorized', networkStatus: 'approved_by_network' },
          authorization: null,
        },
      },
    });
  });

  it("reads an uncaptured charge's authorisation: its capture_before, else seven days after the charge", () => {
    const card = { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2031, country: 'US', capture_before: 5000 };
    const withDeadline = stripeEvent(
      'charge.succeeded',
      stripeCharge(PAYMENT, { captured: false, created: 1000, payment_method_details: { type: 'card', card } }),
      { id: 'evt_auth', created: 1000 },
    );
    const decided = decideWebhookChange(withDeadline);
    expect(decided.ok && decided.value.kind === 'charge' && decided.value.change.authorization).toEqual({
      authorizedAtMs: 1_000_000,
      captureBeforeMs: 5_000_000,
    });
    const estimated = stripeEvent('charge.succeeded', stripeCharge(PAYMENT, { captured: false, created: 1000 }), {
      id: 'evt_auth2',
      created: 1000,
    });
    const guessed = decideWebhookChange(estimated);
    expect(guessed.ok && guessed.value.kind === 'charge' && guessed.value.change.authorization).toEqual({
      authorizedAtMs: 1_000_000,
      captureBeforeMs: 1_000_000 + 7 * 24 * 3600_000,
    });
    const captured = decideWebhookChange(
      stripeEvent('charge.captured', stripeCharge(PAYMENT, { captured: true, created: 1000 }), {
        id: 'evt_cap',
        created: 1200,
      }),
    );
    expect(captured.ok && captured.value.kind === 'charge' && captured.value.change.authorization).toBeNull();
  });

  it('ignores types it does not handle, and refuses malformed payloads', () => {
    expect(
      decideWebhookChange({ id: 'evt_x', type: 'customer.created', created: 1, data: { object: {} } }),
    ).toMatchObject({
      ok: true,
      value: { kind: 'ignored' },
    });
    expect(decideWebhookChange(paymentIntentEvent('payment_intent.succeeded', 'bogus', 1, 'evt_x'))).toMatchObject({
      ok: false,
      error: { code: 'malformed_event' },
    });
    expect(
      decideWebhookChange({ id: 'evt_x', type: 'payment_intent.succeeded', created: 1, data: { object: null } }),
    ).toMatchObject({ ok: false });
    expect(
      decideWebhookChange({ ...chargeEvent, data: { object: { object: 'payment_intent', id: 'pi_1' } } }),
    ).toMatchObject({ ok: false });
  });
});

describe('readRefundObject and readDisputeObject (objects listed from the API)', () => {
  it('reads a refund as a refund event is read, and skips one without a PaymentIntent', () => {
    const refund = {
      id: 're_1',
      object: 'refund',
      amount: 700,
      currency: 'usd',
      status: 'succeeded',
      payment_intent: 'pi_1',
      charge: { id: 'ch_1' },
      metadata: { storepay_refund_id: 'row-1' },
      reason: 'duplicate',
      failure_reason: null,
    };
    expect(readRefundObject(refund)).toEqual({
      ok: true,
      value: {
        stripeRefundId: 're_1',
        paymentIntentId: 'pi_1',
        chargeId: 'ch_1',
        ourRefundId: 'row-1',
        amount: 700,
        currency: 'usd',
        status: 'succeeded',
        reason: 'duplicate',
        failureReason: null,
      },
    });
    expect(readRefundObject({ ...refund, payment_intent: null })).toEqual({ ok: true, value: null });
    expect(readRefundObject({ ...refund, status: 'lost' })).toMatchObject({ ok: false });
    expect(readRefundObject('re_1')).toMatchObject({ ok: false });
  });

  it("reads a dispute with the time it was read as its event's time", () => {
    const dispute = {
      id: 'dp_1',
      object: 'dispute',
      amount: 4200,
      currency: 'usd',
      status: 'won',
      reason: 'fraudulent',
      payment_intent: 'pi_1',
      charge: 'ch_1',
      evidence_details: { due_by: 1_790_000_000 },
    };
    expect(readDisputeObject(dispute, 1_790_000_123_456)).toEqual({
      ok: true,
      value: {
        stripeDisputeId: 'dp_1',
        paymentIntentId: 'pi_1',
        chargeId: 'ch_1',
        amount: 4200,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'won',
        evidenceDueByMs: 1_790_000_000_000,
        eventCreatedAtMs: 1_790_000_123_456,
      },
    });
    expect(readDisputeObject({ ...dispute, status: 'reopened' }, 0)).toMatchObject({ ok: false });
  });
});

describe('applyWebhookEvent', () => {
  it('pays the order once and records one fulfilment, however often the event comes', async () => {
    const { state, effects } = memoryEffects();
    const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s');
    expect(await applyWebhookEvent(succeeded, effects)).toEqual({
      ok: true,
      value: { status: 'processed', effect: 'applied', orderStatus: 'paid', fulfilment: true },
    });
    expect(await applyWebhookEvent(succeeded, effects)).toEqual({
      ok: true,
      value: { status: 'processed', effect: 'stale', orderStatus: 'paid', fulfilment: false },
    });
    expect(state.order.status).toBe('paid');
    expect([...state.outbox.values()]).toEqual([
      {
        kind: 'order.paid',
        dedupeKey: `order-paid:${ORDER_ID}`,
        orderId: ORDER_ID,
        payload: {
          orderId: ORDER_ID,
          email: 'a@example.com',
          amount: 2500,
          currency: 'usd',
          paymentIntentId: 'pi_123',
        },
      },
    ]);
  });

  describe('notifications that record what the shopper and staff must be told', () => {
    const refund = (status: 'pending' | 'succeeded') => ({
      stripeRefundId: 're_1',
      paymentIntentId: 'pi_123',
      chargeId: 'ch_1',
      ourRefundId: null,
      amount: 1000,
      currency: 'usd',
      status,
      reason: null,
      failureReason: null,
    });

    it('tells the shopper of a refund once, when it succeeds', async () => {
      const { state, effects } = memoryEffects();
      await applyWebhookEvent(paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s'), effects);
      await applyRefundChanges('pi_123', [refund('pending')], effects);
      expect(state.outbox.has('refund-succeeded:re_1')).toBe(false);
      await applyRefundChanges('pi_123', [refund('succeeded')], effects);
      await applyRefundChanges('pi_123', [refund('succeeded')], effects);
      expect(state.outbox.get('refund-succeeded:re_1')).toEqual({
        kind: 'refund.succeeded',
        dedupeKey: 'refund-succeeded:re_1',
        orderId: ORDER_ID,
        payload: { stripeRefundId: 're_1', amount: 1000, currency: 'usd' },
      });
    });

    it('tells staff of a new dispute once, with its evidence deadline', async () => {
      const { state, effects } = memoryEffects();
      await applyWebhookEvent(paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s'), effects);
      const dispute = {
        stripeDisputeId: 'dp_1',
        paymentIntentId: 'pi_123',
        chargeId: 'ch_1',
        amount: 2500,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response' as const,
        evidenceDueByMs: 1_800_000_000_000,
        eventCreatedAtMs: 1_700_000_000_000,
      };
      await applyDisputeChange(dispute, effects);
      expect(state.outbox.get('dispute-opened:dp_1')).toMatchObject({
        kind: 'dispute.opened',
        orderId: ORDER_ID,
        payload: { amount: 2500, reason: 'fraudulent', evidenceDueByMs: 1_800_000_000_000 },
      });
      // An update of a dispute already recorded tells nobody again.
      state.outbox.clear();
      effects.findDispute = async () => ({ status: 'needs_response', lastStripeEventAtMs: 1_700_000_000_000 });
      await applyDisputeChange({ ...dispute, status: 'under_review', eventCreatedAtMs: 1_700_000_001_000 }, effects);
      expect(state.outbox.size).toBe(0);
    });

    it('tells the shopper when a payment that was processing fails, but not of a card declined at checkout', async () => {
      const declined = memoryEffects();
      await applyWebhookEvent(
        paymentIntentEvent('payment_intent.payment_failed', 'requires_payment_method', 20, 'evt_f'),
        declined.effects,
      );
      expect(declined.state.order.status).toBe('failed');
      expect(declined.state.outbox.size).toBe(0);

      const { state, effects } = memoryEffects();
      await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 20, 'evt_p'), effects);
      expect(state.order.status).toBe('processing');
      await applyWebhookEvent(
        paymentIntentEvent('payment_intent.payment_failed', 'requires_payment_method', 30, 'evt_f'),
        effects,
      );
      expect([...state.outbox.values()]).toEqual([
        {
          kind: 'payment.failed',
          dedupeKey: 'payment.failed:pi_123',
          orderId: ORDER_ID,
          payload: { orderId: ORDER_ID, paymentIntentId: 'pi_123' },
        },
      ]);
    });
  });

  it('confirms an authorised order once (saying it is authorised), then pays it at the capture, in any order', async () => {
    const authorizedEvent = paymentIntentEvent('payment_intent.amount_capturable_updated', 'requires_capture', 20, 'a');
    const captured = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 30, 'evt_c', {
      amount_received: 1200,
    });
    const canceled = paymentIntentEvent('payment_intent.canceled', 'canceled', 30, 'evt_x');
    for (const order of [
      [authorizedEvent, captured],
      [captured, authorizedEvent],
    ]) {
      const { state, effects } = memoryEffects();
      for (const event of order) await applyWebhookEvent(event, effects);
      expect(state.order.status).toBe('paid');
      expect(state.payment).toMatchObject({ status: 'succeeded', amountReceived: 1200 });
      expect(state.outbox.size).toBe(1);
    }
    const { state, effects } = memoryEffects();
    expect(await applyWebhookEvent(authorizedEvent, effects)).toMatchObject({
      value: { effect: 'applied', orderStatus: 'authorized', fulfilment: true },
    });
    expect([...state.outbox.values()][0]?.payload).toMatchObject({ authorized: true, amount: 2500 });
    // Released: the order is canceled; a late authorisation event changes nothing.
    await applyWebhookEvent(canceled, effects);
    expect(await applyWebhookEvent(authorizedEvent, effects)).toMatchObject({ value: { effect: 'stale' } });
    expect(state.order.status).toBe('canceled');
  });

  describe('Radar reviews and early fraud warnings', () => {
    const review = (type: string, open: boolean, created: number, closed: string | null = null) =>
      stripeEvent(
        type,
        {
          id: 'prv_1',
          object: 'review',
          open,
          reason: closed ?? 'rule',
          opened_reason: 'rule',
          closed_reason: closed,
          charge: 'ch_1',
          payment_intent: 'pi_123',
        },
        { id: `evt_${type}_${created}`, created },
      );
    const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s');

    it('holds the fulfilment of an order in review, and records it once when the review is approved', async () => {
      const { state, effects } = memoryEffects();
      await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 19, 'evt_p'), effects);
      expect(await applyWebhookEvent(review('review.opened', true, 19), effects)).toMatchObject({
        value: { effect: 'applied' },
      });
      expect(await applyWebhookEvent(succeeded, effects)).toMatchObject({
        value: { orderStatus: 'paid', fulfilment: false },
      });
      expect(state.outbox.size).toBe(0);
      expect(await applyWebhookEvent(review('review.closed', false, 30, 'approved'), effects)).toMatchObject({
        value: { effect: 'applied', fulfilment: true },
      });
      // A late `review.opened` never reopens it; a repeat of the close records nothing more.
      expect(await applyWebhookEvent(review('review.opened', true, 40), effects)).toMatchObject({
        value: { effect: 'stale' },
      });
      await applyWebhookEvent(review('review.closed', false, 30, 'approved'), effects);
      expect([...state.outbox.keys()]).toEqual([`order-paid:${ORDER_ID}`]);
    });

    it('holds the fulfilment of a payment that names its review before the review.opened event arrives', async () => {
      const { state, effects } = memoryEffects();
      const inReview = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 19, 'evt_0', { review: 'prv_1' });
      // Events of one second are worked in id order, so the payment's may come first.
      expect(await applyWebhookEvent(inReview, effects)).toMatchObject({
        value: { orderStatus: 'paid', fulfilment: false },
      });
      await applyWebhookEvent(review('review.opened', true, 19), effects);
      expect(state.outbox.size).toBe(0);
      expect(await applyWebhookEvent(review('review.closed', false, 30, 'approved'), effects)).toMatchObject({
        value: { fulfilment: true },
      });
      expect([...state.outbox.keys()]).toEqual([`order-paid:${ORDER_ID}`]);
    });

    it('fulfils a payment whose review closed approved before its success arrived, and never a refused one', async () => {
      const approved = memoryEffects();
      await applyWebhookEvent(
        paymentIntentEvent('payment_intent.processing', 'processing', 19, 'evt_p'),
        approved.effects,
      );
      await applyWebhookEvent(review('review.closed', false, 30, 'approved'), approved.effects);
      const named = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 31, 'evt_s', { review: 'prv_1' });
      expect(await applyWebhookEvent(named, approved.effects)).toMatchObject({ value: { fulfilment: true } });

      const refused = memoryEffects();
      await applyWebhookEvent(
        paymentIntentEvent('payment_intent.processing', 'processing', 19, 'evt_p'),
        refused.effects,
      );
      await applyWebhookEvent(review('review.closed', false, 30, 'refunded_as_fraud'), refused.effects);
      expect(await applyWebhookEvent(named, refused.effects)).toMatchObject({ value: { fulfilment: false } });
      expect(refused.state.outbox.size).toBe(0);
    });

    it('releases nothing when the review closes because the payment was refunded', async () => {
      const { state, effects } = memoryEffects();
      await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 19, 'evt_p'), effects);
      await applyWebhookEvent(review('review.opened', true, 19), effects);
      await applyWebhookEvent(succeeded, effects);
      await applyWebhookEvent(review('review.closed', false, 30, 'refunded_as_fraud'), effects);
      expect(state.outbox.size).toBe(0);
    });

    it('records an early fraud warning and tells staff once', async () => {
      const { state, effects } = memoryEffects();
      await applyWebhookEvent(succeeded, effects);
      const warning = (type: string, actionable: boolean, created: number) =>
        stripeEvent(
          type,
          {
            id: 'issfr_1',
            object: 'radar.early_fraud_warning',
            actionable,
            fraud_type: 'made_with_stolen_card',
            charge: 'ch_1',
            payment_intent: 'pi_123',
          },
          { id: `evt_${type}`, created },
        );
      await applyWebhookEvent(warning('radar.early_fraud_warning.created', true, 30), effects);
      await applyWebhookEvent(warning('radar.early_fraud_warning.updated', false, 40), effects);
      expect(await applyWebhookEvent(warning('radar.early_fraud_warning.created', true, 30), effects)).toMatchObject({
        value: { effect: 'stale' },
      });
      expect(state.warnings.get('issfr_1')).toMatchObject({ actionable: false, fraudType: 'made_with_stolen_card' });
      expect([...state.outbox.values()].map((entry) => entry.kind)).toEqual([
        'order.paid',
        'radar.early_fraud_warning',
      ]);
    });
  });

  it('does not regress on a late payment_failed', async () => {
    const { state, effects } = memoryEffects();
    await applyWebhookEvent(paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s'), effects);
    const late = paymentIntentEvent('payment_intent.payment_failed', 'requires_payment_method', 19, 'evt_f', {
      last_payment_error: { code: 'card_declined' },
    });
    expect(await applyWebhookEvent(late, effects)).toMatchObject({ ok: true, value: { effect: 'stale' } });
    expect(state.payment).toMatchObject({ status: 'succeeded', failureCode: null, lastStripeEventId: 'evt_s' });
    expect(state.order.status).toBe('paid');
  });

  it('records the fulfilment of an order that another path had already paid', async () => {
    const { state, effects } = memoryEffects('paid');
    const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s');
    expect(await applyWebhookEvent(succeeded, effects)).toMatchObject({
      value: { effect: 'applied', orderStatus: 'paid', fulfilment: true },
    });
    expect(state.outbox.size).toBe(1);
  });

  it('moves the order only forward, even for an event newer than the payment', async () => {
    const { state, effects } = memoryEffects('canceled');
    await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 20, 'evt_p'), effects);
    expect(state.payment?.status).toBe('processing');
    expect(state.order.status).toBe('canceled');
  });

  it('keeps an expired order expired through its cancellation, but pays and flags it when money arrives anyway', async () => {
    const canceled = memoryEffects('expired');
    await applyWebhookEvent(paymentIntentEvent('payment_intent.canceled', 'canceled', 20, 'evt_c'), canceled.effects);
    expect(canceled.state.order.status).toBe('expired');
    expect(canceled.state.anomalies).toEqual([]);

    const { state, effects } = memoryEffects('expired');
    const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s');
    expect(await applyWebhookEvent(succeeded, effects)).toMatchObject({
      value: { effect: 'applied', orderStatus: 'paid', fulfilment: true },
    });
    expect(state.order.status).toBe('paid');
    expect(state.anomalies).toEqual([
      {
        kind: 'paid_after_expiry',
        expected: 'expired',
        actual: 'paid',
        orderId: ORDER_ID,
        paymentIntentId: 'pi_123',
        eventId: 'evt_s',
        source: 'webhook',
      },
    ]);
    // Applied again (a duplicate delivery), nothing more happens.
    await applyWebhookEvent(succeeded, effects);
    expect(state.anomalies).toHaveLength(1);
  });

  it('writes a charge onto its payment, and ignores events of payments that are not ours', async () => {
    const { state, effects } = memoryEffects();
    expect(await applyWebhookEvent(chargeEvent, effects)).toMatchObject({ ok: true, value: { status: 'ignored' } });
    await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 20, 'evt_p'), effects);
    expect(await applyWebhookEvent(chargeEvent, effects)).toMatchObject({ ok: true, value: { status: 'processed' } });
    expect(state.payment).toMatchObject({ card: { last4: '4242' }, outcome: { riskLevel: 'normal' } });
    const foreign = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_o', { metadata: {} });
    expect(await applyWebhookEvent(foreign, memoryEffects().effects)).toMatchObject({ value: { status: 'ignored' } });
  });

  describe('only the order’s own PaymentIntent, for its amount, currency and mode, pays it', () => {
    it('flags a PaymentIntent that is not the one checkout recorded, and leaves the order unpaid', async () => {
      const { state, effects } = memoryEffects();
      state.order.paymentIntentId = 'pi_recorded';
      const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s');
      expect(await applyWebhookEvent(succeeded, effects)).toEqual({
        ok: true,
        value: { status: 'processed', effect: 'flagged', anomaly: 'foreign_payment_intent', orderId: ORDER_ID },
      });
      expect(state.order.status).toBe('pending');
      expect(state.payment).toBeNull(); // never attached to the order
      expect(state.outbox.size).toBe(0);
      expect(state.anomalies).toEqual([
        {
          kind: 'foreign_payment_intent',
          expected: 'pi_recorded',
          actual: 'pi_123',
          orderId: ORDER_ID,
          paymentIntentId: 'pi_123',
          eventId: 'evt_s',
          source: 'webhook',
        },
      ]);
    });

    it.each([
      ['amount_mismatch', { amount: 1, amount_received: 1 }],
      ['currency_mismatch', { currency: 'jpy' }],
      ['livemode_mismatch', { livemode: true }],
    ])('flags %s on the recorded PaymentIntent: its facts are mirrored, the order is not paid', async (kind, extra) => {
      const { state, effects } = memoryEffects();
      state.order.paymentIntentId = 'pi_123';
      await applyWebhookEvent(paymentIntentEvent('payment_intent.processing', 'processing', 10, 'evt_p'), effects);
      const succeeded = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s', extra);
      expect(await applyWebhookEvent(succeeded, effects)).toMatchObject({
        value: { effect: 'flagged', anomaly: kind },
      });
      expect(state.payment).toMatchObject({ status: 'succeeded', lastStripeEventId: 'evt_s' });
      expect(state.order.status).toBe('processing');
      expect(state.outbox.size).toBe(0);
      expect(state.anomalies.map((a) => a.kind)).toEqual([kind]);
    });

    it('flags a mismatched PaymentIntent that checkout never recorded, without making it the order’s payment', async () => {
      const { state, effects } = memoryEffects();
      const cheap = paymentIntentEvent('payment_intent.succeeded', 'succeeded', 20, 'evt_s', { amount: 50 });
      expect(await applyWebhookEvent(cheap, effects)).toMatchObject({
        value: { effect: 'flagged', anomaly: 'amount_mismatch' },
      });
      expect(state.payment).toBeNull();
      expect(state.order.status).toBe('pending');
    });
  });
});
