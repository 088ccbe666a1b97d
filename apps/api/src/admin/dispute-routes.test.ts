import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { DisputeList, DisputeView } from '@storepay/payments-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { waitFor } from '../test-support';
import {
  asStaff,
  createTestStaff,
  emulatorStripe,
  startAdminTestSystem,
  type AdminTestSystem,
  type TestStaff,
} from './test-kit';

describeEachDatabase('dispute evidence from the admin on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let stripe: Stripe;
  let support: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { emulator: true });
    ({ db, app } = system);
    stripe = emulatorStripe(system.emulator!);
    [support, viewer] = await Promise.all([createTestStaff(app, 'support'), createTestStaff(app, 'viewer')]);
  });

  afterAll(async () => {
    await system.close();
  });

  /** A payment the emulator's dispute test card gets disputed, recorded as its webhooks leave it. */
  async function disputedOrder(amount = 3100) {
    const order = await db.prisma.order.create({
      data: { currency: 'usd', amount, email: 'buyer@example.com', status: 'disputed', paidAt: new Date() },
    });
    const intent = await stripe.paymentIntents.create({
      amount,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      confirm: true,
      metadata: { order_id: order.id },
    });
    const payment = await db.prisma.payment.create({
      data: {
        orderId: order.id,
        stripePaymentIntentId: intent.id,
        status: 'succeeded',
        currency: 'usd',
        amount,
        amountReceived: amount,
      },
    });
    const dispute = await waitFor('the emulator to open the dispute', async () => {
      const { data } = await stripe.disputes.list({ payment_intent: intent.id });
      return data[0];
    });
    expect(dispute.status).toBe('needs_response');
    const row = await db.prisma.dispute.create({
      data: {
        paymentId: payment.id,
        stripeDisputeId: dispute.id,
        amount: dispute.amount,
        currency: dispute.currency,
        reason: dispute.reason,
        status: 'needs_response',
        evidenceDueBy: new Date(dispute.evidence_details.due_by! * 1000),
        lastStripeEventAt: new Date(dispute.created * 1000),
      },
    });
    return { orderId: order.id, disputeId: row.id, stripeDisputeId: dispute.id };
  }

  const save = (staff: TestStaff, disputeId: string, evidence: Record<string, string>) =>
    asStaff(app, staff, { method: 'PUT', url: `/api/admin/disputes/${disputeId}/evidence`, payload: { evidence } });

  it('saves evidence as a draft, then submits it: it reaches Stripe, the dispute is under review, audited', async () => {
    const { orderId, disputeId, stripeDisputeId } = await disputedOrder();
    const first = await save(support, disputeId, {
      product_description: 'A linen tote, shipped 2 Dec',
      shipping_tracking_number: '1Z999',
    });
    expect(first.statusCode).toBe(200);
    const draft = await save(support, disputeId, { shipping_tracking_number: '', uncategorized_text: 'Signed for' });
    expect(draft.json<DisputeView>().evidence).toEqual({
      product_description: 'A linen tote, shipped 2 Dec',
      uncategorized_text: 'Signed for',
    });
    // A draft stays here until submitted.
    expect((await stripe.disputes.retrieve(stripeDisputeId)).evidence.product_description).toBeNull();

    const submitted = await asStaff(app, support, { method: 'POST', url: `/api/admin/disputes/${disputeId}/submit` });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json<DisputeView>()).toMatchObject({
      status: 'under_review',
      evidenceSubmittedAt: expect.any(String),
    });
    const atStripe = await stripe.disputes.retrieve(stripeDisputeId);
    expect(atStripe).toMatchObject({
      status: 'under_review',
      evidence: { product_description: 'A linen tote, shipped 2 Dec', uncategorized_text: 'Signed for' },
    });
    expect(atStripe.evidence_details.submission_count).toBe(1);

    const again = await asStaff(app, support, { method: 'POST', url: `/api/admin/disputes/${disputeId}/submit` });
    expect(again.statusCode).toBe(409);
    expect((await save(support, disputeId, { uncategorized_text: 'late' })).statusCode).toBe(409);
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: orderId }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual([
      'dispute.evidence_saved',
      'dispute.evidence_saved',
      'dispute.evidence_submitted',
    ]);
    // Field names only: the values may be personal data.
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain('Signed for');
  });

  it('refuses a viewer, unknown fields, a file field without a file id, and an empty submission', async () => {
    const { disputeId } = await disputedOrder();
    expect((await save(viewer, disputeId, { uncategorized_text: 'x' })).statusCode).toBe(403);
    const unknown = await save(support, disputeId, { favourite_colour: 'blue' });
    expect(unknown.statusCode).toBe(400);
    const notAFile = await save(support, disputeId, { receipt: 'https://example.com/receipt.pdf' });
    expect(notAFile.statusCode).toBe(400);
    expect(notAFile.json()).toMatchObject({ error: { fields: { 'evidence.receipt': expect.any(String) } } });
    const empty = await asStaff(app, support, { method: 'POST', url: `/api/admin/disputes/${disputeId}/submit` });
    expect(empty.statusCode).toBe(422);
  });

  it('uploads a document to Stripe’s Files API, fills the field, and submits it; refuses what is not PDF/JPEG/PNG', async () => {
    const { disputeId, stripeDisputeId } = await disputedOrder();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const upload = (staff: TestStaff, body: Buffer, type: string, field = 'receipt') =>
      asStaff(app, staff, {
        method: 'POST',
        url: `/api/admin/disputes/${disputeId}/files?field=${field}&name=receipt.pdf`,
        headers: { 'content-type': type },
        payload: body,
      });
    expect((await upload(viewer, pdf, 'application/pdf')).statusCode).toBe(403);
    const text = await upload(support, Buffer.from('hello'), 'text/plain');
    expect(text.statusCode).toBe(422);
    expect(text.json()).toMatchObject({ error: { fields: { file: 'must be a PDF, JPEG or PNG' } } });
    expect((await upload(support, pdf, 'application/pdf', 'favourite_file')).statusCode).toBe(400);

    const uploaded = await upload(support, pdf, 'application/pdf');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { fileId } = uploaded.json<{ fileId: string }>();
    expect(await stripe.files.retrieve(fileId)).toMatchObject({ purpose: 'dispute_evidence', size: pdf.length });
    // The same bytes again are the same Stripe file (its idempotency key is the content's hash).
    expect((await upload(support, pdf, 'application/pdf')).json<{ fileId: string }>().fileId).toBe(fileId);
    const dispute = (await asStaff(app, support, { url: `/api/admin/disputes/${disputeId}` })).json<DisputeView>();
    expect(dispute.evidence).toEqual({ receipt: fileId });

    expect((await save(support, disputeId, { product_description: 'A tote' })).statusCode).toBe(200);
    const submitted = await asStaff(app, support, { method: 'POST', url: `/api/admin/disputes/${disputeId}/submit` });
    expect(submitted.statusCode).toBe(200);
    expect((await stripe.disputes.retrieve(stripeDisputeId)).evidence).toMatchObject({
      receipt: fileId,
      product_description: 'A tote',
    });
  });

  it('lists disputes by evidence deadline with the amounts at risk', async () => {
    await disputedOrder(1000);
    const list = (await asStaff(app, viewer, { url: '/api/admin/disputes' })).json<DisputeList>();
    const deadlines = list.disputes.map((dispute) => dispute.evidenceDueBy ?? '');
    expect([...deadlines].sort()).toEqual(deadlines);
    const open = list.disputes.filter((dispute) => dispute.open).reduce((sum, dispute) => sum + dispute.amount, 0);
    expect(list.totals.atRisk.usd).toBe(open);
  });
});
