import { describe, expect, it } from 'vitest';
import { approveRefund, rejectRefund, resendRefund } from './decide-refund';
import { requestRefund } from './request-refund';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';

const support = { id: 'a0000000-0000-4000-8000-00000000000a', email: 'support@shop.test' };
const admin = { id: 'b0000000-0000-4000-8000-00000000000b', email: 'admin@shop.test' };

/** Who created whose account: the four-eyes rule reads this chain. */
const createdBy = new Map<string, string>();
const staff = {
  async creators(id: string) {
    const chain: string[] = [];
    for (let at = createdBy.get(id); at; at = createdBy.get(at)) chain.push(at);
    return chain;
  },
};

async function setup(amount = 80_000) {
  createdBy.clear();
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const { order, payment } = store.paidOrder({ amount });
  const ports = {
    staff,
    refunds: store.refunds,
    paymentTransactions: store.paymentTransactions,
    gateway: stripe.gateway,
    clock: store.clock,
  };
  const asked = await requestRefund(
    { ...ports, approvalThresholds: { USD: 500 } },
    { orderId: order.id, idempotencyKey: 'big', amount: 60_000, reason: 'requested_by_customer', actor: support },
  );
  if (!asked.ok) throw new Error(JSON.stringify(asked.error));
  return { store, stripe, ports, payment, refundId: asked.value.refund.id };
}

describe('approveRefund and rejectRefund', () => {
  it('lets a second admin approve, then sends the refund; the approval is audited', async () => {
    const { ports, refundId, stripe, store } = await setup();
    expect(await approveRefund(ports, { refundId, actor: admin })).toMatchObject({
      ok: true,
      value: { status: 'succeeded', approvedBy: { id: admin.id } },
    });
    expect(stripe.callsOf('createRefund')).toHaveLength(1);
    expect(store.state.audit.map((entry) => entry.action)).toEqual([
      'refund.requested',
      'refund.approved',
      'refund.sent',
    ]);
    expect(await approveRefund(ports, { refundId, actor: admin })).toEqual({
      ok: false,
      error: { kind: 'not_awaiting_approval', status: 'succeeded' },
    });
  });

  it('never lets the admin who asked approve', async () => {
    const { ports, refundId, stripe } = await setup();
    expect(await approveRefund(ports, { refundId, actor: support })).toEqual({
      ok: false,
      error: { kind: 'own_request' },
    });
    expect(stripe.calls).toEqual([]);
  });

  it('never lets an account the requester created approve, nor the requester’s creator, however far up', async () => {
    const { ports, refundId, stripe } = await setup();
    const sock = { id: 'c0000000-0000-4000-8000-00000000000c', email: 'sock@shop.test' };
    const sockOfSock = { id: 'd0000000-0000-4000-8000-00000000000d', email: 'sock2@shop.test' };
    createdBy.set(sock.id, support.id);
    createdBy.set(sockOfSock.id, sock.id);
    for (const actor of [sock, sockOfSock]) {
      expect(await approveRefund(ports, { refundId, actor })).toEqual({
        ok: false,
        error: { kind: 'created_by_requester' },
      });
    }
    // The other way round: the requester's account was made by the would-be approver.
    createdBy.clear();
    createdBy.set(support.id, admin.id);
    expect(await approveRefund(ports, { refundId, actor: admin })).toEqual({
      ok: false,
      error: { kind: 'created_by_requester' },
    });
    expect(stripe.calls).toEqual([]);
    // An unrelated admin may.
    createdBy.clear();
    expect(await approveRefund(ports, { refundId, actor: admin })).toMatchObject({ ok: true });
  });

  it('refuses to approve what the payment can no longer give (refunded in Stripe since)', async () => {
    const { ports, refundId, store, payment } = await setup();
    store.addRefund({
      paymentId: payment.id,
      amount: 30_000,
      status: 'succeeded',
      source: 'stripe',
      stripeRefundId: 're_dash',
    });
    expect(await approveRefund(ports, { refundId, actor: admin })).toEqual({
      ok: false,
      error: { kind: 'no_longer_refundable' },
    });
    expect(store.state.refunds.get(refundId)?.status).toBe('awaiting_approval');
  });

  it('rejects with a note: the amount is free again, and nothing reaches Stripe', async () => {
    const { ports, refundId, store, stripe } = await setup();
    expect(await rejectRefund(ports, { refundId, actor: admin, note: 'not ours to refund' })).toMatchObject({
      ok: true,
      value: { status: 'rejected', rejectionNote: 'not ours to refund' },
    });
    expect(store.state.audit.at(-1)).toMatchObject({
      action: 'refund.rejected',
      details: { note: 'not ours to refund' },
    });
    expect(stripe.calls).toEqual([]);
    expect(await rejectRefund(ports, { refundId: '00000000-0000-4000-8000-000000000000', actor: admin })).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'refund' },
    });
  });

  it('sends again an approved refund Stripe could not be reached for; a sent one is not sendable', async () => {
    const { ports, refundId, stripe } = await setup();
    stripe.failNext('createRefund', stripeDown());
    expect(await approveRefund(ports, { refundId, actor: admin })).toMatchObject({
      ok: false,
      error: { kind: 'refund_unsent' },
    });
    expect(await resendRefund(ports, { refundId, actor: admin })).toMatchObject({
      ok: true,
      value: { status: 'succeeded' },
    });
    expect(await resendRefund(ports, { refundId, actor: admin })).toEqual({
      ok: false,
      error: { kind: 'not_sendable', status: 'succeeded', sent: true },
    });
    expect(stripe.refunds).toHaveLength(1);
  });
});
