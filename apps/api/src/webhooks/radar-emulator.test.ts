// Radar reviews and early fraud warnings end to end: checkout, the emulator's test cards, its signed webhooks, and
// the review queue's decisions reaching the emulator.
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { EarlyFraudWarningList, ReviewDecisionResponse, ReviewList } from '@storepay/payments-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asStaff, createTestStaff, type TestStaff } from '../admin/test-kit';
import type { App } from '../app';
import { waitFor } from '../test-support';
import { startEmulatorSystem, type EmulatorSystem } from './test-emulator-system';

describeEachDatabase('Radar reviews and early fraud warnings with the emulator, on $name', ({ name }) => {
  let system: EmulatorSystem;
  let db: TestDatabase;
  let app: App;
  let stripe: Stripe;
  let support: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startEmulatorSystem(name, {
      env: { RECONCILE_INTERVAL_MS: '0', REFUND_APPROVAL_THRESHOLDS: 'USD:10000' },
    });
    ({ db, app, stripe } = system);
    [support, viewer] = await Promise.all([createTestStaff(app, 'support'), createTestStaff(app, 'viewer')]);
  });

  afterAll(async () => {
    await system?.close();
  });

  /** A checkout paid with `paymentMethod`: answers the order and its PaymentIntent. */
  async function pay(paymentMethod: string) {
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'usd', email: 'risky@example.com' },
    });
    expect(checkout.statusCode).toBe(201);
    const { orderId, paymentIntentId } = checkout.json<{ orderId: string; paymentIntentId: string }>();
    const paid = await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: paymentMethod,
      return_url: 'http://127.0.0.1/return',
    });
    expect(paid.status).toBe('succeeded');
    await waitFor('the order paid', async () => {
      const order = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      return order.status === 'paid';
    });
    return { orderId, paymentIntentId };
  }

  const openReviewOf = (orderId: string) =>
    waitFor('the review in the queue', async () => {
      const { reviews } = (await asStaff(app, support, { url: '/api/admin/reviews' })).json<ReviewList>();
      return reviews.find((review) => review.orderId === orderId);
    });
  const confirmations = (orderId: string) => db.prisma.outboxMessage.count({ where: { orderId, kind: 'order.paid' } });

  it('holds an order Radar reviews, and fulfils it once staff approve the review at Stripe', async () => {
    const { orderId } = await pay('pm_card_riskLevelElevated');
    const review = await openReviewOf(orderId);
    expect(review).toMatchObject({ open: true, reason: 'rule', riskLevel: 'elevated', cardLast4: '9235' });
    expect(review.riskScore).toEqual(expect.any(Number));
    expect(await confirmations(orderId)).toBe(0);
    const masked = (await asStaff(app, viewer, { url: '/api/admin/reviews' })).json<ReviewList>();
    expect(masked.reviews.find((row) => row.id === review.id)?.email).toBe('r***@example.com');
    expect(
      (await asStaff(app, viewer, { method: 'POST', url: `/api/admin/reviews/${review.id}/approve` })).statusCode,
    ).toBe(403);

    const approved = await asStaff(app, support, {
      method: 'POST',
      url: `/api/admin/reviews/${review.id}/approve`,
      payload: { note: 'a returning customer' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<ReviewDecisionResponse>()).toMatchObject({
      review: { open: false, decision: 'approved', decidedBy: { email: support.email } },
      refund: null,
    });
    expect(await stripe.reviews.retrieve(review.stripeReviewId)).toMatchObject({
      open: false,
      closed_reason: 'approved',
    });
    expect(await confirmations(orderId)).toBe(1);
    // Its review.closed webhook changes nothing more; a second decision is refused.
    await waitFor('the review.closed event processed', async () => {
      const events = await db.prisma.webhookEvent.findMany({ where: { type: 'review.closed', status: 'processed' } });
      return events.some((event) => event.objectId === review.stripeReviewId);
    });
    expect(await confirmations(orderId)).toBe(1);
    const again = await asStaff(app, support, {
      method: 'POST',
      url: `/api/admin/reviews/${review.id}/refuse`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: orderId, action: 'review.approved' } });
    expect(audit).toHaveLength(1);
  });

  it('refuses a review: refunded in full as fraudulent, the review closed by Stripe, the order never fulfilled', async () => {
    const { orderId, paymentIntentId } = await pay('pm_card_riskLevelElevated');
    const review = await openReviewOf(orderId);
    const refused = await asStaff(app, support, {
      method: 'POST',
      url: `/api/admin/reviews/${review.id}/refuse`,
      payload: {},
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.json<ReviewDecisionResponse>()).toMatchObject({
      review: { decision: 'refused' },
      refund: { reason: 'fraudulent', amount: review.amount },
    });
    const [refund] = (await stripe.refunds.list({ payment_intent: paymentIntentId })).data;
    expect(refund).toMatchObject({ reason: 'fraudulent', amount: review.amount });
    await waitFor('the review closed as refunded', async () => {
      const row = await db.prisma.review.findUniqueOrThrow({ where: { id: review.id } });
      return !row.open && row.closedReason?.startsWith('refunded');
    });
    await waitFor('the order refunded', async () => {
      const order = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      return order.status === 'refunded';
    });
    expect(await confirmations(orderId)).toBe(0);
  });

  it('records an early fraud warning, tells staff, and a full refund makes it no longer actionable', async () => {
    // Stripe's test card 4000000000005423, whose charge draws an early fraud warning.
    const { orderId, paymentIntentId } = await pay('pm_card_createIssuerFraudRecord');
    const warning = await waitFor('the early fraud warning', async () => {
      const { warnings } = (
        await asStaff(app, support, { url: '/api/admin/early-fraud-warnings?actionable=true' })
      ).json<EarlyFraudWarningList>();
      return warnings.find((row) => row.orderId === orderId);
    });
    expect(warning).toMatchObject({ actionable: true, fraudType: 'made_with_stolen_card' });
    expect(warning.refundable).toBe(warning.amount);
    expect(await db.prisma.outboxMessage.count({ where: { orderId, kind: 'radar.early_fraud_warning' } })).toBe(1);

    // The payment page's one-click refund: everything, as fraudulent.
    const refunded = await asStaff(app, support, {
      method: 'POST',
      url: `/api/admin/payments/${orderId}/refunds`,
      headers: { 'idempotency-key': `efw-${warning.stripeWarningId}` },
      payload: { reason: 'fraudulent' },
    });
    expect(refunded.statusCode).toBe(201);
    await waitFor('the warning no longer actionable', async () => {
      const row = await db.prisma.earlyFraudWarning.findUniqueOrThrow({
        where: { stripeWarningId: warning.stripeWarningId },
      });
      return !row.actionable;
    });
    expect((await stripe.refunds.list({ payment_intent: paymentIntentId })).data).toHaveLength(1);
  });
});
