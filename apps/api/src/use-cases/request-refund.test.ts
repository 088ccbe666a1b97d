import { describe, expect, it } from 'vitest';
import { requestRefund, type RefundRequestInput } from './request-refund';
import { fakeGateway, stripeDown, stripeRefuses } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';

const support = { id: 'a0000000-0000-4000-8000-00000000000a', email: 'support@shop.test', ip: '203.0.113.9' };

function setup({ amount = 50_000, currency = 'usd' } = {}) {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const { order, payment } = store.paidOrder({ amount, currency });
  stripe.setIntent(payment.paymentIntentId, { status: 'succeeded', amount, currency, amountReceived: amount });
  const ports = {
    refunds: store.refunds,
    paymentTransactions: store.paymentTransactions,
    gateway: stripe.gateway,
    clock: store.clock,
    approvalThresholds: { USD: 500, JPY: 75_000 },
  };
  let keys = 0;
  const refund = (input: Partial<RefundRequestInput> = {}) =>
    requestRefund(ports, {
      orderId: order.id,
      idempotencyKey: `key-${++keys}`,
      reason: 'requested_by_customer',
      actor: support,
      ...input,
    });
  return { store, stripe, order, payment, refund };
}

describe('requestRefund', () => {
  it('sends a refund under the threshold to Stripe with one key per row and our id, and audits both steps', async () => {
    const { refund, stripe, store } = setup();
    const done = await refund({ amount: 1500, note: 'scratched' });
    expect(done).toMatchObject({ ok: true, value: { created: true, refund: { status: 'succeeded', amount: 1500 } } });
    if (!done.ok) return;
    const { id } = done.value.refund;
    expect(stripe.callsOf('createRefund').map((call) => call.input)).toEqual([
      expect.objectContaining({ amount: 1500, ourRefundId: id, idempotencyKey: `storepay-refund-${id}` }),
    ]);
    expect(store.state.audit.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ['refund.requested', 'support@shop.test'],
      ['refund.sent', 'support@shop.test'],
    ]);
  });

  it('refuses more than what is left, and sends nothing', async () => {
    const { refund, stripe } = setup({ amount: 3000 });
    expect((await refund({ amount: 2000 })).ok).toBe(true);
    expect(await refund({ amount: 1001 })).toEqual({
      ok: false,
      error: { kind: 'amount_exceeds_refundable', refundable: 1000, currency: 'usd' },
    });
    expect(stripe.callsOf('createRefund')).toHaveLength(1);
  });

  it('refunds everything that is left when no amount is given, then nothing is left', async () => {
    const { refund } = setup({ amount: 3000 });
    await refund({ amount: 1200 });
    expect(await refund()).toMatchObject({ ok: true, value: { refund: { amount: 1800 } } });
    expect(await refund()).toMatchObject({ ok: false, error: { kind: 'not_refundable' } });
  });

  it('holds a refund above the threshold for approval, asks the admins by email, and sends nothing', async () => {
    const { refund, stripe, store, order } = setup({ amount: 80_000 });
    const held = await refund({ amount: 50_001 });
    expect(held).toMatchObject({ ok: true, value: { refund: { status: 'awaiting_approval' } } });
    expect(stripe.callsOf('createRefund')).toHaveLength(0);
    if (!held.ok) return;
    expect(store.state.outbox.get(`refund-awaiting-approval:${held.value.refund.id}`)).toEqual({
      kind: 'refund.awaiting_approval',
      orderId: order.id,
      payload: { refundId: held.value.refund.id, amount: 50_001, currency: 'usd', reason: 'requested_by_customer' },
    });
  });

  it('counts earlier refunds made without approval, so splitting a large refund does not avoid it', async () => {
    const { refund, stripe } = setup({ amount: 80_000 });
    expect(await refund({ amount: 30_000 })).toMatchObject({ ok: true, value: { refund: { status: 'succeeded' } } });
    expect(await refund({ amount: 20_000 })).toMatchObject({ ok: true, value: { refund: { status: 'succeeded' } } });
    expect(await refund({ amount: 1 })).toMatchObject({ ok: true, value: { refund: { status: 'awaiting_approval' } } });
    expect(stripe.callsOf('createRefund')).toHaveLength(2);
  });

  it('waits for approval in a currency with no threshold, and is exact in yen', async () => {
    const { refund } = setup({ amount: 80_000, currency: 'jpy' });
    expect(await refund({ amount: 75_000 })).toMatchObject({
      ok: true,
      value: { refund: { status: 'succeeded', amount: 75_000 } },
    });
    expect(await refund({ amount: 1 })).toMatchObject({ ok: true, value: { refund: { status: 'awaiting_approval' } } });
    const { refund: inEuro } = setup({ amount: 100, currency: 'eur' });
    expect(await inEuro({ amount: 1 })).toMatchObject({ ok: true, value: { refund: { status: 'awaiting_approval' } } });
  });

  it('answers a copy of a request (same key) with the same refund, and refuses the key for another request', async () => {
    const { refund, stripe } = setup();
    const first = await refund({ amount: 700, idempotencyKey: 'same' });
    const copy = await refund({ amount: 700, idempotencyKey: 'same' });
    expect(copy).toMatchObject({ ok: true, value: { created: false } });
    expect(copy.ok && first.ok && copy.value.refund.id === first.value.refund.id).toBe(true);
    expect(await refund({ amount: 800, idempotencyKey: 'same' })).toEqual({
      ok: false,
      error: { kind: 'idempotency_key_reused', scope: 'refund' },
    });
    expect(stripe.callsOf('createRefund')).toHaveLength(1);
  });

  it('keeps a refund Stripe could not be reached for, and the same request again sends it once', async () => {
    const { refund, stripe, store } = setup();
    stripe.failNext('createRefund', stripeDown());
    expect(await refund({ amount: 900, idempotencyKey: 'retry' })).toMatchObject({
      ok: false,
      error: { kind: 'refund_unsent', error: { kind: 'stripe_unavailable' } },
    });
    const [row] = [...store.state.refunds.values()];
    expect(row).toMatchObject({ status: 'pending', stripeRefundId: null, sendingAt: null });
    expect(await refund({ amount: 900, idempotencyKey: 'retry' })).toMatchObject({
      ok: true,
      value: { created: false, refund: { status: 'succeeded' } },
    });
    expect(stripe.refunds).toHaveLength(1);
  });

  it('fails a refund Stripe refuses for good: its amount is free again', async () => {
    const { refund, stripe } = setup({ amount: 1000 });
    stripe.failNext('createRefund', stripeRefuses());
    expect(await refund({ amount: 1000 })).toMatchObject({
      ok: false,
      error: { kind: 'refund_refused', error: { kind: 'invalid_request' } },
    });
    expect(await refund({ amount: 1000 })).toMatchObject({ ok: true, value: { refund: { status: 'succeeded' } } });
  });

  it('refuses an unknown order, an order without a payment, and a payment that did not succeed', async () => {
    const { refund, store } = setup();
    expect(await refund({ orderId: '00000000-0000-4000-8000-000000000000' })).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'payment' },
    });
    const unpaid = store.addOrder({ amount: 100 });
    expect(await refund({ orderId: unpaid.id })).toMatchObject({ ok: false, error: { kind: 'not_refundable' } });
    store.addPayment({ orderId: unpaid.id, paymentIntentId: 'pi_unpaid', amount: 100, status: 'processing' });
    expect(await refund({ orderId: unpaid.id })).toMatchObject({
      ok: false,
      error: { kind: 'not_refundable', reason: 'the payment is processing, not succeeded' },
    });
  });
});
