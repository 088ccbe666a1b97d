import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestReceiver } from '../webhooks/test-receiver';
import { startTestEmulator } from '../test-kit';
import type { ChargeObject } from './charge-store';
import { openDispute } from './disputes';

describe('early fraud warnings through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const types = () => events().map((event) => event.type);
  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('timed out waiting');
  };
  const pay = (
    paymentMethod = 'pm_card_createIssuerFraudRecord',
    extra: Partial<Stripe.PaymentIntentCreateParams> = {},
  ) =>
    stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...extra,
    });
  const warningOf = async (charge: string) =>
    (
      await waitFor(
        () => stripe.radar.earlyFraudWarnings.list({ charge }),
        (list) => list.data.length > 0,
      )
    ).data[0]!;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('warns as the warning card pays, actionable until the charge is refunded in full', async () => {
    const intent = await pay();
    const charge = intent.latest_charge as string;
    expect(intent.status).toBe('succeeded');
    // Already there when the confirmation returns, after the payment's own events.
    expect((await stripe.radar.earlyFraudWarnings.list()).data.map((w) => w.charge)).toEqual([charge]);
    expect(types().slice(-3)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'radar.early_fraud_warning.created',
    ]);
    const warning = await warningOf(charge);
    expect(warning).toEqual({
      id: expect.stringMatching(/^issfr_/),
      object: 'radar.early_fraud_warning',
      actionable: true,
      charge,
      created: expect.any(Number),
      fraud_type: 'made_with_stolen_card',
      livemode: false,
      payment_intent: intent.id,
    });
    const created = events().at(-1)!;
    expect(created).toMatchObject({
      type: 'radar.early_fraud_warning.created',
      request: { id: null, idempotency_key: null },
    });
    expect(created.data.object).toEqual(warning);
    expect(await stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toEqual(warning);
    // No dispute comes with it.
    expect((await stripe.disputes.list({ charge })).data).toEqual([]);

    await stripe.refunds.create({ charge, amount: 2000 });
    expect((await stripe.radar.earlyFraudWarnings.retrieve(warning.id)).actionable).toBe(true);
    await stripe.refunds.create({ charge, reason: 'fraudulent' }, { idempotencyKey: 'refund-rest' });
    expect((await stripe.radar.earlyFraudWarnings.retrieve(warning.id)).actionable).toBe(false);
    const updated = events().at(-1)!;
    expect(updated).toMatchObject({
      type: 'radar.early_fraud_warning.updated',
      request: { idempotency_key: 'refund-rest' },
      data: { object: { id: warning.id, actionable: false }, previous_attributes: { actionable: true } },
    });
    expect(events().filter((event) => event.type === 'radar.early_fraud_warning.updated')).toHaveLength(1);
  });

  it('is no longer actionable once the charge is disputed, and warns only after a manual capture', async () => {
    const held = await pay('pm_card_createIssuerFraudRecord', { capture_method: 'manual' });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await stripe.radar.earlyFraudWarnings.list()).data).toEqual([]);
    await stripe.paymentIntents.capture(held.id);
    const warning = await warningOf(held.latest_charge as string);
    expect(warning.actionable).toBe(true);

    const charge = emulator.emulator.store.get<ChargeObject>(held.latest_charge as string, 'charge')!;
    openDispute(emulator.emulator, charge, { reason: 'fraudulent', caseType: 'chargeback' });
    expect((await stripe.radar.earlyFraudWarnings.retrieve(warning.id)).actionable).toBe(false);
    expect(events().at(-1)).toMatchObject({
      type: 'radar.early_fraud_warning.updated',
      data: { previous_attributes: { actionable: true } },
    });
  });

  it('lists by charge and payment_intent with pagination, and answers 404s as Stripe does', async () => {
    const first = await pay();
    const second = await pay();
    await pay('pm_card_visa');
    const a = await warningOf(first.latest_charge as string);
    const b = await warningOf(second.latest_charge as string);
    expect((await stripe.radar.earlyFraudWarnings.list()).data.map((w) => w.id)).toEqual([b.id, a.id]);
    expect((await stripe.radar.earlyFraudWarnings.list({ payment_intent: first.id })).data.map((w) => w.id)).toEqual([
      a.id,
    ]);
    const page = await stripe.radar.earlyFraudWarnings.list({ limit: 1 });
    expect(page).toMatchObject({ has_more: true, url: '/v1/radar/early_fraud_warnings' });
    expect(await stripe.radar.earlyFraudWarnings.list({ limit: 1 }).autoPagingToArray({ limit: 10 })).toHaveLength(2);
    expect((await stripe.radar.earlyFraudWarnings.list({ created: { gt: b.created + 3600 } })).data).toEqual([]);
    await expect(stripe.radar.earlyFraudWarnings.retrieve('issfr_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(stripe.radar.earlyFraudWarnings.list({ charge: 'ch_missing' })).rejects.toMatchObject({
      statusCode: 404,
      param: 'charge',
    });
  });

  it('delivers its events to endpoints subscribed to them', async () => {
    const receiver = await startTestReceiver();
    try {
      await stripe.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: ['radar.early_fraud_warning.created', 'radar.early_fraud_warning.updated'],
      });
      const intent = await pay();
      await warningOf(intent.latest_charge as string);
      await stripe.refunds.create({ payment_intent: intent.id });
      const types = (await receiver.waitFor(2)).map((request) => (JSON.parse(request.rawBody) as Stripe.Event).type);
      expect(types.sort()).toEqual(['radar.early_fraud_warning.created', 'radar.early_fraud_warning.updated']);
    } finally {
      await receiver.close();
    }
  });
});
