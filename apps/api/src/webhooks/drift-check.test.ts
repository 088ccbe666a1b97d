import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { ok, parsePaymentIntentId } from '@storepay/payments-core';
import {
  createStripeClient,
  createStripePaymentGateway,
  type PaymentGateway,
  type StripeEventSource,
} from '@storepay/payments-core/server';
import { EmulatorControl, startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeServices, type UseCases } from '../composition';
import { loadConfig } from '../config';
import { waitFor } from '../test-support';
import { silentLogger } from '../use-cases/ports';
import type { PaymentDrift } from '../use-cases/repair-drift';

const SECRET_KEY = 'sk_test_drift_check';

/** Stripe's event log without the events: never delivered, and no longer listable (Stripe keeps 30 days). */
const lostEventLog: StripeEventSource = { listEvents: async () => ok([]) };

describeEachDatabase('drift check of refunds and disputes on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let gateway: PaymentGateway;
  let useCases: UseCases;

  /** The use cases of a process on this database and emulator, reading Stripe through `payments`. */
  const servicesWith = (payments: PaymentGateway) =>
    composeServices({
      config: loadConfig({ STRIPE_API_BASE: emulator.url }),
      database: db,
      log: silentLogger,
      gateway: payments,
      stripeEvents: lostEventLog,
    }).useCases;

  /** One reconciliation run; throws when it failed. */
  async function runOf(cases: UseCases) {
    const result = await cases.reconcile();
    if (!result.ok) throw new Error(result.error.detail);
    return result.value;
  }
  const reconciler = { run: () => runOf(useCases) };

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    emulator = await startEmulator();
    stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    gateway = createStripePaymentGateway(createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url }));
    useCases = servicesWith(gateway);
  });

  afterAll(async () => {
    await emulator?.close();
    await db?.destroy();
  });

  /** An order and its PaymentIntent as checkout leaves them, paid at Stripe with `card`; no webhook reaches us. */
  async function paidOrder(card: string, quantity: number): Promise<{ orderId: string; paymentIntentId: string }> {
    const product = await db.prisma.product.findFirstOrThrow({ where: { slug: 'linen-apron' } });
    const started = await useCases.startCheckout({
      request: { items: [{ productId: product.id, quantity }], currency: 'usd', email: 'drift@example.com' },
      idempotencyKey: null,
      clientIp: '127.0.0.1',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const { orderId, paymentIntentId } = started.value;
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: card, return_url: 'http://localhost/x' });
    return { orderId, paymentIntentId };
  }

  const settledRefund = (id: string) =>
    waitFor(`refund ${id} to succeed`, async () => (await stripe.refunds.retrieve(id)).status === 'succeeded');

  const openedDispute = (paymentIntentId: string) =>
    waitFor(`the dispute of ${paymentIntentId}`, async () => {
      const listed = await stripe.disputes.list({ payment_intent: paymentIntentId });
      return listed.data[0] ?? null;
    });

  const driftOf = (drift: PaymentDrift[], ...paymentIntentIds: string[]) =>
    drift.filter((entry) => paymentIntentIds.includes(entry.paymentIntentId));

  it('records a refund and a dispute Stripe has but whose events never arrived, and settles their orders', async () => {
    const refunded = await paidOrder('pm_card_visa', 2);
    const refund = await stripe.refunds.create({ payment_intent: refunded.paymentIntentId, amount: 700 });
    await settledRefund(refund.id);
    const disputed = await paidOrder('pm_card_createDispute', 1);
    const dispute = await openedDispute(disputed.paymentIntentId);
    expect(await db.prisma.webhookEvent.count()).toBe(0);

    const run = await reconciler.run();

    expect(run.eventsInserted).toBe(0);
    expect(driftOf(run.drift, refunded.paymentIntentId)).toEqual(
      expect.arrayContaining([
        {
          paymentIntentId: refunded.paymentIntentId,
          objectId: refund.id,
          field: 'refund_missing',
          ours: null,
          stripe: 700,
          repaired: true,
        },
        {
          paymentIntentId: refunded.paymentIntentId,
          objectId: refunded.paymentIntentId,
          field: 'amount_refunded',
          ours: 0,
          stripe: 700,
          repaired: true,
        },
      ]),
    );
    expect(driftOf(run.drift, disputed.paymentIntentId)).toEqual(
      expect.arrayContaining([
        {
          paymentIntentId: disputed.paymentIntentId,
          objectId: dispute.id,
          field: 'dispute_missing',
          ours: null,
          stripe: 'needs_response',
          repaired: true,
        },
      ]),
    );

    // Recorded as a refund event would have recorded it: source stripe, Stripe's facts, the order settled.
    const row = await db.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: refund.id } });
    expect(row).toMatchObject({ amount: 700, currency: 'usd', status: 'succeeded', source: 'stripe' });
    const refundedOrder = await db.prisma.order.findUniqueOrThrow({ where: { id: refunded.orderId } });
    expect(refundedOrder).toMatchObject({ status: 'partially_refunded', amountRefunded: 700 });
    expect(
      await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: refunded.paymentIntentId } }),
    ).toMatchObject({ status: 'succeeded', amountRefunded: 700 });

    const disputeRow = await db.prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: dispute.id } });
    expect(disputeRow).toMatchObject({ status: 'needs_response', amount: dispute.amount, reason: 'fraudulent' });
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: disputed.orderId } })).status).toBe('disputed');
    // Fulfilment recorded once, by the payment's repair.
    expect(await db.prisma.outboxMessage.count({ where: { orderId: refunded.orderId, kind: 'order.paid' } })).toBe(1);

    const recorded = await db.prisma.reconciliationRun.findUniqueOrThrow({ where: { id: run.runId } });
    const findings = JSON.stringify(recorded.driftFound);
    expect(findings).toContain(refund.id);
    expect(findings).toContain(dispute.id);
    expect(findings).toContain('refund_missing');
    expect(findings).toContain('dispute_missing');

    // In agreement now: the next run finds nothing for these payments and changes nothing.
    const again = await reconciler.run();
    expect(driftOf(again.drift, refunded.paymentIntentId, disputed.paymentIntentId)).toEqual([]);
    expect(
      await db.prisma.refund.count({ where: { payment: { stripePaymentIntentId: refunded.paymentIntentId } } }),
    ).toBe(1);
  });

  it('repairs local refunds and disputes that disagree with Stripe, and flags what it must not repair', async () => {
    const refunded = await paidOrder('pm_card_visa', 3);
    const refund = await stripe.refunds.create({ payment_intent: refunded.paymentIntentId, amount: 1000 });
    await settledRefund(refund.id);
    const disputed = await paidOrder('pm_card_createDispute', 1);
    const dispute = await openedDispute(disputed.paymentIntentId);
    await reconciler.run();
    await new EmulatorControl(emulator.url).resolveDispute(dispute.id, 'won');

    // Our rows drift: the refund back to pending with a wrong amount and marked as our admin's, the refunded amount
    // lost, a refund Stripe never made, and the dispute still open although Stripe closed it as won.
    const payment = await db.prisma.payment.findUniqueOrThrow({
      where: { stripePaymentIntentId: refunded.paymentIntentId },
    });
    await db.prisma.refund.update({
      where: { stripeRefundId: refund.id },
      data: { status: 'pending', amount: 400, source: 'admin' },
    });
    await db.prisma.payment.update({ where: { id: payment.id }, data: { amountRefunded: 0 } });
    await db.prisma.refund.create({
      data: {
        paymentId: payment.id,
        stripeRefundId: 're_never_at_stripe',
        amount: 100,
        currency: 'usd',
        status: 'failed',
        source: 'stripe',
      },
    });
    await db.prisma.dispute.update({ where: { stripeDisputeId: dispute.id }, data: { status: 'under_review' } });

    const run = await reconciler.run();

    const refundDrift = (field: string) => ({ paymentIntentId: refunded.paymentIntentId, objectId: refund.id, field });
    expect(driftOf(run.drift, refunded.paymentIntentId)).toEqual(
      expect.arrayContaining([
        { ...refundDrift('refund_status'), ours: 'pending', stripe: 'succeeded', repaired: true },
        { ...refundDrift('refund_amount'), ours: 400, stripe: 1000, repaired: true },
        // Whether a refund is our admin's is ours to know, not Stripe's: reported, never rewritten.
        { ...refundDrift('refund_source'), ours: 'admin', stripe: 'stripe', repaired: false },
        {
          paymentIntentId: refunded.paymentIntentId,
          objectId: 're_never_at_stripe',
          field: 'refund_not_at_stripe',
          ours: 'failed',
          stripe: null,
          repaired: false,
        },
        {
          paymentIntentId: refunded.paymentIntentId,
          objectId: refunded.paymentIntentId,
          field: 'amount_refunded',
          ours: 0,
          stripe: 1000,
          repaired: true,
        },
      ]),
    );
    expect(driftOf(run.drift, disputed.paymentIntentId)).toEqual([
      {
        paymentIntentId: disputed.paymentIntentId,
        objectId: dispute.id,
        field: 'dispute_status',
        ours: 'under_review',
        stripe: 'won',
        repaired: true,
      },
    ]);

    expect(await db.prisma.refund.findUniqueOrThrow({ where: { stripeRefundId: refund.id } })).toMatchObject({
      status: 'succeeded',
      amount: 1000,
    });
    expect(await db.prisma.order.findUniqueOrThrow({ where: { id: refunded.orderId } })).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 1000,
    });
    expect((await db.prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: dispute.id } })).status).toBe('won');
    // A won dispute gives the order back the status its refunds give it.
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: disputed.orderId } })).status).toBe('paid');

    // What could not be repaired is reported again next time; the rest stays repaired.
    const again = driftOf((await reconciler.run()).drift, refunded.paymentIntentId, disputed.paymentIntentId);
    expect(again.map((entry) => entry.field).sort()).toEqual(['refund_not_at_stripe', 'refund_source']);
  });

  it('reports the refunds and disputes of a payment it cannot list', async () => {
    const paid = await paidOrder('pm_card_visa', 1);
    await reconciler.run();
    const control = new EmulatorControl(emulator.url);
    await control.addFault({ method: 'GET', path: '/v1/refunds', action: 'rate_limit', count: 100 });
    const unreadable = servicesWith(
      createStripePaymentGateway(createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url }), {
        rateLimitRetries: 0,
      }),
    );
    try {
      const run = await runOf(unreadable);
      expect(driftOf(run.drift, paid.paymentIntentId)).toEqual([
        {
          paymentIntentId: paid.paymentIntentId,
          field: 'refunds_unreadable',
          ours: null,
          stripe: 'rate_limited',
          repaired: false,
        },
      ]);
    } finally {
      await control.clearFaults();
    }
    expect(await gateway.listRefunds(parsePaymentIntentId(paid.paymentIntentId)!)).toEqual(ok([]));
  });
});
