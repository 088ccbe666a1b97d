import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { waitFor } from '../test-support';
import { startEmulatorSystem, type EmulatorSystem } from './test-emulator-system';

describeEachDatabase('a refund made in Stripe, end to end with the emulator, on $name', ({ name }) => {
  let system: EmulatorSystem;
  let db: TestDatabase;
  let app: App;
  let stripe: Stripe;

  beforeAll(async () => {
    system = await startEmulatorSystem(name);
    ({ db, app, stripe } = system);
  });

  afterAll(async () => {
    await system?.close();
  });

  it('shows a Dashboard refund on the order as partially refunded, then refunded, with source stripe', async () => {
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'usd', email: 'buyer@example.com' },
    });
    expect(checkout.statusCode).toBe(201);
    const { orderId, paymentIntentId, amount } = checkout.json<{
      orderId: string;
      paymentIntentId: string;
      amount: number;
    }>();
    const paid = await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'http://127.0.0.1/return',
    });
    expect(paid.status).toBe('succeeded');
    const orderOf = () => db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    await waitFor('the order paid', async () => (await orderOf()).status === 'paid');

    // As from the Stripe Dashboard: no metadata of ours.
    const partial = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 500 });
    const afterPartial = await waitFor('the order partially refunded', async () => {
      const order = await orderOf();
      return order.status === 'partially_refunded' && order;
    });
    expect(afterPartial.amountRefunded).toBe(500);
    expect(await db.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: partial.id } })).toMatchObject({
      amount: 500,
      source: 'stripe',
    });

    const rest = await stripe.refunds.create({ payment_intent: paymentIntentId });
    expect(rest.amount).toBe(amount - 500);
    const afterFull = await waitFor('the order refunded', async () => {
      const order = await orderOf();
      return order.status === 'refunded' && order;
    });
    expect(afterFull.amountRefunded).toBe(amount);
    const refunds = await waitFor('both refunds settled', async () => {
      const rows = await db.prisma.refund.findMany({ where: { payment: { stripePaymentIntentId: paymentIntentId } } });
      return rows.length === 2 && rows.every((row) => row.status === 'succeeded') && rows;
    });
    expect(refunds.map((row) => row.source)).toEqual(['stripe', 'stripe']);
    expect(
      (await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: paymentIntentId } })).amountRefunded,
    ).toBe(amount);
    // Every refund event was applied, none ignored.
    const events = await db.prisma.webhookEvent.findMany({
      where: { paymentIntentId, type: { in: ['refund.created', 'charge.refunded', 'refund.updated'] } },
    });
    expect(events.length).toBeGreaterThanOrEqual(4);
    await waitFor('the refund events processed', async () =>
      (
        await db.prisma.webhookEvent.findMany({
          where: { paymentIntentId, type: { in: ['refund.created', 'charge.refunded', 'refund.updated'] } },
        })
      ).every((event) => event.status === 'processed'),
    );
  });
});
