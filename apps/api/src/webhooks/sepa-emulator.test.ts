// A delayed-notification payment end to end: a SEPA Direct Debit through checkout, the emulator's signed webhooks and
// its bank settling days later (here: its control API), so an order waits in `processing` and the shopper is told.
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { EmulatorControl } from '@storepay/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { waitFor } from '../test-support';
import { startEmulatorSystem, type EmulatorSystem } from './test-emulator-system';

describeEachDatabase('SEPA Direct Debit with the emulator, on $name', ({ name }) => {
  let system: EmulatorSystem;
  let db: TestDatabase;
  let control: EmulatorControl;
  let app: App;
  let stripe: Stripe;

  beforeAll(async () => {
    // Real time: a debit stays processing until the test settles it (the emulator's clock would settle it in days).
    system = await startEmulatorSystem(name, { env: { RECONCILE_INTERVAL_MS: '0' }, timeFactor: 1 });
    ({ db, app, stripe } = system);
    control = new EmulatorControl(system.emulator.url);
  });

  afterAll(async () => {
    await system?.close();
  });

  const orderStatus = async (orderId: string) =>
    (await app.inject(`/api/orders/${orderId}`)).json<{ status: string }>().status;
  const outbox = (orderId: string, kind: string) => db.prisma.outboxMessage.count({ where: { orderId, kind } });

  /** A euro checkout debited from `iban`: answers once the order is processing. */
  async function debit(iban: string) {
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'eur', email: 'jenny@example.com' },
    });
    expect(checkout.statusCode).toBe(201);
    const { orderId, paymentIntentId } = checkout.json<{ orderId: string; paymentIntentId: string }>();
    const method = await stripe.paymentMethods.create({
      type: 'sepa_debit',
      sepa_debit: { iban },
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
    });
    const confirmed = await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: method.id,
      mandate_data: {
        customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'test' } },
      },
      return_url: 'http://127.0.0.1/return',
    });
    expect(confirmed.status).toBe('processing');
    await waitFor('the order processing', async () => (await orderStatus(orderId)) === 'processing');
    return { orderId, paymentIntentId };
  }

  it('keeps the order processing until the debit settles, then pays it and confirms it once', async () => {
    const { orderId, paymentIntentId } = await debit('AT321904300235473204');
    // Not paid yet: nothing is fulfilled, and the order is not expired by the unpaid-order sweep either.
    expect(await outbox(orderId, 'order.paid')).toBe(0);
    expect((await db.prisma.payment.findFirstOrThrow({ where: { orderId } })).status).toBe('processing');

    await control.settlePaymentIntent(paymentIntentId, 'succeeded');
    await waitFor('the order paid', async () => (await orderStatus(orderId)) === 'paid');
    await waitFor('the confirmation', async () => (await outbox(orderId, 'order.paid')) === 1);
    expect(await outbox(orderId, 'payment.failed')).toBe(0);
  });

  it('fails the order when the bank refuses the debit, and tells the shopper (they left the checkout long ago)', async () => {
    const { orderId, paymentIntentId } = await debit('AT861904300235473202');
    await control.settlePaymentIntent(paymentIntentId, 'failed');
    await waitFor('the order failed', async () => (await orderStatus(orderId)) === 'failed');
    await waitFor('the failure email', async () => (await outbox(orderId, 'payment.failed')) === 1);
    expect(await outbox(orderId, 'order.paid')).toBe(0);
  });
});
