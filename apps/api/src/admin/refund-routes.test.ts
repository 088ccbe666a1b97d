import { randomUUID } from 'node:crypto';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { RunningEmulator } from '@storepay/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { App } from '../app';
import {
  asStaff,
  createPaidOrder,
  createTestStaff,
  emulatorStripe,
  type TestStaff,
  startAdminTestSystem,
  type AdminTestSystem,
} from './test-kit';

describeEachDatabase('admin refunds on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let app: App;
  let stripe: Stripe;
  let support: TestStaff;
  let admin: TestStaff;
  let otherAdmin: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, {
      emulator: true,
      env: {
        // Above $100 (or ¥10,000) a second admin approves; EUR has no threshold: every refund waits.
        REFUND_APPROVAL_THRESHOLDS: 'USD:100,JPY:10000',
      },
    });
    ({ db, app } = system);
    emulator = system.emulator!;
    stripe = emulatorStripe(emulator);
    [support, admin, otherAdmin, viewer] = await Promise.all([
      createTestStaff(app, 'support'),
      createTestStaff(app, 'admin'),
      createTestStaff(app, 'admin'),
      createTestStaff(app, 'viewer'),
    ]);
  });

  afterAll(async () => {
    await system.close();
  });

  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  });

  const paidOrder = (amount?: number, currency?: string) => createPaidOrder(db, stripe, amount, currency);

  const refund = (
    staff: TestStaff,
    orderId: string,
    body: Record<string, unknown>,
    key: string | null = randomUUID(),
  ) =>
    asStaff(app, staff, {
      method: 'POST',
      url: `/api/admin/payments/${orderId}/refunds`,
      payload: body,
      headers: key === null ? {} : { 'idempotency-key': key },
    });
  const stripeRefundsOf = async (paymentIntentId: string) =>
    (await stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })).data;
  const orderOf = (id: string) => db.prisma.order.findUniqueOrThrow({ where: { id } });
  const auditOf = async (refundId: string) =>
    (await db.prisma.auditLog.findMany({ where: { targetId: refundId }, orderBy: { id: 'asc' } })).map((e) => e.action);

  it('refunds part and then the rest: Stripe has both, the order goes partially refunded then refunded', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    const first = await refund(support, orderId, {
      amount: 1000,
      reason: 'requested_by_customer',
      note: 'late parcel',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      approvalRequired: false,
      refund: {
        amount: 1000,
        currency: 'usd',
        source: 'admin',
        reason: 'requested_by_customer',
        note: 'late parcel',
        stripeRefundId: expect.stringMatching(/^re_/),
        requestedBy: { id: support.id, email: support.email },
      },
    });
    expect(['pending', 'succeeded']).toContain(first.json().refund.status);
    expect(await orderOf(orderId)).toMatchObject({ status: 'partially_refunded', amountRefunded: 1000 });

    const rest = await refund(support, orderId, { reason: 'requested_by_customer' });
    expect(rest.statusCode).toBe(201);
    expect(rest.json().refund.amount).toBe(3200);
    expect(await orderOf(orderId)).toMatchObject({ status: 'refunded', amountRefunded: 4200 });

    const inStripe = await stripeRefundsOf(paymentIntentId);
    expect(inStripe.map((r) => r.amount).sort()).toEqual([1000, 3200]);
    expect(inStripe.map((r) => r.metadata?.storepay_refund_id).sort()).toEqual(
      [first.json().refund.id, rest.json().refund.id].sort(),
    );
    expect(await auditOf(first.json().refund.id)).toEqual(['refund.requested', 'refund.sent']);

    const more = await refund(support, orderId, { amount: 1, reason: 'requested_by_customer' });
    expect(more.statusCode).toBe(422);
    expect(more.json().error.code).toBe('not_refundable');
  });

  it('refuses an over-refund and sends nothing to Stripe', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    const over = await refund(support, orderId, { amount: 4201, reason: 'duplicate' });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({
      code: 'amount_exceeds_refundable',
      fields: { amount: expect.stringContaining('$42.00') },
    });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(0);
    expect(await db.prisma.refund.count({ where: { payment: { orderId } } })).toBe(0);
  });

  it('makes one refund from six concurrent copies of one request', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => refund(support, orderId, { amount: 500, reason: 'requested_by_customer' }, key)),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().refund.id)).size).toBe(1);
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect(await db.prisma.refund.count({ where: { payment: { orderId } } })).toBe(1);
    // Replayed later, the key still answers the same refund; for another amount it is refused.
    const again = await refund(support, orderId, { amount: 500, reason: 'requested_by_customer' }, key);
    expect(again.json().refund.id).toBe(responses[0]!.json().refund.id);
    const reused = await refund(support, orderId, { amount: 700, reason: 'requested_by_customer' }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
  });

  it('never exceeds the payment with five concurrent full refunds under different keys', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => refund(support, orderId, { amount: 4200, reason: 'requested_by_customer' })),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode !== 201)) {
      expect(r.statusCode).toBe(422);
      expect(['not_refundable', 'amount_exceeds_refundable']).toContain(r.json().error.code);
    }
    const inStripe = await stripeRefundsOf(paymentIntentId);
    expect(inStripe.reduce((sum, r) => sum + r.amount, 0)).toBe(4200);
  });

  it('needs a second admin above the threshold: nothing reaches Stripe until then, and nobody approves their own', async () => {
    const { orderId, paymentIntentId } = await paidOrder(50_000);
    const asked = await refund(admin, orderId, { amount: 20_000, reason: 'requested_by_customer', note: 'big one' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      approvalRequired: true,
      refund: { status: 'awaiting_approval', stripeRefundId: null },
    });
    const id = asked.json().refund.id;
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(0);
    // The waiting refund holds its amount: only 30,000 is left to ask for.
    const over = await refund(support, orderId, { amount: 30_001, reason: 'requested_by_customer' });
    expect(over.json().error.code).toBe('amount_exceeds_refundable');

    const own = await asStaff(app, admin, { method: 'POST', url: `/api/admin/refunds/${id}/approve`, payload: {} });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('own_request');
    expect(
      (await asStaff(app, support, { method: 'POST', url: `/api/admin/refunds/${id}/approve`, payload: {} }))
        .statusCode,
    ).toBe(403);
    const waiting = await asStaff(app, viewer, { url: '/api/admin/refunds?status=awaiting_approval' });
    expect(waiting.json().refunds.map((r: { id: string }) => r.id)).toContain(id);

    const approved = await asStaff(app, otherAdmin, {
      method: 'POST',
      url: `/api/admin/refunds/${id}/approve`,
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().refund).toMatchObject({
      approvedBy: { id: otherAdmin.id },
      requestedBy: { id: admin.id },
      stripeRefundId: expect.stringMatching(/^re_/),
    });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    const twice = await asStaff(app, otherAdmin, {
      method: 'POST',
      url: `/api/admin/refunds/${id}/approve`,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    expect(await auditOf(id)).toEqual(['refund.requested', 'refund.approved', 'refund.sent']);
  });

  it('releases the amount of a rejected refund, and audits the rejection', async () => {
    const { orderId, paymentIntentId } = await paidOrder(50_000);
    const asked = await refund(support, orderId, { amount: 50_000, reason: 'fraudulent' });
    const id = asked.json().refund.id;
    const rejected = await asStaff(app, admin, {
      method: 'POST',
      url: `/api/admin/refunds/${id}/reject`,
      payload: { note: 'not fraud' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().refund).toMatchObject({
      status: 'rejected',
      rejectedBy: { id: admin.id },
      rejectionNote: 'not fraud',
    });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(0);
    expect(await auditOf(id)).toEqual(['refund.requested', 'refund.rejected']);
    // The amount is free again.
    expect((await refund(support, orderId, { amount: 10_000, reason: 'requested_by_customer' })).statusCode).toBe(201);
  });

  it('refunds yen exactly, and a currency without a threshold always waits for approval', async () => {
    const yen = await paidOrder(12_345, 'jpy');
    const response = await refund(support, yen.orderId, { amount: 1, reason: 'requested_by_customer' });
    expect(response.statusCode).toBe(201);
    expect((await stripeRefundsOf(yen.paymentIntentId))[0]).toMatchObject({ amount: 1, currency: 'jpy' });
    expect(await orderOf(yen.orderId)).toMatchObject({ status: 'partially_refunded', amountRefunded: 1 });

    const eur = await paidOrder(1000, 'eur');
    const waits = await refund(support, eur.orderId, { amount: 100, reason: 'requested_by_customer' });
    expect(waits.json()).toMatchObject({ approvalRequired: true, refund: { status: 'awaiting_approval' } });
  });

  it('validates the request: Idempotency-Key, amount, reason, note, unknown and unpaid payments', async () => {
    const { orderId } = await paidOrder(4200);
    const noKey = await refund(support, orderId, { amount: 100, reason: 'requested_by_customer' }, null);
    expect(noKey.statusCode).toBe(400);
    expect(Object.keys(noKey.json().error.fields)).toEqual(['Idempotency-Key']);
    const bad = await refund(support, orderId, { amount: 10.5, reason: 'because', note: 'x'.repeat(501) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      amount: 'must be a whole number of minor units',
      reason: 'must be requested_by_customer, duplicate or fraudulent',
      note: 'at most 500 characters',
    });
    expect((await refund(support, orderId, { amount: 0, reason: 'duplicate' })).json().error.fields).toEqual({
      amount: 'must be more than 0',
    });
    expect((await refund(support, randomUUID(), { reason: 'duplicate' })).statusCode).toBe(404);
    const unpaid = await db.prisma.order.create({ data: { currency: 'usd', amount: 100, email: 'x@example.com' } });
    const refused = await refund(support, unpaid.id, { reason: 'duplicate' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('not_refundable');
    expect((await refund(viewer, orderId, { reason: 'duplicate' })).statusCode).toBe(403);
  });

  it('keeps a refund Stripe could not be reached for, and sends it once when the request is retried', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/refunds', action: 'server_error', count: 20 }),
    });
    const key = randomUUID();
    const down = await refund(support, orderId, { amount: 700, reason: 'requested_by_customer' }, key);
    expect(down.statusCode).toBe(503);
    const row = await db.prisma.refund.findFirstOrThrow({ where: { payment: { orderId } } });
    expect(row).toMatchObject({ status: 'pending', stripeRefundId: null, sendingAt: null });
    // Another refund goes through meanwhile: only what Stripe has counts as refunded (not the unsent 700).
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    expect((await refund(support, orderId, { amount: 1000, reason: 'requested_by_customer' })).statusCode).toBe(201);
    expect(await orderOf(orderId)).toMatchObject({ status: 'partially_refunded', amountRefunded: 1000 });

    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    const retried = await refund(support, orderId, { amount: 700, reason: 'requested_by_customer' }, key);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().refund).toMatchObject({ id: row.id, stripeRefundId: expect.stringMatching(/^re_/) });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(2);
    expect(await orderOf(orderId)).toMatchObject({ amountRefunded: 1700 });
  });

  it('counts earlier refunds made without approval, so splitting a large refund still needs a second admin', async () => {
    const { orderId, paymentIntentId } = await paidOrder(50_000);
    const first = await refund(support, orderId, { amount: 6000, reason: 'requested_by_customer' });
    expect(first.json().approvalRequired).toBe(false);
    const second = await refund(support, orderId, { amount: 5000, reason: 'requested_by_customer' });
    expect(second.json()).toMatchObject({ approvalRequired: true, refund: { status: 'awaiting_approval' } });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(1);
  });

  it('adopts a refund Stripe already has (an answer lost over a day ago) instead of sending it again', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    const payment = await db.prisma.payment.findFirstOrThrow({ where: { orderId } });
    const row = await db.prisma.refund.create({
      data: {
        paymentId: payment.id,
        amount: 900,
        currency: 'usd',
        reason: 'requested_by_customer',
        status: 'pending',
        source: 'admin',
        requestedById: support.id,
        createdAt: new Date(Date.now() - 13 * 3600_000),
      },
    });
    // Stripe made it back then (same metadata), but the answer never reached us.
    await stripe.refunds.create({
      payment_intent: paymentIntentId,
      amount: 900,
      metadata: { storepay_refund_id: row.id },
    });
    const sent = await asStaff(app, support, { method: 'POST', url: `/api/admin/refunds/${row.id}/send` });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().refund).toMatchObject({ id: row.id, stripeRefundId: expect.stringMatching(/^re_/) });
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(1);
  });

  it('tells staff the kind of a refusal, never Stripe’s own message', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    // Refunded in full in the Stripe Dashboard meanwhile: Stripe refuses another refund.
    await stripe.refunds.create({ payment_intent: paymentIntentId });
    const refused = await refund(support, orderId, { amount: 100, reason: 'requested_by_customer' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('refund_refused');
    const row = await db.prisma.refund.findFirstOrThrow({ where: { payment: { orderId }, source: 'admin' } });
    expect(row).toMatchObject({ status: 'failed', failureReason: 'stripe_invalid_request' });
  });

  it('sends a refund Stripe could not be reached for, which nobody retried, on the reconciler’s sweep', async () => {
    const { orderId, paymentIntentId } = await paidOrder(4200);
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/refunds', action: 'server_error', count: 20 }),
    });
    expect((await refund(support, orderId, { amount: 300, reason: 'duplicate' })).statusCode).toBe(503);
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    const sweep = () => app.useCases.sendUnsentRefunds();
    expect(await sweep()).toBe(0); // just asked for: its requester may still retry
    await db.prisma
      .$executeRaw`UPDATE refunds SET updated_at = now() - interval '2 minutes' WHERE stripe_refund_id IS NULL`;
    expect(await sweep()).toBe(1);
    expect((await stripeRefundsOf(paymentIntentId)).map((r) => r.amount)).toEqual([300]);
    const row = await db.prisma.refund.findFirstOrThrow({ where: { payment: { orderId } } });
    expect(await auditOf(row.id)).toEqual(['refund.requested', 'refund.sent']);
    expect(await sweep()).toBe(0);
  });

  it('refuses to approve a refund the payment can no longer give (refunded elsewhere since it was asked for)', async () => {
    const { orderId, paymentIntentId } = await paidOrder(50_000);
    const asked = await refund(support, orderId, { amount: 40_000, reason: 'requested_by_customer' });
    expect(asked.json().refund.status).toBe('awaiting_approval');
    // Meanwhile a refund made in the Stripe Dashboard arrived through its webhook.
    const payment = await db.prisma.payment.findFirstOrThrow({ where: { orderId } });
    await db.prisma.refund.create({
      data: {
        paymentId: payment.id,
        amount: 20_000,
        currency: 'usd',
        status: 'succeeded',
        source: 'stripe',
        stripeRefundId: `re_dash_${orderId.slice(0, 8)}`,
      },
    });
    const id = asked.json().refund.id;
    const approve = await asStaff(app, admin, { method: 'POST', url: `/api/admin/refunds/${id}/approve`, payload: {} });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().error.code).toBe('not_refundable');
    expect(await stripeRefundsOf(paymentIntentId)).toHaveLength(0);
    expect((await db.prisma.refund.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    const rejected = await asStaff(app, admin, { method: 'POST', url: `/api/admin/refunds/${id}/reject`, payload: {} });
    expect(rejected.json().refund.status).toBe('rejected');
  });
});
