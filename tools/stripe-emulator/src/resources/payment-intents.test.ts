import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestEmulator, stripeClient } from '../test-kit';

describe('payment intents through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let publishable: Stripe;

  /** Every event so far, oldest first. */
  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const eventTypes = () => events().map((event) => event.type);
  const card = { allow_redirects: 'never' } as const;
  const noRedirects = { automatic_payment_methods: { enabled: true, ...card } };

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
    publishable = stripeClient(emulator.port, 'pk_test_emulator');
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('creates with Stripe defaults and emits payment_intent.created', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1999, currency: 'USD', metadata: { order_id: '42' } });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 1999,
      currency: 'usd',
      status: 'requires_payment_method',
      capture_method: 'automatic_async',
      confirmation_method: 'automatic',
      automatic_payment_methods: { enabled: true },
      payment_method_types: ['card'],
      amount_received: 0,
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata: { order_id: '42' },
      livemode: false,
    });
    expect(intent.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_[A-Za-z0-9]+$`));
    expect(intent.payment_method_configuration_details?.id).toMatch(/^pmc_/);
    expect(eventTypes()).toEqual(['payment_intent.created']);
    // stripe-node sends an idempotency key of its own with every POST; the event records it.
    expect(events()[0]!.request).toEqual({
      id: intent.lastResponse.requestId,
      idempotency_key: expect.stringMatching(/^stripe-node-retry-/),
    });
  });

  it('enforces per-currency minimum and maximum amounts', async () => {
    const cases: [number, string, string][] = [
      [49, 'usd', 'Amount must be at least $0.50 usd'],
      [49, 'eur', 'Amount must be at least €0.50 eur'],
      [29, 'gbp', 'Amount must be at least £0.30 gbp'],
      [49, 'jpy', 'Amount must be at least ¥50 jpy'],
    ];
    for (const [amount, currency, message] of cases) {
      await expect(stripe.paymentIntents.create({ amount, currency })).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        code: 'amount_too_small',
        param: 'amount',
        message,
      });
      await expect(stripe.paymentIntents.create({ amount: amount + 1, currency })).resolves.toMatchObject({
        amount: amount + 1,
      });
    }
    await expect(stripe.paymentIntents.create({ amount: 100_000_000, currency: 'usd' })).rejects.toMatchObject({
      code: 'amount_too_large',
      message: 'Amount must be no more than $999,999.99',
    });
    await expect(stripe.paymentIntents.create({ amount: 99_999_999, currency: 'usd' })).resolves.toBeTruthy();
    await expect(stripe.paymentIntents.create({ amount: 500, currency: 'xyz' })).rejects.toMatchObject({
      param: 'currency',
      message: expect.stringMatching(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, /),
    });
    await expect(stripe.paymentIntents.create({ amount: 0, currency: 'usd' })).rejects.toMatchObject({
      code: 'parameter_invalid_integer',
    });
    await expect(stripe.paymentIntents.create({ currency: 'usd' } as never)).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'amount',
    });
  });

  it('keeps zero-decimal JPY amounts exact end to end', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1234,
      currency: 'jpy',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(intent).toMatchObject({ status: 'succeeded', amount: 1234, amount_received: 1234, currency: 'jpy' });
    expect(charge).toMatchObject({ amount: 1234, amount_captured: 1234, currency: 'jpy' });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 2000 })).rejects.toMatchObject({
      param: 'amount',
      message: 'Refund amount (¥2,000) is greater than unrefunded amount on charge (¥1,234)',
    });
  });

  it('runs the happy path: create, confirm, succeeded, with the events Stripe sends', async () => {
    const customer = await stripe.customers.create({ email: 'buyer@example.com' });
    const created = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      receipt_email: 'buyer@example.com',
      description: 'Order 42',
      metadata: { order_id: '42' },
    });
    const confirmed = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.example/return',
      expand: ['latest_charge', 'payment_method'],
    });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(2500);
    const charge = confirmed.latest_charge as Stripe.Charge;
    const paymentMethod = confirmed.payment_method as Stripe.PaymentMethod;
    expect(paymentMethod).toMatchObject({ object: 'payment_method', card: { brand: 'visa', last4: '4242' } });
    expect(paymentMethod.id).toMatch(/^pm_(?!card_)/);
    expect(charge).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      paid: true,
      captured: true,
      amount: 2500,
      amount_captured: 2500,
      customer: customer.id,
      payment_intent: created.id,
      payment_method: paymentMethod.id,
      receipt_email: 'buyer@example.com',
      description: 'Order 42',
      metadata: { order_id: '42' },
      outcome: { network_status: 'approved_by_network', type: 'authorized', risk_level: 'normal' },
    });
    expect(eventTypes()).toEqual([
      'customer.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    const succeeded = events().find((event) => event.type === 'payment_intent.succeeded')!;
    expect(succeeded.data.object).toMatchObject({ id: created.id, status: 'succeeded', latest_charge: charge.id });
    expect(succeeded.request?.id).toBe(confirmed.lastResponse.requestId);
    // pm_card_* ids materialise a fresh PaymentMethod on every use, as on Stripe.
    const again = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
    });
    expect(again.payment_method).not.toBe(paymentMethod.id);
  });

  it('requires a return_url for server-side confirmation with redirect-capable automatic payment methods', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
    });
    expect(intent.status).toBe('requires_confirmation');
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('you must provide a `return_url`'),
    });
    const allowed = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_mastercard',
      confirm: true,
    });
    expect(allowed).toMatchObject({
      status: 'succeeded',
      automatic_payment_methods: null,
      allowed_payment_method_types: ['card'],
      payment_method_types: ['card'],
    });
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['ideal'] }),
    ).rejects.toMatchObject({ code: 'payment_method_unsupported_type', param: 'allowed_payment_method_types' });
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        automatic_payment_methods: { enabled: true },
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('You may only specify one of these parameters') });
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: 'acct_1' } }),
    ).rejects.toMatchObject({ param: 'transfer_data', message: expect.stringContaining('not emulated') });
  });

  const declines: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'pm_card_chargeDeclined',
      { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
      { reason: 'generic_decline', seller_message: 'The bank did not return any further details with this decline.' },
    ],
    [
      'pm_card_chargeDeclinedInsufficientFunds',
      { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
      { reason: 'insufficient_funds' },
    ],
    [
      'pm_card_chargeDeclinedLostCard',
      { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
      { reason: 'lost_card' },
    ],
    [
      'pm_card_chargeDeclinedStolenCard',
      { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
      { reason: 'stolen_card' },
    ],
    [
      'pm_card_chargeDeclinedExpiredCard',
      { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
      { reason: 'expired_card' },
    ],
    [
      'pm_card_chargeDeclinedIncorrectCvc',
      {
        code: 'incorrect_cvc',
        decline_code: 'incorrect_cvc',
        message: "Your card's security code is incorrect.",
        param: 'cvc',
      },
      { reason: 'incorrect_cvc' },
    ],
    [
      'pm_card_chargeDeclinedProcessingError',
      {
        code: 'processing_error',
        decline_code: 'processing_error',
        message: 'An error occurred while processing your card. Try again in a little bit.',
      },
      { reason: 'processing_error' },
    ],
  ];

  it.each(declines)('declines %s with Stripe’s codes and a failed charge', async (pm, error, outcome) => {
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', ...noRedirects });
    const failure = await stripe.paymentIntents.confirm(intent.id, { payment_method: pm }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = failure as Stripe.errors.StripeCardError;
    expect(cardError).toMatchObject({ statusCode: 402, ...error });
    expect(cardError.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: cardError.charge,
      last_payment_error: { type: 'card_error', charge: cardError.charge, ...error },
    });
    expect(after.last_payment_error?.payment_method?.id).toMatch(/^pm_/);
    const charge = await stripe.charges.retrieve(cardError.charge!);
    expect(charge).toMatchObject({
      status: 'failed',
      paid: false,
      captured: false,
      amount_captured: 0,
      failure_code: error.code,
      failure_message: error.message,
      outcome: { network_status: 'declined_by_network', type: 'issuer_declined', ...outcome },
    });
    expect(eventTypes()).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    // A declined intent can be retried with another card.
    const retried = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('captures manually, in part, and refuses a second capture', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
    });
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 2000, amount_received: 0 });
    const authorized = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(authorized).toMatchObject({ status: 'succeeded', captured: false, amount_captured: 0 });
    await expect(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 2001 })).rejects.toMatchObject({
      code: 'amount_too_large',
      param: 'amount_to_capture',
    });
    const captured = await stripe.paymentIntents.capture(intent.id, {
      amount_to_capture: 1500,
      metadata: { captured_by: 'ops' },
    });
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 1500,
      amount_capturable: 0,
      metadata: { captured_by: 'ops' },
    });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    // The uncaptured remainder is released, and shows as refunded on the charge.
    expect(charge).toMatchObject({ captured: true, amount_captured: 1500, amount_refunded: 500, refunded: false });
    expect(eventTypes()).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'charge.captured',
      'payment_intent.succeeded',
    ]);
    const capturedEvent = events().find((event) => event.type === 'charge.captured')!;
    expect(capturedEvent.data.previous_attributes).toEqual({ captured: false, amount_captured: 0, amount_refunded: 0 });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message:
        'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
      payment_intent: { id: intent.id, status: 'succeeded' },
    });
  });

  it('cancels, releasing an authorization, and refuses wrong-state transitions', async () => {
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    await expect(stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('because it has a status of canceled'),
    });

    const held = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
    });
    await stripe.paymentIntents.cancel(held.id);
    expect(await stripe.charges.retrieve(held.latest_charge as string)).toMatchObject({
      captured: false,
      refunded: true,
      amount_refunded: 1000,
    });
    expect(eventTypes().slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);

    const paid = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
    });
    await expect(stripe.paymentIntents.cancel(paid.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message:
        'You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
    });
    await expect(stripe.paymentIntents.confirm(paid.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message:
        'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
    });
    const bare = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await expect(stripe.paymentIntents.confirm(bare.id, { return_url: 'https://x.example' })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining("because it's missing a payment method"),
    });
  });

  it('updates while open; after success only metadata-like fields', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { a: '1' } });
    const updated = await stripe.paymentIntents.update(intent.id, {
      amount: 1500,
      payment_method: 'pm_card_visa',
      metadata: { b: '2' },
      description: 'more',
    });
    expect(updated).toMatchObject({
      amount: 1500,
      status: 'requires_confirmation',
      metadata: { a: '1', b: '2' },
      description: 'more',
    });
    await expect(stripe.paymentIntents.update(intent.id, { amount: 10 })).rejects.toMatchObject({
      code: 'amount_too_small',
    });
    const paid = await stripe.paymentIntents.confirm(intent.id, { return_url: 'https://x.example' });
    expect(paid.amount_received).toBe(1500);
    await expect(stripe.paymentIntents.update(intent.id, { amount: 2000 })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining(
        "This PaymentIntent's amount could not be updated because it has a status of succeeded",
      ),
    });
    expect((await stripe.paymentIntents.update(intent.id, { metadata: { shipped: 'yes' } })).metadata).toEqual({
      a: '1',
      b: '2',
      shipped: 'yes',
    });
    expect(eventTypes().filter((type) => type.startsWith('payment_intent.'))).toEqual([
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
  });

  it('challenges 3D Secure cards and completes or fails the authentication', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'eur',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://shop.example/return',
    });
    expect(intent.status).toBe('requires_action');
    expect(intent.latest_charge).toBeNull();
    expect(intent.next_action).toMatchObject({
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `http://127.0.0.1:${emulator.port}/3ds/${intent.id}?client_secret=${intent.client_secret}`,
        source: expect.stringMatching(/^src_/),
      },
    });
    const post = (id: string, outcome: string, secret: string) =>
      fetch(`${emulator.url}/3ds/${id}/${outcome}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: secret }).toString(),
      });
    const wrong = await post(intent.id, 'complete', `${intent.id}_secret_nope`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'client_secret' } });
    const done = await post(intent.id, 'complete', intent.client_secret!);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ id: intent.id, status: 'succeeded', next_action: null });
    const succeeded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect((succeeded.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure).toMatchObject({
      result: 'authenticated',
      authentication_flow: 'challenge',
    });
    expect((await post(intent.id, 'complete', intent.client_secret!)).status).toBe(400);

    const failing = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'eur',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      ...noRedirects,
    });
    const failed = await post(failing.id, 'fail', failing.client_secret!);
    expect(await failed.json()).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message:
          'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      },
    });
    expect((await stripe.paymentIntents.retrieve(failing.id)).latest_charge).toBeNull();
    expect(eventTypes().filter((type) => type.startsWith('payment_intent.'))).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.succeeded',
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.payment_failed',
    ]);
  });

  it('declines a 3D Secure card off-session with authentication_required', async () => {
    const customer = await stripe.customers.create({});
    const failure = await stripe.paymentIntents
      .create({
        amount: 1000,
        currency: 'usd',
        customer: customer.id,
        payment_method: 'pm_card_authenticationRequired',
        confirm: true,
        off_session: true,
      })
      .catch((e: unknown) => e as Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({
      type: 'StripeCardError',
      code: 'authentication_required',
      decline_code: 'authentication_required',
      payment_intent: { status: 'requires_payment_method' },
    });
  });

  it('confirms with a publishable key only with the matching client_secret, and shows the client-side fields', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      metadata: { secret: 'server-only' },
    });
    await expect(publishable.paymentIntents.retrieve(intent.id)).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'client_secret',
    });
    await expect(
      publishable.paymentIntents.retrieve(intent.id, { client_secret: `${intent.id}_secret_wrong` }),
    ).rejects.toMatchObject({ code: 'payment_intent_invalid_parameter', param: 'client_secret' });
    const seen = await publishable.paymentIntents.retrieve(intent.id, { client_secret: intent.client_secret! });
    expect(seen).toMatchObject({ id: intent.id, amount: 1200, status: 'requires_payment_method' });
    expect(seen).not.toHaveProperty('metadata');
    expect(seen).not.toHaveProperty('customer');
    const confirmed = await publishable.paymentIntents.confirm(intent.id, {
      client_secret: intent.client_secret,
      payment_method_data: {
        type: 'card',
        card: { number: '4242424242424242', exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' },
        billing_details: { name: 'Ada Lovelace', address: { postal_code: '10001' } },
      },
    } as Stripe.PaymentIntentConfirmParams);
    expect(confirmed.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(
      (await stripe.paymentIntents.retrieve(intent.id)).latest_charge as string,
    );
    expect(charge.billing_details).toMatchObject({ name: 'Ada Lovelace', address: { postal_code: '10001' } });
    expect(charge.payment_method_details?.card?.checks).toEqual({
      address_line1_check: null,
      address_postal_code_check: 'pass',
      cvc_check: 'pass',
    });
    await expect(publishable.paymentIntents.create({ amount: 1000, currency: 'usd' })).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(publishable.paymentIntents.capture(intent.id)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('saves the card with setup_future_usage, attaching it to the customer for off-session reuse', async () => {
    const customer = await stripe.customers.create({});
    const first = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      setup_future_usage: 'off_session',
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
      ...noRedirects,
    });
    expect(first.status).toBe('requires_action');
    await fetch(`${emulator.url}/3ds/${first.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_secret=${encodeURIComponent(first.client_secret!)}`,
    });
    const paid = await stripe.paymentIntents.retrieve(first.id);
    expect(paid.status).toBe('succeeded');
    expect((await stripe.paymentMethods.retrieve(paid.payment_method as string)).customer).toBe(customer.id);
    expect(eventTypes().slice(-3)).toEqual(['charge.succeeded', 'payment_method.attached', 'payment_intent.succeeded']);
    const again = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: paid.payment_method as string,
      confirm: true,
      off_session: true,
    });
    expect(again.status).toBe('succeeded');
  });

  it('names payment_method_data fields in parameter errors, and card fields in card errors', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const confirm = (card: Record<string, unknown>) =>
      publishable.paymentIntents.confirm(intent.id, {
        client_secret: intent.client_secret,
        payment_method_data: { type: 'card', card },
      } as Stripe.PaymentIntentConfirmParams);
    await expect(confirm({ number: '4242424242424242', exp_year: 2040 })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'payment_method_data[card][exp_month]',
    });
    await expect(confirm({ number: '4000000000000001', exp_month: 1, exp_year: 2040 })).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'incorrect_number',
      param: 'number',
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('replays an idempotent create, including a declined confirm, without charging twice', async () => {
    const params = { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...noRedirects };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1' });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    await expect(
      stripe.paymentIntents.create({ ...params, amount: 2000 }, { idempotencyKey: 'order-1' }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError' });

    const declined = { ...params, payment_method: 'pm_card_chargeDeclined' };
    const firstError = (await stripe.paymentIntents
      .create(declined, { idempotencyKey: 'order-2' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const replayedError = (await stripe.paymentIntents
      .create(declined, { idempotencyKey: 'order-2' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(replayedError).toMatchObject({ type: 'StripeCardError', charge: firstError.charge });
    expect(replayedError.payment_intent?.id).toBe(firstError.payment_intent?.id);
    expect((await stripe.charges.list({ limit: 100 })).data).toHaveLength(2);
  });

  it('lists with customer and created filters, pagination and auto-pagination', async () => {
    const alice = await stripe.customers.create({ name: 'Alice' });
    const bob = await stripe.customers.create({ name: 'Bob' });
    const start = emulator.emulator.clock.now();
    for (let i = 0; i < 12; i++) {
      emulator.emulator.clock.offsetSeconds = i * 60;
      await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', customer: alice.id });
    }
    await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', customer: bob.id });
    const page = await stripe.paymentIntents.list({ customer: alice.id, limit: 5 });
    expect(page.data.map((pi) => pi.amount)).toEqual([1011, 1010, 1009, 1008, 1007]);
    expect(page.has_more).toBe(true);
    const next = await stripe.paymentIntents.list({ customer: alice.id, limit: 5, starting_after: page.data[4]!.id });
    expect(next.data.map((pi) => pi.amount)).toEqual([1006, 1005, 1004, 1003, 1002]);
    const all = await stripe.paymentIntents.list({ customer: alice.id, limit: 4 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(12);
    const window = await stripe.paymentIntents.list({
      customer: alice.id,
      created: { gte: start + 120, lt: start + 300 },
    });
    expect(window.data.map((pi) => pi.amount)).toEqual([1004, 1003, 1002]);
    expect((await stripe.paymentIntents.list({ customer: bob.id })).data.map((pi) => pi.amount)).toEqual([5000]);
    const expanded = await stripe.paymentIntents.list({ limit: 1, expand: ['data.customer'] });
    expect((expanded.data[0]!.customer as Stripe.Customer).name).toBe('Bob');
    emulator.emulator.clock.offsetSeconds = 0;
  });

  it('searches by metadata and status with AND, and pages the results', async () => {
    const paid = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      metadata: { order_id: '123' },
      payment_method: 'pm_card_visa',
      confirm: true,
      ...noRedirects,
    });
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { order_id: '123' } });
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { order_id: '999' } });
    const byOrder = await stripe.paymentIntents.search({ query: "metadata['order_id']:'123'" });
    expect(byOrder.object).toBe('search_result');
    expect(byOrder.data.map((pi) => pi.id)).toEqual([open.id, paid.id]);
    const both = await stripe.paymentIntents.search({
      query: `metadata["order_id"]:"123" AND status:'succeeded'`,
    });
    expect(both.data.map((pi) => pi.id)).toEqual([paid.id]);
    const negated = await stripe.paymentIntents.search({ query: "-status:'succeeded' AND amount>=1000" });
    expect(negated.data).toHaveLength(2);
    const firstPage = await stripe.paymentIntents.search({ query: 'amount:1000', limit: 2 });
    expect(firstPage).toMatchObject({ has_more: true, next_page: expect.any(String) });
    const rest = await stripe.paymentIntents.search({ query: 'amount:1000', limit: 2, page: firstPage.next_page! });
    expect(rest.data).toHaveLength(1);
    expect(rest.next_page).toBeNull();
    expect(
      await stripe.paymentIntents.search({ query: 'amount:1000', limit: 1 }).autoPagingToArray({ limit: 10 }),
    ).toHaveLength(3);
    await expect(stripe.paymentIntents.search({ query: "colour:'red'" })).rejects.toMatchObject({
      param: 'query',
      message: expect.stringContaining('unsupported search field'),
    });
    await expect(
      stripe.paymentIntents.search({ query: "status:'succeeded' AND amount:1 OR amount:2" }),
    ).rejects.toMatchObject({ param: 'query' });
  });

  it('refuses a PaymentMethod used once without a customer, and answers unknown ids like Stripe', async () => {
    const pm = await publishable.paymentMethods.create({
      type: 'card',
      card: { number: '4242424242424242', exp_month: 1, exp_year: new Date().getFullYear() + 1 },
    });
    await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: pm.id,
      confirm: true,
      ...noRedirects,
    });
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id }),
    ).rejects.toMatchObject({ message: expect.stringContaining('may not be used again') });
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such payment_intent: 'pi_missing'",
    });
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_nope' }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_method' });
    await expect(stripe.paymentIntents.incrementAuthorization('pi_missing', { amount: 10 })).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
