// The test kit's Stripe objects against Stripe's (the emulator's, read through stripe-node): every field a builder
// writes exists on the real object with the same kind of value, so tests built on the kit cannot drift from what
// Stripe sends.
import { startEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  paymentIntentEvent,
  stripeCharge,
  stripeDispute,
  stripeEvent,
  stripePaymentIntent,
  stripeRefund,
  testPayment,
} from '../testing/stripe-objects';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** The fields of `built` whose kind differs on `real` (absent counts as `undefined`). */
function driftOf(built: object, real: object): string[] {
  const kit = built as Record<string, unknown>;
  const fields = real as Record<string, unknown>;
  return Object.keys(kit)
    .filter((key) => kind(kit[key]) !== kind(fields[key]))
    .map((key) => `${key}: kit ${kind(kit[key])}, Stripe ${kind(fields[key])}`);
}

describe('the Stripe test kit', () => {
  let emulator: Emulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = new Stripe('sk_test_kit_conformance', { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
  });
  afterAll(() => emulator.close());

  async function paid(card: string) {
    const created = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'usd',
      metadata: { order_id: '6f1c8a52-7d0e-4c43-9f7e-0d3f7c1b2a11' },
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    return stripe.paymentIntents.confirm(created.id, { payment_method: card });
  }

  it('builds PaymentIntents, charges and refunds with the fields and kinds Stripe has', async () => {
    const intent = await paid('pm_card_visa');
    const payment = testPayment({ paymentIntentId: intent.id, chargeId: intent.latest_charge as string });
    expect(driftOf(stripePaymentIntent(payment, 'succeeded'), intent)).toEqual([]);

    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(driftOf(stripeCharge(payment), charge)).toEqual([]);

    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(driftOf(stripeRefund(payment, { amount: 1000 }), refund)).toEqual([]);
  });

  it('builds a failed attempt as Stripe leaves it', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    const declined = await stripe.paymentIntents
      .confirm(created.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' })
      .catch(() => stripe.paymentIntents.retrieve(created.id));
    const built = stripePaymentIntent(
      testPayment({ paymentIntentId: created.id, chargeId: declined.latest_charge as string }),
      'requires_payment_method',
    );
    expect(driftOf(built, declined)).toEqual([]);
    expect(
      driftOf(built.last_payment_error as object as Record<string, unknown>, declined.last_payment_error!),
    ).toEqual([]);
  });

  it('builds disputes and event envelopes as Stripe sends them', async () => {
    const intent = await paid('pm_card_createDispute');
    let dispute: Stripe.Dispute | undefined;
    for (let i = 0; i < 100 && !dispute; i++) {
      dispute = (await stripe.disputes.list({ payment_intent: intent.id })).data[0];
      if (!dispute) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(dispute).toBeDefined();
    const payment = testPayment({ paymentIntentId: intent.id, chargeId: intent.latest_charge as string });
    expect(driftOf(stripeDispute(payment), dispute!)).toEqual([]);

    const [event] = (await stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 })).data;
    expect(driftOf(paymentIntentEvent(payment, 'succeeded', 1_790_000_000), event!)).toEqual([]);
    expect(driftOf(stripeEvent('customer.created', {}), event!)).toEqual([]);
  });
});
