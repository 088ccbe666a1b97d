import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestEmulator } from '../test-kit';

describe('charges through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const pay = (paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...extra,
    });

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('records the card, outcome and descriptor of a successful payment', async () => {
    const intent = await pay('pm_card_amex', { statement_descriptor_suffix: 'ORDER 42' });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string, { expand: ['payment_intent'] });
    const year = new Date().getFullYear() + 1;
    expect(charge).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      paid: true,
      captured: true,
      amount: 1000,
      amount_captured: 1000,
      amount_refunded: 0,
      refunded: false,
      disputed: false,
      balance_transaction: null,
      failure_code: null,
      failure_message: null,
      calculated_statement_descriptor: 'EMULATOR* ORDER 42',
      statement_descriptor_suffix: 'ORDER 42',
      outcome: {
        network_status: 'approved_by_network',
        risk_level: 'normal',
        risk_score: expect.any(Number),
        seller_message: 'Payment complete.',
        type: 'authorized',
        reason: null,
      },
      payment_method_details: {
        type: 'card',
        card: {
          brand: 'amex',
          last4: '0005',
          exp_month: 12,
          exp_year: year,
          country: 'US',
          funding: 'credit',
          network: 'amex',
          amount_authorized: 1000,
          checks: { cvc_check: 'pass', address_line1_check: null, address_postal_code_check: null },
          three_d_secure: null,
        },
      },
    });
    expect((charge.payment_intent as Stripe.PaymentIntent).id).toBe(intent.id);
    expect(charge.payment_method_details?.card?.authorization_code).toMatch(/^\d{6}$/);
  });

  it('shows the Radar block of the always-blocked card', async () => {
    const error = (await pay('pm_card_radarBlock').catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'fraudulent' });
    const charge = await stripe.charges.retrieve(error.charge!);
    expect(charge.outcome).toMatchObject({
      network_status: 'not_sent_to_network',
      type: 'blocked',
      risk_level: 'highest',
      reason: 'highest_risk_level',
      seller_message: 'Stripe blocked this payment as too risky.',
    });
    expect(charge.payment_method_details?.card?.authorization_code).toBeNull();
  });

  it('lists by payment_intent, customer and created, with pagination', async () => {
    const customer = await stripe.customers.create({});
    const declined = (await pay('pm_card_chargeDeclined', { customer: customer.id }).catch(
      (e: unknown) => e,
    )) as Stripe.errors.StripeCardError;
    const retried = await stripe.paymentIntents.confirm(declined.payment_intent!.id, {
      payment_method: 'pm_card_visa',
    });
    await pay('pm_card_mastercard');
    const forIntent = await stripe.charges.list({ payment_intent: retried.id });
    expect(forIntent.data.map((c) => [c.status, c.id])).toEqual([
      ['succeeded', retried.latest_charge],
      ['failed', declined.charge],
    ]);
    expect((await stripe.charges.list({ customer: customer.id })).data).toHaveLength(2);
    const page = await stripe.charges.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const all = await stripe.charges.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all).toHaveLength(3);
    const first = all.at(-1)!;
    expect((await stripe.charges.list({ created: { lte: first.created } })).data.length).toBeGreaterThanOrEqual(1);
    expect((await stripe.charges.list({ created: { gt: first.created + 3600 } })).data).toHaveLength(0);
  });

  it('updates description and metadata with charge.updated, and refuses direct creation', async () => {
    const intent = await pay('pm_card_visa');
    const charge = await stripe.charges.update(intent.latest_charge as string, {
      description: 'Teapot',
      metadata: { sku: 'T-1' },
      fraud_details: { user_report: 'safe' },
    });
    expect(charge).toMatchObject({
      description: 'Teapot',
      metadata: { sku: 'T-1' },
      fraud_details: { user_report: 'safe' },
    });
    const updated = events().at(-1)!;
    expect(updated.type).toBe('charge.updated');
    expect(updated.data.previous_attributes).toEqual({ description: null, metadata: {}, fraud_details: {} });
    await expect(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('not emulated'),
    });
    await expect(stripe.charges.retrieve('ch_missing')).rejects.toMatchObject({
      statusCode: 404,
      message: "No such charge: 'ch_missing'",
    });
  });
});
