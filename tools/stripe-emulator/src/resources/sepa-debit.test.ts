import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EmulatorControl } from '../control/client';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestEmulator, stripeClient } from '../test-kit';
import { normalizeIban } from '../stripe-js/assets/iban.js';
import { SEPA_SETTLEMENT_SECONDS, TEST_IBANS } from './sepa-debit';

const SUCCEEDS = 'AT611904300234573201';
const DELAYED = 'AT321904300235473204';
const FAILS = 'AT861904300235473202';
const offline = { customer_acceptance: { type: 'offline', accepted_at: 1590590577 } } as const;

describe('SEPA Direct Debit through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const types = () => events().map((event) => event.type);
  const sepaMethod = (iban = SUCCEEDS, billing: Stripe.PaymentMethodCreateParams.BillingDetails = {}) =>
    stripe.paymentMethods.create({
      type: 'sepa_debit',
      sepa_debit: { iban },
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com', ...billing },
    });
  const pay = async (iban = SUCCEEDS, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: (await sepaMethod(iban)).id,
      confirm: true,
      mandate_data: offline,
      ...extra,
    });

  beforeAll(async () => {
    // Real time: nothing settles by itself during a test unless the clock is moved.
    ({ emulator, stripe, control } = await startTestEmulator({ timeFactor: 1 }));
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it("knows Stripe's test IBANs as valid IBANs", () => {
    for (const iban of TEST_IBANS.keys()) expect(normalizeIban(iban)).toBe(iban);
    expect(normalizeIban('at61 1904 3002 3457 3201')).toBe(SUCCEEDS);
    expect(normalizeIban('AT611904300234573202')).toBeNull();
    expect(normalizeIban('AT61190430023457320')).toBeNull();
    expect(normalizeIban('US611904300234573201')).toBeNull();
  });

  it('creates a sepa_debit PaymentMethod showing only what Stripe shows of the IBAN', async () => {
    const pm = await sepaMethod();
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'sepa_debit',
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
      sepa_debit: {
        bank_code: '19043',
        branch_code: '',
        country: 'AT',
        fingerprint: expect.any(String),
        generated_from: null,
        last4: '3201',
      },
      customer: null,
    });
    expect(pm.card).toBeUndefined();
    const retrieved = await stripe.paymentMethods.retrieve(pm.id);
    expect(JSON.stringify(retrieved)).not.toContain('1904300234573201');
    expect((await sepaMethod()).sepa_debit!.fingerprint).toBe(pm.sepa_debit!.fingerprint);
    // An IBAN that is not a documented test IBAN is not kept at all.
    const other = await sepaMethod('DE02120300000000202051');
    expect(other.sepa_debit).toMatchObject({ bank_code: '12030000', country: 'DE', last4: '2051' });
    expect(JSON.stringify(emulator.emulator.store.snapshot())).not.toContain('120300000000202051');
  });

  it("refuses a bad IBAN with Stripe's 400 on sepa_debit[iban], and a missing one", async () => {
    for (const iban of ['AT611904300234573202', 'AT6119043002345732', 'XX611904300234573201', 'not an iban']) {
      await expect(sepaMethod(iban)).rejects.toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        code: 'invalid_bank_account_iban',
        param: 'sepa_debit[iban]',
      });
    }
    await expect(stripe.paymentMethods.create({ type: 'sepa_debit' })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'sepa_debit[iban]',
    });
  });

  it('confirms to processing with a pending charge and a mandate, then settles succeeded', async () => {
    const intent = await pay();
    expect(intent).toMatchObject({
      status: 'processing',
      amount_received: 0,
      payment_method_types: ['sepa_debit'],
      payment_method_options: { sepa_debit: {} },
      last_payment_error: null,
      next_action: null,
    });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({
      status: 'pending',
      paid: false,
      captured: true,
      amount: 1000,
      currency: 'eur',
      payment_intent: intent.id,
      payment_method_details: {
        type: 'sepa_debit',
        sepa_debit: { bank_code: '19043', country: 'AT', last4: '3201', mandate: expect.stringMatching(/^mandate_/) },
      },
    });
    const mandate = await stripe.mandates.retrieve(charge.payment_method_details!.sepa_debit!.mandate!);
    expect(mandate).toMatchObject({
      object: 'mandate',
      type: 'single_use',
      single_use: { amount: 1000, currency: 'eur' },
      status: 'active',
      payment_method: intent.payment_method,
      customer_acceptance: { type: 'offline', accepted_at: 1590590577, offline: {} },
      payment_method_details: { type: 'sepa_debit', sepa_debit: { reference: expect.any(String) } },
    });
    expect(mandate).not.toHaveProperty('created');
    expect(types()).toEqual(['payment_intent.created', 'charge.pending', 'payment_intent.processing']);

    // Stripe refuses refunds and cancellation while the debit is processing.
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('does not have a successful charge to refund'),
    });
    await expect(stripe.paymentIntents.cancel(intent.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('because it has a status of processing'),
    });
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });

    const settled = await control.settlePaymentIntent(intent.id);
    expect(settled).toMatchObject({ id: intent.id, status: 'succeeded', amount_received: 1000 });
    expect((await stripe.charges.retrieve(charge.id)).status).toBe('succeeded');
    expect(types().slice(-2)).toEqual(['charge.succeeded', 'payment_intent.succeeded']);
    expect(events().at(-1)!.request).toEqual({ id: null, idempotency_key: null });
    await expect(control.settlePaymentIntent(intent.id)).rejects.toMatchObject({ status: 400 });

    const refund = await stripe.refunds.create({ payment_intent: intent.id });
    expect(refund).toMatchObject({ status: 'pending', amount: 1000, charge: charge.id });
    expect(refund.destination_details).toBeUndefined();
  });

  it("fails the failing IBAN's debit: charge failed, PaymentIntent back to requires_payment_method", async () => {
    const intent = await pay(FAILS);
    expect(intent.status).toBe('processing');
    const failed = await control.settlePaymentIntent(intent.id);
    expect(failed).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: {
        type: 'card_error',
        code: 'insufficient_funds',
        charge: intent.latest_charge,
        payment_method: { id: intent.payment_method, type: 'sepa_debit' },
      },
    });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      status: 'failed',
      paid: false,
      failure_code: 'insufficient_funds',
      failure_message: "The customer's account has insufficient funds to cover this payment.",
    });
    expect(types().slice(-2)).toEqual(['charge.failed', 'payment_intent.payment_failed']);
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({ statusCode: 400 });

    // The control API can also force the outcome either way.
    const forced = await control.settlePaymentIntent((await pay(SUCCEEDS)).id, 'failed');
    expect(forced.last_payment_error).toMatchObject({ code: 'generic_could_not_process' });
    expect((await control.settlePaymentIntent((await pay(FAILS)).id, 'succeeded')).status).toBe('succeeded');
  });

  it("settles on the emulator's clock: at once for the plain IBANs, days later for the delayed one", async () => {
    const quick = await pay(SUCCEEDS);
    const delayed = await pay(DELAYED);
    const failing = await pay(FAILS);
    await control.advanceClock(SEPA_SETTLEMENT_SECONDS.immediate);
    expect((await stripe.paymentIntents.retrieve(quick.id)).status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(failing.id)).status).toBe('requires_payment_method');
    expect((await stripe.paymentIntents.retrieve(delayed.id)).status).toBe('processing');
    await control.advanceClock(SEPA_SETTLEMENT_SECONDS.delayed - SEPA_SETTLEMENT_SECONDS.immediate - 2);
    expect((await stripe.paymentIntents.retrieve(delayed.id)).status).toBe('processing');
    await control.advanceClock(2);
    expect((await stripe.paymentIntents.retrieve(delayed.id)).status).toBe('succeeded');
  });

  it('settles by itself, the wait compressed by the time factor', async () => {
    // Five days in under a second.
    const fast = await startTestEmulator({ timeFactor: 1_000_000 });
    try {
      const pm = await fast.stripe.paymentMethods.create({
        type: 'sepa_debit',
        sepa_debit: { iban: DELAYED },
        billing_details: { name: 'Bob Example', email: 'bob@example.com' },
      });
      const intent = await fast.stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['sepa_debit'],
        payment_method: pm.id,
        confirm: true,
        mandate_data: offline,
      });
      expect(intent.status).toBe('processing');
      await vi.waitFor(
        async () => expect((await fast.stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded'),
        { timeout: 2000, interval: 10 },
      );
    } finally {
      await fast.emulator.close();
    }
  });

  it("refuses what Stripe refuses: other currencies, no mandate, no name or email, a type the intent doesn't take", async () => {
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['sepa_debit'] }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'currency',
      message:
        'The currency provided (usd) is invalid. Payments with sepa_debit support the following currencies: eur.',
    });
    await expect(pay(SUCCEEDS, { mandate_data: undefined })).rejects.toMatchObject({
      statusCode: 400,
      param: 'mandate_data',
      message: expect.stringContaining('requires a mandate'),
    });
    const confirmWith = async (billing: Stripe.PaymentMethodCreateParams.BillingDetails) =>
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['sepa_debit'],
        payment_method: (await sepaMethod(SUCCEEDS, billing)).id,
        confirm: true,
        mandate_data: offline,
      });
    await expect(confirmWith({ name: '' })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'billing_details[name]',
    });
    await expect(confirmWith({ email: '' })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'billing_details[email]',
    });
    await expect(confirmWith({ name: 'Jo' })).rejects.toMatchObject({ code: 'invalid_owner_name' });
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['card'],
        payment_method: (await sepaMethod()).id,
        confirm: true,
        mandate_data: offline,
      }),
    ).rejects.toMatchObject({
      code: 'payment_intent_invalid_parameter',
      message: expect.stringContaining('The PaymentMethod provided (sepa_debit) is not allowed for this PaymentIntent'),
    });
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['sepa_debit'],
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('The PaymentMethod provided (card) is not allowed') });
    await expect(pay(SUCCEEDS, { capture_method: 'manual' })).rejects.toMatchObject({ param: 'capture_method' });
  });

  it('offers sepa_debit with automatic payment methods in eur only', async () => {
    const eur = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
    expect(eur.payment_method_types).toEqual(['card', 'sepa_debit']);
    const usd = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(usd.payment_method_types).toEqual(['card']);
    expect((await stripe.paymentIntents.update(eur.id, { currency: 'usd' })).payment_method_types).toEqual(['card']);
    const automatic = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method: (await sepaMethod()).id,
      confirm: true,
      mandate_data: offline,
    });
    expect(automatic.status).toBe('processing');
  });

  it('confirms from Stripe.js with payment_method_data and an online mandate inferred from the client', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'eur',
      allowed_payment_method_types: ['card', 'sepa_debit'],
    });
    const publishable = stripeClient(emulator.port, 'pk_test_emulator');
    const confirmed = await publishable.paymentIntents.confirm(intent.id, {
      client_secret: intent.client_secret!,
      payment_method_data: {
        type: 'sepa_debit',
        sepa_debit: { iban: 'DE89370400440532013000' },
        billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
      },
      mandate_data: { customer_acceptance: { type: 'online', online: { infer_from_client: true } } },
    } as Stripe.PaymentIntentConfirmParams);
    expect(confirmed.status).toBe('processing');
    const charge = await stripe.charges.retrieve(
      (await stripe.paymentIntents.retrieve(intent.id)).latest_charge as string,
    );
    const mandate = await stripe.mandates.retrieve(charge.payment_method_details!.sepa_debit!.mandate!);
    expect(mandate.customer_acceptance).toMatchObject({ type: 'online', online: expect.any(Object) });
    // With a secret key the online acceptance must name the customer's IP address and user agent.
    await expect(
      pay(SUCCEEDS, {
        mandate_data: {
          customer_acceptance: {
            type: 'online',
            online: { ip_address: '1.2.3.4' } as { ip_address: string; user_agent: string },
          },
        },
      }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: expect.stringContaining('user_agent') });
  });

  it('saves the method with setup_future_usage: a multi-use mandate the next payment reuses', async () => {
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const first = await pay(SUCCEEDS, { customer: customer.id, setup_future_usage: 'off_session' });
    const pm = await stripe.paymentMethods.retrieve(first.payment_method as string);
    expect(pm.customer).toBe(customer.id);
    const firstCharge = await stripe.charges.retrieve(first.latest_charge as string);
    const mandateId = firstCharge.payment_method_details!.sepa_debit!.mandate!;
    expect(await stripe.mandates.retrieve(mandateId)).toMatchObject({ type: 'multi_use', multi_use: {} });
    const again = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'eur',
      customer: customer.id,
      allowed_payment_method_types: ['sepa_debit'],
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(again.status).toBe('processing');
    const charge = await stripe.charges.retrieve(again.latest_charge as string);
    expect(charge.payment_method_details!.sepa_debit!.mandate).toBe(mandateId);
  });
});
