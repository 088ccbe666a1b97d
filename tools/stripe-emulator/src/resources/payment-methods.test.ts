import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestEmulator, stripeClient } from '../test-kit';

describe('payment methods through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let publishable: Stripe;
  const nextYear = new Date().getFullYear() + 1;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const createCard = (number: string, extra: Record<string, string | number> = {}) =>
    publishable.paymentMethods.create({
      type: 'card',
      card: { number, exp_month: 12, exp_year: nextYear, cvc: number.startsWith('3') ? '1234' : '123', ...extra },
    });

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
    publishable = stripeClient(emulator.port, 'pk_test_emulator');
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('creates a card PaymentMethod with a publishable key and never exposes the number', async () => {
    const pm = await publishable.paymentMethods.create({
      type: 'card',
      card: { number: '4242 4242 4242 4242', exp_month: 8, exp_year: nextYear, cvc: '314' },
      billing_details: { name: 'Ada', email: 'ada@example.com', address: { postal_code: '94107', country: 'US' } },
      metadata: { source: 'checkout' },
    });
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: null,
      livemode: false,
      allow_redisplay: 'unspecified',
      metadata: { source: 'checkout' },
      billing_details: {
        name: 'Ada',
        email: 'ada@example.com',
        phone: null,
        address: { postal_code: '94107', country: 'US', line1: null, city: null },
      },
      card: {
        brand: 'visa',
        display_brand: 'visa',
        last4: '4242',
        exp_month: 8,
        exp_year: nextYear,
        country: 'US',
        funding: 'credit',
        checks: { cvc_check: 'unchecked', address_line1_check: null, address_postal_code_check: null },
        networks: { available: ['visa'], preferred: null },
        three_d_secure_usage: { supported: true },
      },
    });
    expect(pm.card?.fingerprint).toMatch(/^[A-Za-z0-9]{16}$/);
    const raw = JSON.stringify(await stripe.paymentMethods.retrieve(pm.id));
    expect(raw).not.toContain('4242424242424242');
    expect(raw).not.toContain('"_');
    const same = await createCard('4242424242424242');
    expect(same.card?.fingerprint).toBe(pm.card?.fingerprint);
    expect((await createCard('5555555555554444')).card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect((await createCard('378282246310005')).card).toMatchObject({
      brand: 'amex',
      display_brand: 'american_express',
      last4: '0005',
    });
    expect((await createCard('4000056655665556')).card?.funding).toBe('debit');
  });

  it('validates the card like Stripe: Luhn, expiry, CVC; raw numbers need a publishable key', async () => {
    await expect(createCard('4242424242424241')).rejects.toMatchObject({
      type: 'StripeCardError',
      statusCode: 402,
      code: 'incorrect_number',
      message: 'Your card number is incorrect.',
      param: 'number',
    });
    await expect(createCard('4242424242424242', { exp_year: 2001 })).rejects.toMatchObject({
      code: 'invalid_expiry_year',
      message: "Your card's expiration year is invalid.",
    });
    await expect(createCard('4242424242424242', { exp_month: 13 })).rejects.toMatchObject({
      code: 'invalid_expiry_month',
      message: "Your card's expiration month is invalid.",
    });
    await expect(createCard('4242424242424242', { cvc: '12' })).rejects.toMatchObject({
      code: 'invalid_cvc',
      param: 'cvc',
    });
    // Two-digit years are read as 20xx.
    expect((await createCard('4242424242424242', { exp_year: nextYear % 100 })).card?.exp_year).toBe(nextYear);
    await expect(
      publishable.paymentMethods.create({ type: 'card', card: { number: '4242424242424242' } }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'card[exp_month]' });
    await expect(
      stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4242424242424242', exp_month: 1, exp_year: nextYear },
      }),
    ).rejects.toMatchObject({
      statusCode: 402,
      message: expect.stringContaining('Sending credit card numbers directly to the Stripe API is generally unsafe'),
    });
    await expect(publishable.paymentMethods.create({ type: 'ideal' })).rejects.toMatchObject({
      code: 'payment_method_unsupported_type',
    });
    await expect(publishable.paymentMethods.retrieve('pm_card_visa')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('treats an unknown but valid number like 4242 (it just works)', async () => {
    const pm = await createCard('4111111111111111');
    expect(pm.card).toMatchObject({ brand: 'visa', last4: '1111' });
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: pm.id,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(intent.status).toBe('succeeded');
  });

  it('resolves pm_card_* ids to a fresh PaymentMethod each time', async () => {
    const a = await stripe.paymentMethods.retrieve('pm_card_amex');
    const b = await stripe.paymentMethods.retrieve('pm_card_amex');
    expect(a.id).toMatch(/^pm_(?!card_)/);
    expect(b.id).not.toBe(a.id);
    expect(a.card).toMatchObject({ brand: 'amex', last4: '0005', country: 'US' });
    expect((await stripe.paymentMethods.retrieve('pm_card_mastercard')).card?.last4).toBe('4444');
    await expect(stripe.paymentMethods.retrieve('pm_unknown')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such PaymentMethod: 'pm_unknown'",
    });
  });

  it('attaches, lists for a customer, updates and detaches, with events', async () => {
    const customer = await stripe.customers.create({ email: 'c@example.com' });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(visa.customer).toBe(customer.id);
    const mastercard = await stripe.paymentMethods.attach((await createCard('5555555555554444')).id, {
      customer: customer.id,
    });
    const listed = await stripe.customers.listPaymentMethods(customer.id, { limit: 1 });
    expect(listed.data.map((pm) => pm.id)).toEqual([mastercard.id]);
    expect(listed.has_more).toBe(true);
    const byType = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(byType.data.map((pm) => pm.id)).toEqual([mastercard.id, visa.id]);
    expect((await stripe.customers.retrievePaymentMethod(customer.id, visa.id)).id).toBe(visa.id);

    const updated = await stripe.paymentMethods.update(visa.id, {
      billing_details: { name: 'New Name' },
      card: { exp_month: 3 },
      metadata: { nickname: 'work' },
    });
    expect(updated).toMatchObject({
      billing_details: { name: 'New Name' },
      card: { exp_month: 3 },
      metadata: { nickname: 'work' },
    });

    const detached = await stripe.paymentMethods.detach(visa.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((pm) => pm.id)).toEqual([mastercard.id]);
    await expect(stripe.paymentMethods.detach(visa.id)).rejects.toMatchObject({
      message: 'The payment method you provided is not attached to a customer so detachment is impossible.',
    });
    await expect(stripe.paymentMethods.attach(visa.id, { customer: customer.id })).rejects.toMatchObject({
      message: expect.stringContaining('may not be used again'),
    });
    const other = await stripe.customers.create({});
    await expect(stripe.paymentMethods.attach(mastercard.id, { customer: other.id })).rejects.toMatchObject({
      code: 'payment_method_unexpected_state',
    });
    await expect(stripe.customers.listPaymentMethods('cus_missing')).rejects.toMatchObject({ statusCode: 404 });

    const types = events().map((event) => event.type);
    expect(types.filter((type) => type.startsWith('payment_method.'))).toEqual([
      'payment_method.attached',
      'payment_method.attached',
      'payment_method.updated',
      'payment_method.detached',
    ]);
    const detachedEvent = events().find((event) => event.type === 'payment_method.detached')!;
    expect(detachedEvent.data.previous_attributes).toEqual({ customer: customer.id });
    const updatedEvent = events().find((event) => event.type === 'payment_method.updated')!;
    expect(Object.keys(updatedEvent.data.previous_attributes ?? {}).sort()).toEqual([
      'billing_details',
      'card',
      'metadata',
    ]);
  });

  it('verifies cards on attach: declining cards fail, the charge-fail card attaches and declines later', async () => {
    const customer = await stripe.customers.create({});
    await expect(
      stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }),
    ).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    const attached = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        customer: customer.id,
        payment_method: attached.id,
        confirm: true,
        off_session: true,
      }),
    ).rejects.toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    // A customer's card can be used again after a payment; another customer's cannot.
    const stranger = await stripe.customers.create({});
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        customer: stranger.id,
        payment_method: attached.id,
      }),
    ).rejects.toMatchObject({ param: 'payment_method', message: expect.stringContaining('different Customer') });
  });
});
