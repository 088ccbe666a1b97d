import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { authenticateThreeDS } from './payment-intents';
import { startTestEmulator, stripeClient } from '../test-kit';

describe('setup intents through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let publishable: Stripe;

  const types = () =>
    emulator.emulator.store
      .list<Stripe.Event & StoredObject>('event')
      .reverse()
      .map((event) => event.type);
  const noRedirects = { automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
    publishable = stripeClient(emulator.port, 'pk_test_emulator');
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('saves a card for a customer: created, confirmed, attached', async () => {
    const customer = await stripe.customers.create({});
    const intent = await stripe.setupIntents.create({ customer: customer.id, metadata: { purpose: 'subscription' } });
    expect(intent).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      usage: 'off_session',
      customer: customer.id,
      automatic_payment_methods: { enabled: true },
      payment_method_types: ['card'],
      metadata: { purpose: 'subscription' },
    });
    expect(intent.id).toMatch(/^seti_/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    await expect(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      message: expect.stringContaining('you must provide a `return_url`'),
    });
    const confirmed = await stripe.setupIntents.confirm(intent.id, {
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.example/saved',
    });
    expect(confirmed).toMatchObject({ status: 'succeeded', last_setup_error: null, next_action: null });
    const saved = await stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data.map((pm) => pm.id)).toEqual([confirmed.payment_method]);
    expect(types()).toEqual([
      'customer.created',
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
    ]);
    await expect(stripe.setupIntents.confirm(intent.id)).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.',
    });
    await expect(stripe.setupIntents.cancel(intent.id)).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
      message: expect.stringContaining('because it has a status of succeeded'),
    });
    // The saved card pays off-session later.
    const later = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      customer: customer.id,
      payment_method: confirmed.payment_method as string,
      confirm: true,
      off_session: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('fails with a declining card: setup_failed and a card error carrying the SetupIntent', async () => {
    const customer = await stripe.customers.create({});
    const error = (await stripe.setupIntents
      .create({
        customer: customer.id,
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
        ...noRedirects,
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      setup_intent: { status: 'requires_payment_method' },
    });
    const intent = await stripe.setupIntents.retrieve(error.setup_intent!.id);
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(types()).toContain('setup_intent.setup_failed');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(0);
  });

  it('authenticates 3D Secure cards through the same challenge, then pays off-session without one', async () => {
    const customer = await stripe.customers.create({});
    const intent = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
      ...noRedirects,
    });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.use_stripe_sdk).toMatchObject({
      type: 'three_d_secure_redirect',
      stripe_js: expect.stringContaining(`/3ds/${intent.id}?client_secret=`),
    });
    const response = await fetch(`${emulator.url}/3ds/${intent.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_secret=${encodeURIComponent(intent.client_secret!)}`,
    });
    expect(await response.json()).toMatchObject({ id: intent.id, object: 'setup_intent', status: 'succeeded' });
    expect(types().filter((type) => type.startsWith('setup_intent.'))).toEqual([
      'setup_intent.created',
      'setup_intent.requires_action',
      'setup_intent.succeeded',
    ]);
    const paymentMethod = (await stripe.setupIntents.retrieve(intent.id)).payment_method as string;
    const offSession = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      customer: customer.id,
      payment_method: paymentMethod,
      confirm: true,
      off_session: true,
    });
    expect(offSession.status).toBe('succeeded');
    // The same card never set up needs authentication, which an off-session payment cannot give.
    await expect(
      stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        payment_method: 'pm_card_authenticationRequiredOnSetup',
        confirm: true,
        off_session: true,
      }),
    ).rejects.toMatchObject({ code: 'authentication_required' });
  });

  it('fails the authentication: requires_payment_method with setup_intent_authentication_failure', async () => {
    const intent = await stripe.setupIntents.create({
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      ...noRedirects,
    });
    const failed = authenticateThreeDS(emulator.emulator, intent.id, 'fail', null) as unknown as Stripe.SetupIntent;
    expect(failed).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: {
        type: 'invalid_request_error',
        code: 'setup_intent_authentication_failure',
        message:
          'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      },
    });
    expect(types().at(-1)).toBe('setup_intent.setup_failed');
    expect(() => authenticateThreeDS(emulator.emulator, intent.id, 'complete', null)).toThrow(/requires_action/);
  });

  it('confirms with a publishable key and the client secret, as Stripe.js does', async () => {
    const intent = await stripe.setupIntents.create({ usage: 'on_session', description: 'card for later' });
    await expect(publishable.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject(
      { code: 'parameter_missing', param: 'client_secret' },
    );
    const confirmed = await publishable.setupIntents.confirm(intent.id, {
      client_secret: intent.client_secret,
      payment_method_data: {
        type: 'card',
        card: { number: '5555555555554444', exp_month: 10, exp_year: new Date().getFullYear() + 3, cvc: '999' },
      },
    } as Stripe.SetupIntentConfirmParams);
    expect(confirmed).toMatchObject({ status: 'succeeded', usage: 'on_session' });
    expect(confirmed).not.toHaveProperty('metadata');
    const seen = await publishable.setupIntents.retrieve(intent.id, { client_secret: intent.client_secret! });
    expect(seen.status).toBe('succeeded');
    const pm = await stripe.paymentMethods.retrieve(seen.payment_method as string);
    expect(pm.card?.last4).toBe('4444');
  });

  it('updates, cancels and lists', async () => {
    const customer = await stripe.customers.create({});
    const first = await stripe.setupIntents.create({ customer: customer.id });
    const second = await stripe.setupIntents.create({});
    const updated = await stripe.setupIntents.update(second.id, {
      payment_method: 'pm_card_visa',
      metadata: { k: 'v' },
      description: 'd',
    });
    expect(updated).toMatchObject({ status: 'requires_confirmation', metadata: { k: 'v' }, description: 'd' });
    const canceled = await stripe.setupIntents.cancel(first.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(types().at(-1)).toBe('setup_intent.canceled');
    await expect(stripe.setupIntents.confirm(first.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
    });
    expect((await stripe.setupIntents.list({ customer: customer.id })).data.map((si) => si.id)).toEqual([first.id]);
    expect((await stripe.setupIntents.list({ payment_method: updated.payment_method as string })).data).toHaveLength(1);
    expect((await stripe.setupIntents.list({ limit: 1 })).has_more).toBe(true);
    await expect(stripe.setupIntents.create({ single_use: { amount: 100, currency: 'usd' } })).rejects.toMatchObject({
      param: 'single_use',
    });
    await expect(stripe.setupIntents.retrieve('seti_missing')).rejects.toMatchObject({ statusCode: 404 });
  });
});
