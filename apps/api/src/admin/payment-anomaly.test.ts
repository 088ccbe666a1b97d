// Only the right PaymentIntent pays an order, end to end: signed deliveries through POST /webhooks/stripe, the
// in-process worker, the handlers on a real database, and what staff see on the payment page and webhook health.
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { paymentIntentEvent, signedDelivery, testId } from '@storepay/payments-core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { waitFor } from '../test-support';
import { createPaymentFixture } from '../webhooks/test-events';
import { asStaff, createTestStaff, startAdminTestSystem, type AdminTestSystem, type TestStaff } from './test-kit';

const SECRET = 'whsec_anomaly_test';

describeEachDatabase('payment anomalies on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, {
      env: { STRIPE_WEBHOOK_SECRET: SECRET, WEBHOOK_WORKER_POLL_MS: '20' },
    });
    ({ db, app } = system);
    viewer = await createTestStaff(app, 'viewer');
  });

  afterAll(async () => {
    await system.close();
  });

  async function deliver(event: { id: string }) {
    const { body, headers } = await signedDelivery(event, SECRET);
    const response = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers, payload: body });
    expect(response.statusCode).toBe(200);
    await waitFor(`${event.id} processed`, async () => {
      const row = await db.prisma.webhookEvent.findUnique({ where: { stripeEventId: event.id } });
      return row?.status === 'processed' || row?.status === 'ignored';
    });
  }

  it('never pays an order with a PaymentIntent that is not its own: recorded, shown to staff, logged', async () => {
    const fixture = await createPaymentFixture(db.prisma, { amount: 4200 });
    // Made elsewhere on the account (the Dashboard, another integration), naming our order, for our amount.
    const foreign = { ...fixture, paymentIntentId: testId('pi') };
    const event = paymentIntentEvent(foreign, 'succeeded', Math.floor(Date.now() / 1000));
    await deliver(event);

    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } });
    expect(order.status).toBe('pending');
    expect(await db.prisma.payment.count({ where: { stripePaymentIntentId: foreign.paymentIntentId } })).toBe(0);
    expect(await db.prisma.outboxMessage.count({ where: { orderId: fixture.orderId } })).toBe(0);

    const detail = (await asStaff(app, viewer, { url: `/api/admin/payments/${fixture.orderId}` })).json();
    expect(detail.anomalies).toEqual([
      {
        orderId: fixture.orderId,
        paymentIntentId: foreign.paymentIntentId,
        kind: 'foreign_payment_intent',
        source: 'webhook',
        eventId: event.id,
        expected: fixture.paymentIntentId,
        actual: foreign.paymentIntentId,
        detectedAt: expect.any(String),
      },
    ]);
    const health = (await asStaff(app, viewer, { url: '/api/admin/webhooks/health?window=1h' })).json();
    expect(health.anomalies.count).toBeGreaterThanOrEqual(1);
    expect(health.anomalies.latest).toContainEqual(
      expect.objectContaining({ orderId: fixture.orderId, kind: 'foreign_payment_intent' }),
    );
  });

  it('never pays an order when its own PaymentIntent was changed to another amount, currency or mode', async () => {
    for (const [kind, overrides] of [
      ['amount_mismatch', { amount: 1, amount_received: 1 }],
      ['currency_mismatch', { currency: 'jpy' }],
      ['livemode_mismatch', { livemode: true }],
    ] as const) {
      const fixture = await createPaymentFixture(db.prisma, { amount: 4200 });
      await deliver(paymentIntentEvent(fixture, 'succeeded', Math.floor(Date.now() / 1000), overrides));
      const order = await db.prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } });
      expect({ kind, status: order.status }).toEqual({ kind, status: 'pending' });
      // The payment row still mirrors what Stripe says; only the order does not move.
      const payment = await db.prisma.payment.findUniqueOrThrow({
        where: { stripePaymentIntentId: fixture.paymentIntentId },
      });
      expect(payment.status).toBe('succeeded');
      const anomalies = await db.prisma.paymentAnomaly.findMany({ where: { orderId: fixture.orderId } });
      expect(anomalies.map((a) => a.kind)).toEqual([kind]);
    }
  });

  it('pays the order with its own PaymentIntent for its amount (the rule lets the right one through)', async () => {
    const fixture = await createPaymentFixture(db.prisma, { amount: 4200 });
    await deliver(paymentIntentEvent(fixture, 'succeeded', Math.floor(Date.now() / 1000)));
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } });
    expect(order.status).toBe('paid');
    expect(await db.prisma.paymentAnomaly.count({ where: { orderId: fixture.orderId } })).toBe(0);
  });
});
