import { randomUUID } from 'node:crypto';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { AuthorizationResponse, OpenAuthorizationList, PaymentDetail } from '@storepay/payments-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import {
  asStaff,
  createTestStaff,
  emulatorStripe,
  startAdminTestSystem,
  type AdminTestSystem,
  type TestStaff,
} from './test-kit';

const HOUR = 3600_000;

describeEachDatabase('manual capture from the admin on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let stripe: Stripe;
  let support: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, {
      emulator: true,
      env: { CAPTURE_METHOD: 'manual', REFUND_APPROVAL_THRESHOLDS: 'USD:1000' },
    });
    ({ db, app } = system);
    stripe = emulatorStripe(system.emulator!);
    [support, viewer] = await Promise.all([createTestStaff(app, 'support'), createTestStaff(app, 'viewer')]);
  });

  afterAll(async () => {
    await system.close();
  });

  /** A manual-capture order whose card the emulator authorised, as the webhooks leave it. */
  async function authorizedOrder(amount = 4200, captureBefore = new Date(Date.now() + 7 * 24 * HOUR)) {
    const order = await db.prisma.order.create({
      data: { currency: 'usd', amount, email: 'buyer@example.com', status: 'authorized', captureMethod: 'manual' },
    });
    const intent = await stripe.paymentIntents.create({
      amount,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      confirm: true,
      metadata: { order_id: order.id },
    });
    expect(intent.status).toBe('requires_capture');
    await db.prisma.order.update({ where: { id: order.id }, data: { paymentIntentId: intent.id } });
    await db.prisma.payment.create({
      data: {
        orderId: order.id,
        stripePaymentIntentId: intent.id,
        status: 'requires_capture',
        currency: 'usd',
        amount,
        amountCapturable: amount,
        email: order.email,
        authorizedAt: new Date(),
        captureBefore,
      },
    });
    return { orderId: order.id, paymentIntentId: intent.id };
  }

  const decide = (
    staff: TestStaff,
    orderId: string,
    kind: 'capture' | 'cancel' | 'refunds',
    payload: Record<string, unknown> = {},
    key: string | null = randomUUID(),
  ) =>
    asStaff(app, staff, {
      method: 'POST',
      url: `/api/admin/payments/${orderId}/${kind}`,
      payload,
      headers: key ? { 'idempotency-key': key } : {},
    });

  it('captures half of an authorisation, then refunds part of it and the rest: the order ends refunded', async () => {
    const { orderId, paymentIntentId } = await authorizedOrder(4200);
    const captured = await decide(support, orderId, 'capture', { amount: 2100, note: 'one of two shipped' });
    expect(captured.statusCode).toBe(201);
    expect(captured.json<AuthorizationResponse>()).toMatchObject({
      orderStatus: 'paid',
      action: { kind: 'capture', amount: 2100, status: 'succeeded', requestedBy: { email: support.email } },
    });
    expect(await stripe.paymentIntents.retrieve(paymentIntentId)).toMatchObject({
      status: 'succeeded',
      amount_received: 2100,
    });
    expect(await db.prisma.payment.findFirstOrThrow({ where: { orderId } })).toMatchObject({
      status: 'succeeded',
      amountReceived: 2100,
      amountCapturable: 0,
    });

    // Refundable is what was captured, not the order's total.
    const tooMuch = await decide(support, orderId, 'refunds', { amount: 2101, reason: 'requested_by_customer' });
    expect(tooMuch.statusCode).toBe(422);
    const part = await decide(support, orderId, 'refunds', { amount: 1000, reason: 'requested_by_customer' });
    expect(part.statusCode).toBe(201);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe('partially_refunded');
    const rest = await decide(support, orderId, 'refunds', { reason: 'requested_by_customer' });
    expect(rest.json()).toMatchObject({ refund: { amount: 1100 } });
    expect(await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: 'refunded',
      amountRefunded: 2100,
    });

    const audit = await db.prisma.auditLog.findMany({ where: { targetId: orderId }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ['payment.capture_requested', support.email],
      ['payment.captured', support.email],
    ]);
    const detail = (await asStaff(app, support, { url: `/api/admin/payments/${orderId}` })).json<PaymentDetail>();
    expect(detail.authorization).toMatchObject({
      captureMethod: 'manual',
      amountCapturable: 0,
      actions: [{ kind: 'capture', amount: 2100, status: 'succeeded', reason: 'one of two shipped' }],
    });
    expect(detail.timeline.map((entry) => entry.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/capture/i)]),
    );
  });

  it('of a capture and a cancel sent at once, exactly one wins, and Stripe agrees with it', async () => {
    for (let round = 0; round < 3; round++) {
      const { orderId, paymentIntentId } = await authorizedOrder(3000);
      const [capture, cancel] = await Promise.all([
        decide(support, orderId, 'capture'),
        decide(support, orderId, 'cancel', { reason: 'requested_by_customer' }),
      ]);
      const codes = [capture.statusCode, cancel.statusCode].sort();
      expect(codes).toEqual([201, 409]);
      const loser = capture.statusCode === 409 ? capture : cancel;
      expect(loser.json()).toMatchObject({ error: { code: 'authorization_decided' } });
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      const order = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      if (capture.statusCode === 201) {
        expect([intent.status, order.status]).toEqual(['succeeded', 'paid']);
      } else {
        expect([intent.status, order.status]).toEqual(['canceled', 'canceled']);
      }
      expect(await db.prisma.authorizationAction.count({ where: { payment: { orderId } } })).toBe(1);
    }
  });

  it('refuses a viewer, a request without an Idempotency-Key, and more than the authorisation holds', async () => {
    const { orderId, paymentIntentId } = await authorizedOrder(2000);
    expect((await decide(viewer, orderId, 'capture')).statusCode).toBe(403);
    expect((await decide(viewer, orderId, 'cancel')).statusCode).toBe(403);
    expect((await decide(support, orderId, 'capture', {}, null)).statusCode).toBe(400);
    const over = await decide(support, orderId, 'capture', { amount: 2001 });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      error: { code: 'amount_exceeds_capturable', fields: { amount: expect.any(String) } },
    });
    expect((await decide(support, orderId, 'capture', { amount: 0 })).statusCode).toBe(400);
    expect((await stripe.paymentIntents.retrieve(paymentIntentId)).status).toBe('requires_capture');
    expect(await db.prisma.authorizationAction.count({ where: { payment: { orderId } } })).toBe(0);
  });

  it('answers a retried capture with the same decision, and captures once', async () => {
    const { orderId } = await authorizedOrder(1500);
    const key = randomUUID();
    const first = await decide(support, orderId, 'capture', { amount: 500 }, key);
    const again = await decide(support, orderId, 'capture', { amount: 500 }, key);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json<AuthorizationResponse>().action.id).toBe(first.json<AuthorizationResponse>().action.id);
    expect((await decide(support, orderId, 'capture', { amount: 600 }, key)).statusCode).toBe(422);
  });

  it('releases an uncaptured payment asked to be refunded in full: a cancel, nothing refunded', async () => {
    const { orderId, paymentIntentId } = await authorizedOrder(2500);
    const partial = await decide(support, orderId, 'refunds', { amount: 100, reason: 'requested_by_customer' });
    expect(partial.statusCode).toBe(422);
    const released = await decide(support, orderId, 'refunds', { reason: 'requested_by_customer' });
    expect(released.statusCode).toBe(201);
    expect(released.json()).toMatchObject({ orderStatus: 'canceled', action: { kind: 'cancel', amount: 2500 } });
    expect((await stripe.paymentIntents.retrieve(paymentIntentId)).status).toBe('canceled');
    expect(await db.prisma.refund.count({ where: { payment: { orderId } } })).toBe(0);
  });

  it('lists open authorisations by deadline, flags those lapsing within a day, and masks emails for viewers', async () => {
    const soon = await authorizedOrder(1000, new Date(Date.now() + 5 * HOUR));
    const later = await authorizedOrder(1000, new Date(Date.now() + 3 * 24 * HOUR));
    const all = (await asStaff(app, viewer, { url: '/api/admin/authorizations' })).json<OpenAuthorizationList>();
    const mine = all.authorizations.filter((row) => [soon.orderId, later.orderId].includes(row.orderId));
    expect(mine.map((row) => [row.orderId, row.expiringSoon, row.email])).toEqual([
      [soon.orderId, true, 'b***@example.com'],
      [later.orderId, false, 'b***@example.com'],
    ]);
    const expiring = (
      await asStaff(app, support, { url: '/api/admin/authorizations?expiring=true' })
    ).json<OpenAuthorizationList>();
    expect(expiring.authorizations.map((row) => row.orderId)).toContain(soon.orderId);
    expect(expiring.authorizations.map((row) => row.orderId)).not.toContain(later.orderId);
    expect(expiring.authorizations.find((row) => row.orderId === soon.orderId)?.email).toBe('buyer@example.com');
  });

  it('the sweep releases an authorisation about to lapse, marks the order and tells Stripe it was abandoned', async () => {
    const { orderId, paymentIntentId } = await authorizedOrder(1800, new Date(Date.now() + 20 * 60_000));
    const round = await app.useCases.sweepAuthorizations();
    expect(round.decided).toBeGreaterThanOrEqual(1);
    expect(await stripe.paymentIntents.retrieve(paymentIntentId)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
    });
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe('canceled');
    expect(await db.prisma.authorizationAction.findFirstOrThrow({ where: { payment: { orderId } } })).toMatchObject({
      kind: 'cancel',
      status: 'succeeded',
      note: 'authorization_expiring',
      requestedById: null,
    });
    const again = await app.useCases.sweepAuthorizations();
    expect(await db.prisma.authorizationAction.count({ where: { payment: { orderId } } })).toBe(1);
    expect(again.failed).toBe(0);
  });
});
