import { describe, expect, it } from 'vitest';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';
import { approveReview, refuseReview } from './work-reviews';

const support = { id: 'a0000000-0000-4000-8000-00000000000a', email: 'support@shop.test', ip: '203.0.113.9' };
const other = { id: 'b0000000-0000-4000-8000-00000000000b', email: 'other@shop.test', ip: '203.0.113.10' };

async function setup({ amount = 5000 } = {}) {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const { order, payment } = store.paidOrder({ amount });
  stripe.setIntent(payment.paymentIntentId, { status: 'succeeded', amount, amountReceived: amount });
  const opened = {
    stripeReviewId: 'prv_1',
    paymentIntentId: payment.paymentIntentId,
    chargeId: 'ch_1',
    open: true,
    reason: 'rule',
    openedReason: 'rule',
    closedReason: null,
    eventCreatedAtMs: store.clock.now().getTime(),
  };
  stripe.reviews.set('prv_1', opened);
  await store.paymentTransactions.run((tx) => tx.saveReview(opened));
  const reviewId = store.state.reviews.get('prv_1')!.id;
  const ports = {
    refunds: store.refunds,
    paymentTransactions: store.paymentTransactions,
    gateway: stripe.gateway,
    clock: store.clock,
    approvalThresholds: { USD: 1000 },
    reviews: {
      find: async (id: string) => store.paymentTransactions.run((tx) => tx.lockReview(id)),
    },
  };
  return { store, stripe, order, payment, ports, reviewId };
}

describe('approveReview', () => {
  it('approves at Stripe with a key per review, closes it, releases the fulfilment and audits it', async () => {
    const { ports, reviewId, stripe, store, order } = await setup();
    const done = await approveReview(ports, { reviewId, note: 'known customer', actor: support });
    expect(done).toMatchObject({ ok: true, value: { review: { decision: 'approved', open: false } } });
    expect(stripe.callsOf('approveReview')[0]?.input).toEqual({
      reviewId: 'prv_1',
      idempotencyKey: `storepay-review-approve-${reviewId}`,
    });
    expect(store.state.reviews.get('prv_1')).toMatchObject({ open: false, closedReason: 'approved' });
    expect([...store.state.outbox.keys()]).toEqual([`order-paid:${order.id}`]);
    expect(store.state.audit.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ['review.approved', 'support@shop.test'],
    ]);
  });

  it('lets one member decide: a second decision is refused', async () => {
    const { ports, reviewId } = await setup();
    expect((await approveReview(ports, { reviewId, actor: support })).ok).toBe(true);
    expect(await refuseReview(ports, { reviewId, actor: other })).toEqual({
      ok: false,
      error: { kind: 'review_decided', decision: 'approved' },
    });
  });

  it('gives the decision back when Stripe cannot be reached, so it can be made again', async () => {
    const { ports, reviewId, stripe, store } = await setup();
    stripe.failNext('approveReview', stripeDown());
    expect(await approveReview(ports, { reviewId, actor: support })).toMatchObject({
      ok: false,
      error: { kind: 'review_unsent' },
    });
    expect(store.state.reviews.get('prv_1')).toMatchObject({ decision: null, open: true });
    expect((await approveReview(ports, { reviewId, actor: support })).ok).toBe(true);
  });
});

describe('refuseReview', () => {
  it('refunds the payment in full as fraudulent and audits the refusal', async () => {
    const { ports, reviewId, stripe, store } = await setup({ amount: 800 });
    const done = await refuseReview(ports, { reviewId, actor: support });
    expect(done).toMatchObject({
      ok: true,
      value: { review: { decision: 'refused' }, refund: { amount: 800, reason: 'fraudulent' }, released: null },
    });
    expect(stripe.callsOf('createRefund')[0]?.input).toMatchObject({ amount: 800, reason: 'fraudulent' });
    expect(store.state.audit.map((entry) => entry.action)).toEqual([
      'refund.requested',
      'refund.sent',
      'review.refused',
    ]);
  });

  it('waits for a second admin above the approval threshold, the refusal recorded meanwhile', async () => {
    const { ports, reviewId, stripe } = await setup({ amount: 500_000 });
    const done = await refuseReview(ports, { reviewId, actor: support });
    expect(done).toMatchObject({ ok: true, value: { refund: { status: 'awaiting_approval' } } });
    expect(stripe.callsOf('createRefund')).toHaveLength(0);
  });

  it('refuses a review that is closed already', async () => {
    const { ports, reviewId, store } = await setup();
    store.state.reviews.get('prv_1')!.open = false;
    expect(await refuseReview(ports, { reviewId, actor: support })).toMatchObject({
      ok: false,
      error: { kind: 'review_closed' },
    });
  });
});
