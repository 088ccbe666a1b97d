import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../domain/order-status';
import {
  applyWebhookEvent,
  decideWebhookChange,
  type DisputeChange,
  type RefundChange,
  type WebhookEffects,
} from './handlers';
import {
  isNewerDisputeEvent,
  refundedAmount,
  settledOrderStatus,
  shouldApplyRefundStatus,
  STOREPAY_REFUND_METADATA_KEY,
  type StripeDisputeStatus,
} from './settlement';
import type { InboxEvent } from './stripe-event-shapes';
import type { RefundStatus } from '../domain/refund-status';
import { permutations, stripeDispute, stripeEvent, stripeRefund, testPayment } from '../testing';

const ORDER_ID = '6f1c8a52-7d0e-4c43-9f7e-0d3f7c1b2a11';
const OUR_REFUND_ID = '0b7e4c1a-2d3f-4a5b-8c9d-0e1f2a3b4c5d';

const PAYMENT = testPayment({ paymentIntentId: 'pi_123', orderId: ORDER_ID, chargeId: 'ch_1', amount: 2500 });

const event = (id: string, type: string, created: number, object: Record<string, unknown>): InboxEvent =>
  stripeEvent(type, object, { id, created });

const refundObject = (id: string, amount: number, status: string, extra: Record<string, unknown> = {}) =>
  stripeRefund(PAYMENT, { id, amount, status: status as 'succeeded', ...extra });

const disputeObject = (status: string) =>
  stripeDispute(PAYMENT, { id: 'dp_1', status: status as 'lost', evidence_details: { due_by: 2_000 } });

/** An in-memory WebhookEffects with one paid payment, its order, refunds and disputes. */
function memoryEffects(orderStatus: OrderStatus = 'paid') {
  const state = {
    order: {
      id: ORDER_ID,
      status: orderStatus,
      email: 'a@example.com',
      amount: 2500,
      currency: 'usd',
      paymentIntentId: 'pi_123',
      livemode: false,
    },
    amountRefunded: 0,
    refunds: new Map<string, { stripeRefundId: string | null; amount: number; status: RefundStatus; source: string }>(),
    disputes: new Map<string, DisputeChange>(),
  };
  let next = 0;
  const effects: WebhookEffects = {
    lockPayment: async (id) =>
      id === 'pi_123'
        ? { orderId: ORDER_ID, status: 'succeeded', lastStripeEventId: 'evt_0', lastStripeEventAtMs: 1_000 }
        : null,
    createPayment: async () => false,
    async updatePaymentIntent() {},
    async updateCharge() {},
    lockOrder: async (id) => (id === ORDER_ID ? { ...state.order } : null),
    async moveOrder(_id, to) {
      state.order.status = to;
    },
    enqueueOutbox: async () => true,
    async recordAnomaly() {
      throw new Error('no anomaly in these tests');
    },
    async findRefund(_pi, stripeRefundId, ourRefundId) {
      if (ourRefundId && state.refunds.has(ourRefundId)) return { id: ourRefundId, ...state.refunds.get(ourRefundId)! };
      for (const [id, refund] of state.refunds) if (refund.stripeRefundId === stripeRefundId) return { id, ...refund };
      return null;
    },
    async saveRefund(existingId, change: RefundChange, applyStatus) {
      const id = existingId ?? `r${next++}`;
      const current = state.refunds.get(id);
      state.refunds.set(id, {
        stripeRefundId: change.stripeRefundId,
        amount: change.amount,
        status: applyStatus || !current ? change.status : current.status,
        source: current?.source ?? (change.ourRefundId ? 'admin' : 'stripe'),
      });
    },
    listRefunds: async () => [...state.refunds.values()],
    async setAmountRefunded(_pi, amount) {
      state.amountRefunded = amount;
    },
    findDispute: async (id) => {
      const dispute = state.disputes.get(id);
      return dispute ? { status: dispute.status, lastStripeEventAtMs: dispute.eventCreatedAtMs } : null;
    },
    async saveDispute(change) {
      state.disputes.set(change.stripeDisputeId, change);
    },
    orderSettlement: async () => ({
      amountRefunded: state.amountRefunded,
      disputeStatuses: [...state.disputes.values()].map((dispute) => dispute.status),
    }),
    findReview: async () => null,
    async saveReview() {},
    hasOpenReview: async () => false,
    findEarlyFraudWarning: async () => null,
    async saveEarlyFraudWarning() {},
  };
  return { state, effects };
}

describe('settlement rules', () => {
  it('moves a refund status only forward; a failure after success applies', () => {
    expect(shouldApplyRefundStatus(null, 'pending')).toBe(true);
    expect(shouldApplyRefundStatus('awaiting_approval', 'pending')).toBe(true);
    expect(shouldApplyRefundStatus('succeeded', 'pending')).toBe(false);
    expect(shouldApplyRefundStatus('succeeded', 'succeeded')).toBe(true);
    expect(shouldApplyRefundStatus('succeeded', 'failed')).toBe(true);
    expect(shouldApplyRefundStatus('failed', 'succeeded')).toBe(false);
  });

  it('counts pending, requires_action and succeeded refunds', () => {
    expect(
      refundedAmount([
        { amount: 100, status: 'pending' },
        { amount: 200, status: 'succeeded' },
        { amount: 400, status: 'failed' },
        { amount: 800, status: 'canceled' },
        { amount: 1600, status: 'awaiting_approval' },
        { amount: 3200, status: 'requires_action' },
      ]),
    ).toBe(3500);
  });

  it('derives the settled order status', () => {
    const none: StripeDisputeStatus[] = [];
    expect(settledOrderStatus(2500, { amountRefunded: 0, disputeStatuses: none })).toBe('paid');
    expect(settledOrderStatus(2500, { amountRefunded: 1000, disputeStatuses: none })).toBe('partially_refunded');
    expect(settledOrderStatus(2500, { amountRefunded: 2500, disputeStatuses: none })).toBe('refunded');
    expect(settledOrderStatus(2500, { amountRefunded: 0, disputeStatuses: ['needs_response'] })).toBe('disputed');
    expect(settledOrderStatus(2500, { amountRefunded: 0, disputeStatuses: ['lost'] })).toBe('disputed');
    expect(settledOrderStatus(2500, { amountRefunded: 1000, disputeStatuses: ['won'] })).toBe('partially_refunded');
    // Half of the authorization captured: refunding that half refunds the order.
    expect(settledOrderStatus(2500, { amountRefunded: 1250, amountCaptured: 1250, disputeStatuses: none })).toBe(
      'refunded',
    );
    expect(settledOrderStatus(2500, { amountRefunded: 600, amountCaptured: 1250, disputeStatuses: none })).toBe(
      'partially_refunded',
    );
  });

  it('guards a dispute by closed-ness, then event time, then status rank', () => {
    expect(isNewerDisputeEvent({ status: 'needs_response', createdAtMs: 10 }, null)).toBe(true);
    expect(isNewerDisputeEvent({ status: 'needs_response', createdAtMs: 10 }, { status: 'won', createdAtMs: 5 })).toBe(
      false,
    );
    expect(
      isNewerDisputeEvent({ status: 'needs_response', createdAtMs: 5 }, { status: 'under_review', createdAtMs: 10 }),
    ).toBe(false);
    expect(
      isNewerDisputeEvent({ status: 'under_review', createdAtMs: 10 }, { status: 'needs_response', createdAtMs: 10 }),
    ).toBe(true);
    expect(isNewerDisputeEvent({ status: 'won', createdAtMs: 5 }, { status: 'under_review', createdAtMs: 10 })).toBe(
      true,
    );
  });
});

describe('decideWebhookChange for refunds and disputes', () => {
  it('reads a refund, our tag and its failure', () => {
    const decided = decideWebhookChange(
      event(
        'evt_r',
        'refund.failed',
        10,
        refundObject('re_1', 500, 'failed', {
          failure_reason: 'expired_or_canceled_card',
          metadata: { [STOREPAY_REFUND_METADATA_KEY]: OUR_REFUND_ID },
        }),
      ),
    );
    expect(decided).toEqual({
      ok: true,
      value: {
        kind: 'refund',
        change: {
          stripeRefundId: 're_1',
          paymentIntentId: 'pi_123',
          chargeId: 'ch_1',
          ourRefundId: OUR_REFUND_ID,
          amount: 500,
          currency: 'usd',
          status: 'failed',
          reason: null,
          failureReason: 'expired_or_canceled_card',
        },
      },
    });
  });

  it('reads the expanded refunds of a charge.refunded', () => {
    const decided = decideWebhookChange(
      event('evt_c', 'charge.refunded', 10, {
        object: 'charge',
        id: 'ch_1',
        payment_intent: 'pi_123',
        amount_refunded: 500,
        refunds: { object: 'list', data: [refundObject('re_1', 500, 'succeeded', { payment_intent: undefined })] },
      }),
    );
    expect(decided).toMatchObject({
      ok: true,
      value: {
        kind: 'charge_refunded',
        change: { amountRefunded: 500, refunds: [{ stripeRefundId: 're_1', paymentIntentId: 'pi_123' }] },
      },
    });
  });

  it('takes the dispute status from the object, not the event name', () => {
    const decided = decideWebhookChange(event('evt_d', 'charge.dispute.closed', 10, disputeObject('lost')));
    expect(decided).toMatchObject({
      ok: true,
      value: { kind: 'dispute', change: { status: 'lost', evidenceDueByMs: 2_000_000, eventCreatedAtMs: 10_000 } },
    });
    expect(decideWebhookChange(event('evt_d', 'charge.dispute.closed', 10, disputeObject('bogus')))).toMatchObject({
      ok: false,
    });
  });
});

describe('applyWebhookEvent for refunds and disputes', () => {
  const partial = [
    event('evt_p1', 'refund.created', 20, refundObject('re_1', 1000, 'pending')),
    event('evt_p2', 'refund.updated', 21, refundObject('re_1', 1000, 'succeeded')),
  ];
  const full = [
    event('evt_f1', 'refund.created', 30, refundObject('re_2', 1500, 'pending')),
    event('evt_f2', 'charge.refunded', 30, {
      object: 'charge',
      id: 'ch_1',
      payment_intent: 'pi_123',
      amount_refunded: 2500,
    }),
    event('evt_f3', 'charge.refund.updated', 31, refundObject('re_2', 1500, 'succeeded')),
  ];

  it('ends partially refunded, then refunded, with one stripe-sourced row per refund, in every order', async () => {
    for (const order of permutations([...partial, ...full].slice(0, 5))) {
      const { state, effects } = memoryEffects();
      for (const e of [...order, ...order]) expect((await applyWebhookEvent(e, effects)).ok).toBe(true);
      expect(state.order.status).toBe('refunded');
      expect(state.amountRefunded).toBe(2500);
      expect([...state.refunds.values()].map((r) => [r.stripeRefundId, r.status, r.source]).sort()).toEqual([
        ['re_1', 'succeeded', 'stripe'],
        ['re_2', 'succeeded', 'stripe'],
      ]);
    }
    const { state, effects } = memoryEffects();
    for (const e of partial) await applyWebhookEvent(e, effects);
    expect(state.order.status).toBe('partially_refunded');
  });

  it('updates our tagged row instead of adding one, and a failed refund moves the order back', async () => {
    const { state, effects } = memoryEffects();
    state.refunds.set(OUR_REFUND_ID, { stripeRefundId: null, amount: 2500, status: 'pending', source: 'admin' });
    const tag = { metadata: { [STOREPAY_REFUND_METADATA_KEY]: OUR_REFUND_ID } };
    await applyWebhookEvent(event('evt_1', 'refund.created', 20, refundObject('re_9', 2500, 'pending', tag)), effects);
    expect(state.refunds.size).toBe(1);
    expect(state.refunds.get(OUR_REFUND_ID)).toMatchObject({ stripeRefundId: 're_9', source: 'admin' });
    expect(state.order.status).toBe('refunded');
    await applyWebhookEvent(event('evt_2', 'refund.failed', 30, refundObject('re_9', 2500, 'failed', tag)), effects);
    expect(state.amountRefunded).toBe(0);
    expect(state.order.status).toBe('paid');
    // A late `refund.created` does not revive it.
    await applyWebhookEvent(event('evt_1', 'refund.created', 20, refundObject('re_9', 2500, 'pending', tag)), effects);
    expect(state.refunds.get(OUR_REFUND_ID)?.status).toBe('failed');
    expect(state.order.status).toBe('paid');
  });

  it('disputes the order, returns it when won, keeps it disputed when lost, and ignores a late event', async () => {
    const { state, effects } = memoryEffects();
    await applyWebhookEvent(event('evt_d1', 'charge.dispute.created', 20, disputeObject('needs_response')), effects);
    expect(state.order.status).toBe('disputed');
    await applyWebhookEvent(event('evt_d2', 'charge.dispute.closed', 30, disputeObject('won')), effects);
    expect(state.order.status).toBe('paid');
    const late = await applyWebhookEvent(
      event('evt_d3', 'charge.dispute.updated', 25, disputeObject('under_review')),
      effects,
    );
    expect(late).toMatchObject({ ok: true, value: { effect: 'stale' } });
    expect(state.order.status).toBe('paid');

    const lost = memoryEffects();
    await applyWebhookEvent(event('evt_d2', 'charge.dispute.closed', 30, disputeObject('lost')), lost.effects);
    expect(lost.state.order.status).toBe('disputed');
  });

  it('leaves an order that is not paid yet, and ignores a refund of no payment of ours', async () => {
    const { state, effects } = memoryEffects('pending');
    await applyWebhookEvent(partial[0]!, effects);
    expect(state.order.status).toBe('pending');
    expect(state.amountRefunded).toBe(1000);
    const foreign = event(
      'evt_x',
      'refund.created',
      20,
      refundObject('re_x', 1, 'pending', { payment_intent: 'pi_x' }),
    );
    expect(await applyWebhookEvent(foreign, effects)).toMatchObject({ ok: true, value: { status: 'ignored' } });
  });
});
