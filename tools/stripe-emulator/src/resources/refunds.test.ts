import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { failRefund, refundTiming } from './refunds';
import { startTestEmulator } from '../test-kit';

describe('refunds through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  const events = () => emulator.emulator.store.list<Stripe.Event & StoredObject>('event').reverse();
  const eventsAfter = (count: number) => events().slice(count);
  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('timed out waiting');
  };
  const pay = (paymentMethod = 'pm_card_visa', amount = 2000, currency = 'usd') =>
    stripe.paymentIntents.create({
      amount,
      currency,
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.emulator.reset();
    refundTiming.settleMs = 50;
  });

  it('refunds a PaymentIntent in full: pending, then succeeded, with the events Stripe sends', async () => {
    const intent = await pay();
    const before = events().length;
    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 2000,
      currency: 'usd',
      status: 'pending',
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
      payment_intent: intent.id,
      charge: intent.latest_charge,
      payment_method: intent.payment_method,
    });
    expect(refund.id).toMatch(/^re_/);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: true });
    const settled = await waitFor(
      () => stripe.refunds.retrieve(refund.id),
      (r) => r.status !== 'pending',
    );
    expect(settled.status).toBe('succeeded');
    expect(settled.destination_details?.card?.reference_status).toBe('available');
    const after = eventsAfter(before);
    expect(after.map((event) => event.type)).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'charge.refund.updated',
    ]);
    expect(after[1]!.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect(after[1]!.data.object).toMatchObject({ id: charge.id, amount_refunded: 2000, refunded: true });
    expect(after[2]!.data.previous_attributes).toMatchObject({ status: 'pending' });
    expect(after[2]!.request).toEqual({ id: null, idempotency_key: null });
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      code: 'charge_already_refunded',
      message: `Charge ${charge.id} has already been refunded.`,
    });
  });

  it('refunds a charge in parts, never more than is refundable', async () => {
    const intent = await pay();
    const charge = intent.latest_charge as string;
    const first = await stripe.refunds.create({ charge, amount: 500, reason: 'duplicate' });
    expect(first).toMatchObject({ amount: 500, reason: 'duplicate', payment_intent: intent.id });
    expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 500, refunded: false });
    await expect(stripe.refunds.create({ charge, amount: 1600 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'amount',
      message: 'Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)',
    });
    await expect(stripe.refunds.create({ charge, amount: 0 })).rejects.toMatchObject({ param: 'amount' });
    await expect(stripe.refunds.create({ charge, reason: 'because' as never })).rejects.toMatchObject({
      param: 'reason',
    });
    const rest = await stripe.refunds.create({ payment_intent: intent.id, reason: 'fraudulent' });
    expect(rest.amount).toBe(1500);
    expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 2000, refunded: true });
    const list = await stripe.refunds.list({ charge });
    expect(list.data.map((r) => r.id)).toEqual([rest.id, first.id]);
    expect((await stripe.refunds.list({ payment_intent: intent.id, limit: 1 })).has_more).toBe(true);
    await pay();
    expect((await stripe.refunds.list()).data).toHaveLength(2);
  });

  it('lists the refunds of one PaymentIntent (payment_intent filter), newest first, paged', async () => {
    const first = await pay();
    const second = await pay();
    const a = await stripe.refunds.create({ payment_intent: first.id, amount: 300 });
    const b = await stripe.refunds.create({ payment_intent: first.id, amount: 400 });
    const other = await stripe.refunds.create({ payment_intent: second.id, amount: 500 });
    expect((await stripe.refunds.list({ payment_intent: first.id })).data.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await stripe.refunds.list({ payment_intent: second.id })).data.map((r) => r.id)).toEqual([other.id]);
    // stripe-node's auto-pagination follows has_more through the filtered list.
    const paged: string[] = [];
    for await (const refund of stripe.refunds.list({ payment_intent: first.id, limit: 1 })) paged.push(refund.id);
    expect(paged).toEqual([b.id, a.id]);
    const unpaid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    expect((await stripe.refunds.list({ payment_intent: unpaid.id })).data).toEqual([]);
  });

  it('refuses refunds of payments that did not succeed or were not captured', async () => {
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await expect(stripe.refunds.create({ payment_intent: open.id })).rejects.toMatchObject({
      message: `This PaymentIntent (${open.id}) does not have a successful charge to refund.`,
    });
    const declined = await pay('pm_card_chargeDeclined').catch((e: Stripe.errors.StripeCardError) => e);
    await expect(
      stripe.refunds.create({ charge: (declined as Stripe.errors.StripeCardError).charge! }),
    ).rejects.toMatchObject({
      code: 'charge_not_refundable',
    });
    const held = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await expect(stripe.refunds.create({ payment_intent: held.id })).rejects.toMatchObject({
      code: 'charge_not_refundable',
    });
    await expect(stripe.refunds.create({})).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.refunds.create({ charge: 'ch_missing' })).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.refunds.create({ payment_intent: held.id, reverse_transfer: true })).rejects.toMatchObject({
      param: 'reverse_transfer',
    });
  });

  it('refunds only the captured part of a partially captured payment', async () => {
    const held = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'eur',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await stripe.paymentIntents.capture(held.id, { amount_to_capture: 1000 });
    await expect(stripe.refunds.create({ payment_intent: held.id, amount: 1001 })).rejects.toMatchObject({
      message: 'Refund amount (€10.01) is greater than unrefunded amount on charge (€10.00)',
    });
    expect((await stripe.refunds.create({ payment_intent: held.id })).amount).toBe(1000);
  });

  it('fails refunds of the refund-failure card and gives the amount back to the charge', async () => {
    const intent = await pay('pm_card_refundFail');
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 800 });
    expect(refund.status).toBe('pending');
    const failed = await waitFor(
      () => stripe.refunds.retrieve(refund.id),
      (r) => r.status !== 'pending',
    );
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({
      amount_refunded: 0,
      refunded: false,
    });
    const types = events().map((event) => event.type);
    expect(types.slice(types.indexOf('refund.created'))).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'refund.failed',
      'charge.refund.updated',
      'charge.updated',
    ]);
  });

  it('lets the control hook fail a pending refund, and cancels only pending refunds', async () => {
    refundTiming.settleMs = 5_000;
    const intent = await pay();
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    const failed = failRefund(emulator.emulator, refund.id, 'lost_or_stolen_card');
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'lost_or_stolen_card' });
    expect(() => failRefund(emulator.emulator, refund.id)).toThrow(/only a pending or succeeded refund can fail/);
    expect(() => failRefund(emulator.emulator, 're_missing')).toThrow("No such refund: 're_missing'");
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(0);

    const pending = await stripe.refunds.create({ payment_intent: intent.id, amount: 700 });
    const canceled = await stripe.refunds.cancel(pending.id);
    expect(canceled.status).toBe('canceled');
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(0);
    await expect(stripe.refunds.cancel(pending.id)).rejects.toMatchObject({
      message: `Refund ${pending.id} cannot be canceled because it has a status of canceled. Only a pending refund can be canceled.`,
    });
    expect(
      events()
        .slice(-3)
        .map((event) => event.type),
    ).toEqual(['refund.updated', 'charge.refund.updated', 'charge.updated']);
  });

  it('updates refund metadata and lists by created', async () => {
    const intent = await pay();
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100, metadata: { a: '1' } });
    const updated = await stripe.refunds.update(refund.id, { metadata: { a: '', b: '2' } });
    expect(updated.metadata).toEqual({ b: '2' });
    const updateEvent = events().find((event) => event.type === 'refund.updated')!;
    expect(updateEvent.data.previous_attributes).toEqual({ metadata: { a: '1' } });
    expect((await stripe.refunds.list({ created: { gte: refund.created } })).data.map((r) => r.id)).toEqual([
      refund.id,
    ]);
    expect((await stripe.refunds.list({ created: { gt: refund.created } })).data).toHaveLength(0);
    await expect(stripe.refunds.update(refund.id, { amount: 5 } as never)).rejects.toMatchObject({
      code: 'parameter_unknown',
    });
  });
});
