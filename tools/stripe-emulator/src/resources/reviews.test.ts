import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { startTestReceiver } from '../webhooks/test-receiver';
import { startTestEmulator } from '../test-kit';
import type { ChargeObject } from './charge-store';
import { openDispute } from './disputes';

describe('Radar reviews through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const types = () => events().map((event) => event.type);
  const pay = (paymentMethod = 'pm_card_riskLevelElevated', extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...extra,
    });
  const reviewOf = async (intent: Stripe.PaymentIntent) => stripe.reviews.retrieve(intent.review as string);

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('places an elevated-risk payment in review: the review opens before the payment’s success events', async () => {
    const intent = await pay();
    expect(intent.status).toBe('succeeded');
    expect(intent.review).toMatch(/^prv_/);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.review).toBe(intent.review);
    expect(charge.outcome).toEqual({
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: 'elevated_risk_level',
      risk_level: 'elevated',
      risk_score: expect.any(Number),
      seller_message:
        'Stripe evaluated this payment as having elevated risk, and placed it in your manual review queue.',
      type: 'manual_review',
    });
    expect(charge.outcome!.risk_score).toBeGreaterThanOrEqual(65);
    expect(charge.outcome!.risk_score).toBeLessThanOrEqual(75);

    const review = await reviewOf(intent);
    expect(review).toEqual({
      id: intent.review,
      object: 'review',
      billing_zip: null,
      charge: charge.id,
      closed_reason: null,
      created: expect.any(Number),
      ip_address: null,
      ip_address_location: null,
      livemode: false,
      open: true,
      opened_reason: 'rule',
      payment_intent: intent.id,
      reason: 'rule',
      session: null,
    });
    const order = types();
    expect(order.indexOf('review.opened')).toBeGreaterThan(-1);
    expect(order.indexOf('review.opened')).toBeLessThan(order.indexOf('charge.succeeded'));
    expect(order.indexOf('charge.succeeded')).toBeLessThan(order.indexOf('payment_intent.succeeded'));
    const opened = events().find((event) => event.type === 'review.opened')!;
    expect(opened.data.object).toMatchObject({ id: review.id, open: true, charge: charge.id });
    expect(opened.request?.id).toEqual(expect.stringMatching(/^req_/));
    // The payment's own events already point at the review.
    const succeeded = events().find((event) => event.type === 'payment_intent.succeeded')!;
    expect(succeeded.data.object.review).toBe(review.id);

    const expanded = await stripe.reviews.retrieve(review.id, { expand: ['charge', 'payment_intent'] });
    expect((expanded.charge as Stripe.Charge).id).toBe(charge.id);
    expect((expanded.payment_intent as Stripe.PaymentIntent).id).toBe(intent.id);
  });

  it('opens no review for other cards', async () => {
    const intent = await pay('pm_card_visa');
    expect(intent.review).toBeNull();
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ review: null, outcome: { type: 'authorized', risk_level: 'normal' } });
    expect((await stripe.reviews.list()).data).toEqual([]);
    expect(types()).not.toContain('review.opened');
  });

  it('lists open reviews newest first with pagination and created filters, and approves them', async () => {
    const first = await pay();
    const second = await pay();
    const third = await pay();
    const ids = [third.review, second.review, first.review];
    expect((await stripe.reviews.list()).data.map((r) => r.id)).toEqual(ids);
    const page = await stripe.reviews.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    expect((await stripe.reviews.list({ limit: 2, starting_after: page.data[1]!.id })).data.map((r) => r.id)).toEqual([
      first.review,
    ]);
    expect(await stripe.reviews.list({ limit: 1 }).autoPagingToArray({ limit: 10 })).toHaveLength(3);
    const created = (await reviewOf(first)).created;
    expect((await stripe.reviews.list({ created: { gte: created } })).data).toHaveLength(3);
    expect((await stripe.reviews.list({ created: { gt: created + 3600 } })).data).toEqual([]);

    const approved = await stripe.reviews.approve(second.review as string, {}, { idempotencyKey: 'approve-2' });
    expect(approved).toMatchObject({
      open: false,
      closed_reason: 'approved',
      reason: 'approved',
      opened_reason: 'rule',
    });
    const closed = events().at(-1)!;
    expect(closed.type).toBe('review.closed');
    expect(closed.data.object).toMatchObject({ id: second.review, open: false, closed_reason: 'approved' });
    expect(closed.request?.idempotency_key).toBe('approve-2');
    // The same key answers the same approval again; a new approval of a closed review is refused.
    expect(await stripe.reviews.approve(second.review as string, {}, { idempotencyKey: 'approve-2' })).toEqual(
      approved,
    );
    await expect(stripe.reviews.approve(second.review as string)).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: expect.stringContaining('already closed'),
    });
    expect(types().filter((type) => type === 'review.closed')).toHaveLength(1);
    expect((await stripe.reviews.list()).data.map((r) => r.id)).toEqual([third.review, first.review]);
    expect((await reviewOf(second)).open).toBe(false);
    await expect(stripe.reviews.retrieve('prv_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such review: 'prv_missing'",
    });
  });

  it('closes the review when the payment is refunded in full, as fraud when the refund says so', async () => {
    const partly = await pay();
    await stripe.refunds.create({ payment_intent: partly.id, amount: 1000 });
    expect((await reviewOf(partly)).open).toBe(true);
    await stripe.refunds.create({ payment_intent: partly.id });
    expect(await reviewOf(partly)).toMatchObject({ open: false, closed_reason: 'refunded', reason: 'refunded' });
    expect(types().slice(-3)).toEqual(['refund.created', 'charge.refunded', 'review.closed']);

    const fraud = await pay();
    await stripe.refunds.create({ payment_intent: fraud.id, reason: 'fraudulent' });
    expect(await reviewOf(fraud)).toMatchObject({ open: false, closed_reason: 'refunded_as_fraud' });
  });

  it('closes the review when the payment is disputed, or its authorization released', async () => {
    const disputed = await pay();
    const charge = emulator.emulator.store.get<ChargeObject>(disputed.latest_charge as string, 'charge')!;
    openDispute(emulator.emulator, charge, { reason: 'fraudulent', caseType: 'chargeback' });
    expect(await reviewOf(disputed)).toMatchObject({ open: false, closed_reason: 'disputed' });
    expect(types().slice(-3)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'review.closed']);

    const held = await pay('pm_card_riskLevelElevated', { capture_method: 'manual' });
    expect(held.status).toBe('requires_capture');
    expect((await reviewOf(held)).open).toBe(true);
    await stripe.paymentIntents.cancel(held.id);
    expect(await reviewOf(held)).toMatchObject({ open: false, closed_reason: 'canceled' });
  });

  it('delivers review events to endpoints subscribed to them', async () => {
    const receiver = await startTestReceiver();
    try {
      const endpoint = await stripe.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: ['review.opened', 'review.closed'],
      });
      const intent = await pay();
      await stripe.reviews.approve(intent.review as string);
      const received = (await receiver.waitFor(2)).map((request) =>
        stripe.webhooks.constructEvent(
          request.rawBody,
          request.headers['stripe-signature'] as string,
          endpoint.secret!,
        ),
      );
      expect(received.map((event) => event.type).sort()).toEqual(['review.closed', 'review.opened']);
    } finally {
      await receiver.close();
    }
  });
});
