import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { startTestEmulator } from '../test-kit';

describe('customer sessions through stripe-node, and what the Payment Element frame reads with one', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());

  const session = (customer: string, features: Stripe.CustomerSessionCreateParams.Components.PaymentElement.Features) =>
    stripe.customerSessions.create({ customer, components: { payment_element: { enabled: true, features } } });
  const frameRead = (clientSecret: string, key = 'pk_test_frame') =>
    fetch(`${emulator.url}/js.stripe.com/v3/customer-session?client_secret=${encodeURIComponent(clientSecret)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
  async function savedCard(customer: string, allowRedisplay: 'always' | 'limited' | 'unspecified') {
    // As the Payment Element's frame makes one, with the publishable key (secret keys may not send card numbers).
    const response = await fetch(`${emulator.url}/v1/payment_methods`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_test_frame', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'card',
        'card[number]': '4242424242424242',
        'card[exp_month]': '12',
        'card[exp_year]': '2034',
        'card[cvc]': '123',
        allow_redisplay: allowRedisplay,
      }),
    });
    const method = (await response.json()) as Stripe.PaymentMethod;
    return stripe.paymentMethods.attach(method.id, { customer });
  }

  it('creates a session of 30 minutes with a client secret and the features asked for', async () => {
    const customer = await stripe.customers.create({ email: 'cs@example.com' });
    const created = await session(customer.id, { payment_method_save: 'enabled', payment_method_redisplay: 'enabled' });
    expect(created).toMatchObject({
      object: 'customer_session',
      customer: customer.id,
      client_secret: expect.stringMatching(/^cuss_\w+_secret_/),
      components: {
        payment_element: {
          enabled: true,
          features: {
            payment_method_save: 'enabled',
            payment_method_redisplay: 'enabled',
            payment_method_remove: 'disabled',
            payment_method_allow_redisplay_filters: ['always'],
          },
        },
      },
    });
    expect(created.expires_at - created.created).toBe(1800);
    expect(created).not.toHaveProperty('id');
    await expect(stripe.customerSessions.create({ customer: 'cus_missing', components: {} })).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('shows the frame only the cards the session may show again, until the session expires', async () => {
    const customer = await stripe.customers.create({});
    const always = await savedCard(customer.id, 'always');
    await savedCard(customer.id, 'limited');
    const { client_secret: secret } = await session(customer.id, {
      payment_method_save: 'enabled',
      payment_method_redisplay: 'enabled',
    });
    expect(await (await frameRead(secret)).json()).toEqual({
      save: true,
      paymentMethods: [{ id: always.id, brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 }],
    });
    const wider = await session(customer.id, {
      payment_method_redisplay: 'enabled',
      payment_method_allow_redisplay_filters: ['always', 'limited'],
    });
    expect(
      ((await (await frameRead(wider.client_secret)).json()) as { paymentMethods: unknown[] }).paymentMethods,
    ).toHaveLength(2);
    const none = await session(customer.id, { payment_method_redisplay: 'disabled' });
    expect(await (await frameRead(none.client_secret)).json()).toEqual({ save: false, paymentMethods: [] });

    expect((await frameRead(secret, 'sk_test_secret')).status).toBe(401);
    expect((await frameRead(`${secret}x`)).status).toBe(400);
    await fetch(`${emulator.url}/_emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 1801 }),
    });
    expect((await frameRead(secret)).status).toBe(400);
  });
});
