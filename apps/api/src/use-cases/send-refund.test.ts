import { describe, expect, it } from 'vitest';
import { ADOPT_AFTER_MS, SENDING_LEASE_MS, sendRefund, sendUnsentRefunds } from './send-refund';
import { fakeGateway } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';

function setup() {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const { payment } = store.paidOrder({ amount: 5000 });
  stripe.setIntent(payment.paymentIntentId, { status: 'succeeded', amount: 5000, amountReceived: 5000 });
  const ports = {
    refunds: store.refunds,
    paymentTransactions: store.paymentTransactions,
    gateway: stripe.gateway,
    clock: store.clock,
  };
  const pending = store.addRefund({ paymentId: payment.id, amount: 1000, status: 'pending', reason: 'duplicate' });
  const stored = () => store.refunds.find(pending.id).then((refund) => refund!);
  return { store, stripe, ports, pending, stored, payment };
}

describe('sendRefund', () => {
  it('sends once while another sender holds the lease, and again after the lease expires', async () => {
    const { ports, stored, stripe, store } = setup();
    const claim = await store.refunds.claimForSending((await stored()).id, SENDING_LEASE_MS);
    expect(claim).not.toBeNull();
    expect(await sendRefund(ports, await stored(), null)).toMatchObject({
      kind: 'done',
      refund: { stripeRefundId: null },
    });
    expect(stripe.calls).toEqual([]);
    store.clock.advance(SENDING_LEASE_MS + 1);
    expect(await sendRefund(ports, await stored(), null)).toMatchObject({
      kind: 'done',
      refund: { status: 'succeeded' },
    });
    expect(stripe.callsOf('createRefund')).toHaveLength(1);
  });

  it('looks for an old refund at Stripe before sending it again, so a lost answer never becomes a second refund', async () => {
    const { ports, stored, stripe, pending, payment, store } = setup();
    stripe.refunds.push({
      stripeRefundId: 're_earlier',
      paymentIntentId: payment.paymentIntentId,
      chargeId: null,
      ourRefundId: pending.id,
      amount: 1000,
      currency: 'usd',
      status: 'succeeded',
      reason: 'duplicate',
      failureReason: null,
    });
    store.clock.advance(ADOPT_AFTER_MS + 1);
    expect(await sendRefund(ports, await stored(), null)).toMatchObject({
      kind: 'done',
      refund: { stripeRefundId: 're_earlier', status: 'succeeded' },
    });
    expect(stripe.callsOf('createRefund')).toEqual([]);
  });
});

describe('sendUnsentRefunds', () => {
  it('sends only the pending refunds nobody touched for a minute, and counts what reached Stripe', async () => {
    const { ports, store, stripe } = setup();
    expect(await sendUnsentRefunds(ports)).toBe(0);
    store.clock.advance(61_000);
    expect(await sendUnsentRefunds(ports)).toBe(1);
    expect(await sendUnsentRefunds(ports)).toBe(0);
    expect(stripe.refunds).toHaveLength(1);
  });
});
