import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { PaymentDetail } from '@storepay/payments-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { T0, createPaymentFixture, insertInboxEvent, paymentIntentEvent } from '../webhooks/test-events';
import { asStaff, createTestStaff, type TestStaff, startAdminTestSystem, type AdminTestSystem } from './test-kit';

const at = (seconds: number) => new Date((T0 + seconds) * 1000);

describeEachDatabase('admin payment detail on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let viewer: TestStaff;
  let support: TestStaff;
  let admin: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { env: { API_MODE: 'http' } });
    ({ db, app } = system);
    viewer = await createTestStaff(app, 'viewer');
    support = await createTestStaff(app, 'support');
    admin = await createTestStaff(app, 'admin');
  });

  afterAll(async () => {
    await system.close();
  });

  /** A paid order of 10,000 cents with two items, its card and Radar facts, refunds, a dispute and its history. */
  async function seedPaidOrder() {
    const fixture = await createPaymentFixture(db.prisma, { amount: 10_000, email: 'Ann@Example.com' });
    const product = await db.prisma.product.create({
      data: { slug: `apron-${fixture.orderId}`, name: 'Linen apron', description: 'An apron' },
    });
    await db.prisma.order.update({
      where: { id: fixture.orderId },
      data: {
        status: 'partially_refunded',
        amountRefunded: 2_500,
        createdAt: at(0),
        paidAt: at(5),
        items: {
          create: [
            { productId: product.id, name: 'Linen apron', unitAmount: 3_000, quantity: 2 },
            { productId: product.id, name: 'Tea towel', unitAmount: 4_000, quantity: 1 },
          ],
        },
      },
    });
    const payment = await db.prisma.payment.update({
      where: { stripePaymentIntentId: fixture.paymentIntentId },
      data: {
        status: 'succeeded',
        amountReceived: 10_000,
        amountRefunded: 2_500,
        cardBrand: 'visa',
        cardLast4: '4242',
        cardCountry: 'US',
        cardExpMonth: 12,
        cardExpYear: 2030,
        riskLevel: 'elevated',
        outcomeType: 'authorized',
        networkStatus: 'approved_by_network',
        failureCode: 'card_declined',
        declineCode: 'insufficient_funds',
        failureMessage: 'Your card has insufficient funds.',
      },
    });
    // Stripe events: a failed attempt first, then the success (failed once, then processed).
    await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'requires_payment_method', T0 + 2), {
      status: 'processed',
      attempts: 1,
      processedAt: at(3),
    });
    await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'succeeded', T0 + 4), {
      status: 'processed',
      attempts: 2,
      lastError: 'connection reset',
      processedAt: at(6),
    });
    const refund = (data: Record<string, unknown>) =>
      db.prisma.refund.create({ data: { paymentId: payment.id, currency: 'usd', ...data } as never });
    const succeeded = await refund({
      amount: 2_000,
      status: 'succeeded',
      source: 'admin',
      reason: 'requested_by_customer',
      note: 'Arrived damaged',
      stripeRefundId: `re_a_${fixture.paymentIntentId}`,
      requestedById: support.id,
      approvedById: admin.id,
      approvedAt: at(12),
      createdAt: at(10),
      updatedAt: at(14),
    });
    const rejected = await refund({
      amount: 5_000,
      status: 'rejected',
      source: 'admin',
      reason: 'duplicate',
      requestedById: support.id,
      rejectedById: admin.id,
      rejectedAt: at(22),
      rejectionNote: 'Not a duplicate',
      createdAt: at(20),
      updatedAt: at(22),
    });
    await refund({
      amount: 1_500,
      status: 'awaiting_approval',
      source: 'admin',
      reason: 'requested_by_customer',
      requestedById: support.id,
      createdAt: at(30),
      updatedAt: at(30),
    });
    await refund({
      amount: 500,
      status: 'failed',
      source: 'stripe',
      stripeRefundId: `re_b_${fixture.paymentIntentId}`,
      failureReason: 'expired_or_canceled_card',
      createdAt: at(40),
      updatedAt: at(41),
    });
    await db.prisma.dispute.create({
      data: {
        paymentId: payment.id,
        stripeDisputeId: `dp_${fixture.orderId}`,
        amount: 10_000,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
        createdAt: at(50),
      },
    });
    await db.prisma.auditLog.createMany({
      data: [
        {
          occurredAt: at(10),
          actorId: support.id,
          actorEmail: support.email,
          action: 'refund.requested',
          targetType: 'refund',
          targetId: succeeded.id,
          details: { amount: 2_000 },
        },
        {
          occurredAt: at(22),
          actorId: admin.id,
          actorEmail: admin.email,
          action: 'refund.rejected',
          targetType: 'refund',
          targetId: rejected.id,
        },
        {
          occurredAt: at(60),
          actorId: admin.id,
          actorEmail: admin.email,
          action: 'order.note_added',
          targetType: 'order',
          targetId: fixture.orderId,
        },
        // Another order's entry must not appear.
        { occurredAt: at(61), action: 'order.note_added', targetType: 'order', targetId: crypto.randomUUID() },
      ],
    });
    return { fixture, payment, succeeded, rejected };
  }

  it('shows amounts, items, card, risk, failure, dispute and refunds with the staff who acted', async () => {
    const { fixture, payment } = await seedPaidOrder();
    const response = await asStaff(app, viewer, { url: `/api/admin/payments/${fixture.orderId}` });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json<PaymentDetail>();
    expect(detail).toMatchObject({
      orderId: fixture.orderId,
      paymentId: payment.id,
      paymentIntentId: fixture.paymentIntentId,
      status: 'partially_refunded',
      paymentStatus: 'succeeded',
      currency: 'usd',
      amount: 10_000,
      amountReceived: 10_000,
      amountRefunded: 2_500,
      // 10,000 − succeeded 2,000 − awaiting approval 1,500 (the rejected and failed ones hold nothing back).
      refundable: 6_500,
      // Masked for a viewer (in the timeline too); whole for support and admins.
      email: 'A***@Example.com',
      card: { brand: 'visa', last4: '4242', country: 'US', expMonth: 12, expYear: 2030 },
      risk: { level: 'elevated', outcomeType: 'authorized', networkStatus: 'approved_by_network' },
      failure: {
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
      dispute: { id: expect.any(String), status: 'needs_response', amount: 10_000, reason: 'fraudulent' },
      createdAt: at(0).toISOString(),
      paidAt: at(5).toISOString(),
    });
    expect(detail.items).toEqual(
      expect.arrayContaining([
        { name: 'Linen apron', quantity: 2, unitAmount: 3_000 },
        { name: 'Tea towel', quantity: 1, unitAmount: 4_000 },
      ]),
    );
    expect(detail.items).toHaveLength(2);
    expect(detail.refunds.map((refund) => [refund.amount, refund.status])).toEqual([
      [2_000, 'succeeded'],
      [5_000, 'rejected'],
      [1_500, 'awaiting_approval'],
      [500, 'failed'],
    ]);
    expect(detail.refunds[0]).toMatchObject({
      requestedBy: { id: support.id, email: support.email },
      approvedBy: { id: admin.id, email: admin.email },
      approvedAt: at(12).toISOString(),
      rejectedBy: null,
      note: 'Arrived damaged',
    });
    expect(detail.refunds[1]).toMatchObject({
      rejectedBy: { id: admin.id, email: admin.email },
      rejectionNote: 'Not a duplicate',
    });
    const asSupport = await asStaff(app, support, { url: `/api/admin/payments/${fixture.orderId}` });
    expect(asSupport.json<PaymentDetail>().email).toBe('Ann@Example.com');
    expect(detail.refunds[3]).toMatchObject({
      source: 'stripe',
      requestedBy: null,
      failureReason: 'expired_or_canceled_card',
    });
  });

  it('merges checkout, Stripe events, refunds and staff actions into one timeline, oldest first', async () => {
    const { fixture } = await seedPaidOrder();
    const detail = (
      await asStaff(app, viewer, { url: `/api/admin/payments/${fixture.orderId}` })
    ).json<PaymentDetail>();
    const summary = detail.timeline.map((entry) => [entry.at, entry.kind, entry.title, entry.status, entry.actor]);
    expect(summary).toEqual([
      [at(0).toISOString(), 'checkout', 'Order created at checkout', null, 'A***@Example.com'],
      [at(2).toISOString(), 'stripe_event', 'payment_intent.payment_failed', 'processed', 'Stripe'],
      [at(4).toISOString(), 'stripe_event', 'payment_intent.succeeded', 'processed', 'Stripe'],
      [at(10).toISOString(), 'refund', 'Refund of 20.00 USD requested', 'succeeded', support.email],
      [at(10).toISOString(), 'staff_action', 'refund.requested', null, support.email],
      [at(12).toISOString(), 'refund', 'Refund of 20.00 USD approved', 'succeeded', admin.email],
      [at(14).toISOString(), 'refund', 'Refund of 20.00 USD succeeded', 'succeeded', 'Stripe'],
      [at(20).toISOString(), 'refund', 'Refund of 50.00 USD requested', 'rejected', support.email],
      [at(22).toISOString(), 'refund', 'Refund of 50.00 USD rejected', 'rejected', admin.email],
      [at(22).toISOString(), 'staff_action', 'refund.rejected', null, admin.email],
      [at(30).toISOString(), 'refund', 'Refund of 15.00 USD requested', 'awaiting_approval', support.email],
      [at(40).toISOString(), 'refund', 'Refund of 5.00 USD made in Stripe', 'failed', 'Stripe'],
      [at(41).toISOString(), 'refund', 'Refund of 5.00 USD failed', 'failed', 'Stripe'],
      [at(60).toISOString(), 'staff_action', 'order.note_added', null, admin.email],
    ]);
    expect(detail.timeline[0]!.detail).toBe('100.00 USD: 2 × Linen apron, 1 × Tea towel');
    expect(detail.timeline[2]!.detail).toBe('2 attempts; via webhook; last error: connection reset');
    expect(detail.timeline[3]!.detail).toBe('requested_by_customer: Arrived damaged');
    expect(detail.timeline[8]!.detail).toBe('Not a duplicate');
    expect(detail.timeline[12]!.detail).toBe('expired_or_canceled_card');
  });

  it('shows an order that has no payment yet', async () => {
    const order = await db.prisma.order.create({ data: { currency: 'jpy', amount: 1_500, email: 'x@example.com' } });
    const detail = (await asStaff(app, viewer, { url: `/api/admin/payments/${order.id}` })).json<PaymentDetail>();
    expect(detail).toMatchObject({
      orderId: order.id,
      paymentId: null,
      paymentIntentId: null,
      amountReceived: 0,
      refundable: 0,
      card: null,
      risk: null,
      failure: null,
      dispute: null,
      refunds: [],
    });
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(['checkout']);
    expect(detail.timeline[0]!.detail).toBe('1500 JPY');
  });

  it('answers 404 for an unknown order and 400 for an id that is not one', async () => {
    const missing = await asStaff(app, viewer, { url: '/api/admin/payments/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const invalid = await asStaff(app, viewer, { url: '/api/admin/payments/not-an-id' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields).toEqual({ id: 'must be an order id' });
    expect((await asStaff(app, null, { url: '/api/admin/payments/not-an-id' })).statusCode).toBe(401);
  });
});
