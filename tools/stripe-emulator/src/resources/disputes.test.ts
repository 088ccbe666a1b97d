import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { resolveDispute } from './disputes';
import { startTestEmulator } from '../test-kit';

describe('disputes through stripe-node', () => {
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
  const pay = (paymentMethod = 'pm_card_createDispute', extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({
      amount: 4200,
      currency: 'usd',
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...extra,
    });
  const disputeOf = async (charge: string) =>
    (
      await waitFor(
        () => stripe.disputes.list({ charge }),
        (list) => list.data.length > 0,
      )
    ).data[0]!;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.emulator.reset());

  it('opens a fraudulent dispute as the dispute card pays: it exists when the confirmation returns', async () => {
    const intent = await pay();
    const charge = intent.latest_charge as string;
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    if (!dispute) throw new Error('no dispute when the confirmation returned');
    // The payment's own events come first, then the issuer's.
    expect(types()).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
    ]);
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 4200,
      currency: 'usd',
      charge,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      evidence: { uncategorized_text: null, customer_name: null },
      evidence_details: { has_evidence: false, past_due: false, submission_count: 0 },
      payment_method_details: { type: 'card', card: { brand: 'visa', case_type: 'chargeback' } },
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details.due_by).toBe(dispute.created + 7 * 86400);
    expect((await stripe.charges.retrieve(charge)).disputed).toBe(true);
    expect(types().slice(-2)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    expect(events().at(-1)!.request).toEqual({ id: null, idempotency_key: null });
    await expect(stripe.refunds.create({ charge })).rejects.toMatchObject({ code: 'charge_disputed' });
    expect((await stripe.disputes.list({ payment_intent: intent.id })).data.map((d) => d.id)).toEqual([dispute.id]);
    expect((await stripe.disputes.retrieve(dispute.id)).id).toBe(dispute.id);
  });

  it('lists the disputes of one PaymentIntent (payment_intent filter) and none of another', async () => {
    const disputed = await pay();
    const other = await pay();
    const clean = await pay('pm_card_visa');
    const first = await disputeOf(disputed.latest_charge as string);
    const second = await disputeOf(other.latest_charge as string);
    expect((await stripe.disputes.list({ payment_intent: disputed.id })).data.map((d) => d.id)).toEqual([first.id]);
    expect((await stripe.disputes.list({ payment_intent: other.id })).data.map((d) => d.id)).toEqual([second.id]);
    expect((await stripe.disputes.list({ payment_intent: clean.id })).data).toEqual([]);
    const paged: string[] = [];
    for await (const dispute of stripe.disputes.list({ payment_intent: disputed.id, limit: 1 })) paged.push(dispute.id);
    expect(paged).toEqual([first.id]);
  });

  it('opens no dispute for other cards, and for a manual capture only once captured', async () => {
    await pay('pm_card_visa');
    const held = await pay('pm_card_createDispute', { capture_method: 'manual' });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await stripe.disputes.list()).data).toHaveLength(0);
    await stripe.paymentIntents.capture(held.id);
    // Opened by the capture itself, after its payment_intent.succeeded.
    expect(types().slice(-3)).toEqual([
      'payment_intent.succeeded',
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
    ]);
    const dispute = await disputeOf(held.latest_charge as string);
    expect(dispute.amount).toBe(4200);
    const product = await pay('pm_card_createDisputeProductNotReceived');
    expect((await disputeOf(product.latest_charge as string)).reason).toBe('product_not_received');
  });

  it('saves evidence, submits it (under_review) and resolves it won through the control hook', async () => {
    const intent = await pay();
    const dispute = await disputeOf(intent.latest_charge as string);
    const saved = await stripe.disputes.update(dispute.id, {
      evidence: { customer_name: 'Ada', product_description: 'A teapot' },
      metadata: { case: '7' },
    });
    expect(saved).toMatchObject({
      status: 'needs_response',
      evidence: { customer_name: 'Ada', product_description: 'A teapot' },
      evidence_details: { has_evidence: true, submission_count: 0 },
      metadata: { case: '7' },
    });
    const updatedEvent = events().at(-1)!;
    expect(updatedEvent.type).toBe('charge.dispute.updated');
    expect(updatedEvent.data.previous_attributes).toMatchObject({
      evidence: { customer_name: null, product_description: null },
      metadata: {},
    });
    const submitted = await stripe.disputes.update(dispute.id, { submit: true });
    expect(submitted).toMatchObject({
      status: 'under_review',
      evidence_details: { submission_count: 1, submission_method: 'manual' },
    });
    await expect(stripe.disputes.close(dispute.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('has a status of under_review'),
    });
    const won = resolveDispute(emulator.emulator, dispute.id, 'won');
    expect(won.status).toBe('won');
    expect(types().slice(-2)).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    expect(() => resolveDispute(emulator.emulator, dispute.id, 'lost')).toThrow(/already closed/);
    await expect(stripe.disputes.update(dispute.id, { metadata: { late: 'yes' } })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('opens an inquiry for the inquiry card: nothing withdrawn, refundable, warning_* statuses', async () => {
    const intent = await pay('pm_card_createDisputeInquiry');
    const charge = intent.latest_charge as string;
    const inquiry = await disputeOf(charge);
    expect(inquiry).toMatchObject({
      reason: 'fraudulent',
      status: 'warning_needs_response',
      is_charge_refundable: true,
      balance_transactions: [],
      network_reason_code: null,
      payment_method_details: { type: 'card', card: { case_type: 'inquiry' } },
    });
    expect(types().slice(-1)).toEqual(['charge.dispute.created']);
    expect(types()).not.toContain('charge.dispute.funds_withdrawn');
    expect((await stripe.charges.retrieve(charge)).disputed).toBe(true);

    const submitted = await stripe.disputes.update(inquiry.id, {
      evidence: { uncategorized_text: 'Delivered and signed for' },
      submit: true,
    });
    expect(submitted.status).toBe('warning_under_review');
    const closed = resolveDispute(emulator.emulator, inquiry.id, 'won');
    expect(closed).toMatchObject({ status: 'warning_closed', is_charge_refundable: true });
    expect(types().slice(-1)).toEqual(['charge.dispute.closed']);
    expect(types()).not.toContain('charge.dispute.funds_reinstated');

    // Accepting an inquiry closes it too; an inquiry never stops a refund.
    const other = await pay('pm_card_createDisputeInquiry');
    const second = await disputeOf(other.latest_charge as string);
    expect((await stripe.disputes.close(second.id)).status).toBe('warning_closed');
    const third = await pay('pm_card_createDisputeInquiry');
    await disputeOf(third.latest_charge as string);
    expect((await stripe.refunds.create({ payment_intent: third.id })).status).toBe('pending');
  });

  it('takes files with purpose dispute_evidence as evidence, and refuses others', async () => {
    const dispute = await disputeOf((await pay()).latest_charge as string);
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const receipt = await stripe.files.create({ purpose: 'dispute_evidence', file: { data: pdf, name: 'r.pdf' } });
    const passport = await stripe.files.create({ purpose: 'identity_document', file: { data: pdf, name: 'p.pdf' } });
    const updated = await stripe.disputes.update(dispute.id, {
      evidence: { receipt: receipt.id, uncategorized_file: receipt.id, shipping_tracking_number: 'file_not_a_file' },
    });
    expect(updated.evidence).toMatchObject({
      receipt: receipt.id,
      uncategorized_file: receipt.id,
      shipping_tracking_number: 'file_not_a_file',
    });
    const expanded = await stripe.disputes.retrieve(dispute.id, { expand: ['evidence.receipt'] });
    expect((expanded.evidence.receipt as Stripe.File).filename).toBe('r.pdf');

    await expect(
      stripe.disputes.update(dispute.id, { evidence: { shipping_documentation: 'file_missing' } }),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'evidence[shipping_documentation]',
      message: "No such file: 'file_missing'",
    });
    await expect(stripe.disputes.update(dispute.id, { evidence: { receipt: passport.id } })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'evidence[receipt]',
      message: expect.stringContaining('purpose `dispute_evidence`'),
    });
    // A refused update changes nothing; an empty value clears a file field.
    expect((await stripe.disputes.retrieve(dispute.id)).evidence.receipt).toBe(receipt.id);
    expect((await stripe.disputes.update(dispute.id, { evidence: { receipt: '' } })).evidence.receipt).toBeNull();
  });

  it('closes (accepts) a dispute as lost, and resolves Stripe’s test evidence automatically', async () => {
    const first = await disputeOf((await pay()).latest_charge as string);
    const closed = await stripe.disputes.close(first.id);
    expect(closed.status).toBe('lost');
    expect(types().at(-1)).toBe('charge.dispute.closed');

    const second = await disputeOf((await pay()).latest_charge as string);
    await stripe.disputes.update(second.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    const won = await waitFor(
      () => stripe.disputes.retrieve(second.id),
      (d) => d.status !== 'under_review',
    );
    expect(won.status).toBe('won');

    const third = await disputeOf((await pay()).latest_charge as string);
    await stripe.disputes.update(third.id, { evidence: { uncategorized_text: 'losing_evidence' }, submit: true });
    expect(
      (
        await waitFor(
          () => stripe.disputes.retrieve(third.id),
          (d) => d.status !== 'under_review',
        )
      ).status,
    ).toBe('lost');
    const all = await stripe.disputes.list({ limit: 2 });
    expect(all.data.map((d) => d.id)).toEqual([third.id, second.id]);
    expect(all.has_more).toBe(true);
    await expect(stripe.disputes.retrieve('dp_missing')).rejects.toMatchObject({
      statusCode: 404,
      message: "No such dispute: 'dp_missing'",
    });
  });
});
