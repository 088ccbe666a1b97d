import { stripeCharge, stripeDispute, stripeRefund } from '@storepay/payments-core/testing';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { STOREPAY_REFUND_METADATA_KEY } from '@storepay/payments-core';
import { beforeAll, expect, it } from 'vitest';
import { useTestDatabase } from '../test-support';
import { createWebhookWorker } from './worker';
import {
  T0,
  createPaymentFixture,
  envelope,
  insertInboxEvent,
  nextId,
  paymentIntentEvent,
  permutations,
  type PaymentFixture,
  type StripeEnvelope,
  workerPorts,
} from './test-events';

/** A paid-to-be order's payment and the charge its PaymentIntent will have. */
type Fixture = PaymentFixture & { chargeId: string };
type Envelope = StripeEnvelope;

const succeededEvent = (fixture: Fixture, created: number) =>
  paymentIntentEvent(fixture, 'succeeded', created, fixture.chargeId);

const refundObject = (fixture: Fixture, id: string, amount: number, status: string, metadata = {}) =>
  stripeRefund(fixture, { id, amount, status: status as 'succeeded', metadata });

const chargeRefunded = (fixture: Fixture, created: number, amountRefunded: number) =>
  envelope(
    nextId('evt'),
    'charge.refunded',
    created,
    stripeCharge(fixture, { amount_refunded: amountRefunded, refunded: amountRefunded >= fixture.amount }),
  );

const refundEvent = (type: string, created: number, refund: Record<string, unknown>) =>
  envelope(nextId('evt'), type, created, refund);

const disputeEvent = (fixture: Fixture, type: string, created: number, status: string) =>
  envelope(nextId('evt'), type, created, stripeDispute(fixture, { status: status as 'needs_response', created: T0 }));

describeEachDatabase('refund and dispute webhooks on $name', ({ name }) => {
  const database = useTestDatabase(name);
  let prisma: TestDatabase['prisma'];
  beforeAll(() => {
    prisma = database.db.prisma;
  });

  const createFixture = async (): Promise<Fixture> => ({
    ...(await createPaymentFixture(prisma)),
    chargeId: nextId('ch'),
  });
  async function insert(event: Envelope) {
    await insertInboxEvent(prisma, event);
    return event.id;
  }

  const drain = () => createWebhookWorker({ ...workerPorts(database.db), pollIntervalMs: 10 }).runUntilIdle();

  /** Inserts each event and processes it before the next arrives. */
  async function deliver(...events: Envelope[]) {
    for (const event of events) {
      await insert(event);
      await drain();
    }
  }

  const orderOf = (fixture: Fixture) => prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } });
  const paymentOf = (fixture: Fixture) =>
    prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: fixture.paymentIntentId } });
  const refundsOf = async (fixture: Fixture) =>
    (
      await prisma.refund.findMany({
        where: { payment: { stripePaymentIntentId: fixture.paymentIntentId } },
        orderBy: { stripeRefundId: 'asc' },
      })
    ).map(({ stripeRefundId, amount, status, source, failureReason }) => ({
      stripeRefundId,
      amount,
      status,
      source,
      failureReason,
    }));

  it('processes refund events instead of ignoring them; a replayed charge.refunded does not regress', async () => {
    const fixture = await createFixture();
    const first = refundObject(fixture, nextId('re'), 1000, 'succeeded');
    const second = refundObject(fixture, nextId('re'), 3200, 'succeeded');
    const firstRefunded = chargeRefunded(fixture, T0 + 10, 1000);
    await deliver(
      succeededEvent(fixture, T0),
      refundEvent('refund.created', T0 + 10, first),
      firstRefunded,
      refundEvent('refund.created', T0 + 20, second),
      chargeRefunded(fixture, T0 + 20, 4200),
    );
    expect(await orderOf(fixture)).toMatchObject({ status: 'refunded', amountRefunded: 4200 });

    // The first charge.refunded (amount_refunded 1000) delivered again, and a late refund.created of the first.
    await prisma.webhookEvent.update({
      where: { stripeEventId: firstRefunded.id },
      data: { status: 'received', nextAttemptAt: new Date(0) },
    });
    await deliver(refundEvent('refund.created', T0 + 10, { ...first, status: 'pending' }));
    await drain();
    expect((await prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: firstRefunded.id } })).status).toBe(
      'processed',
    );
    expect(await orderOf(fixture)).toMatchObject({ status: 'refunded', amountRefunded: 4200 });
    expect(await paymentOf(fixture)).toMatchObject({ amountRefunded: 4200 });
    expect(await refundsOf(fixture)).toEqual(
      [first, second]
        .map((refund) => ({
          stripeRefundId: refund.id,
          amount: refund.amount,
          status: 'succeeded',
          source: 'stripe',
          failureReason: null,
        }))
        .sort((a, b) => a.stripeRefundId.localeCompare(b.stripeRefundId)),
    );
  });

  it('ends in the same state for every arrival order of succeeded, a partial refund and a full refund', async () => {
    const finals: unknown[] = [];
    for (const order of permutations([0, 1, 2])) {
      const fixture = await createFixture();
      const partial = refundObject(fixture, 're_partial', 1200, 'succeeded');
      const rest = refundObject(fixture, 're_rest', 3000, 'succeeded');
      // Unique Stripe ids per fixture; the names above are for reading.
      partial.id = nextId('re');
      rest.id = nextId('re');
      const groups = [
        [succeededEvent(fixture, T0)],
        [refundEvent('refund.created', T0 + 10, partial), chargeRefunded(fixture, T0 + 10, 1200)],
        [refundEvent('refund.created', T0 + 20, rest), chargeRefunded(fixture, T0 + 20, 4200)],
      ];
      for (const i of order) await deliver(...groups[i]!);
      const refunds = await refundsOf(fixture);
      finals.push({
        order: await orderOf(fixture).then(({ status, amountRefunded }) => ({ status, amountRefunded })),
        payment: await paymentOf(fixture).then(({ status, amountRefunded }) => ({ status, amountRefunded })),
        refunds: refunds.map(({ stripeRefundId, ...facts }) => ({
          ...facts,
          isPartial: stripeRefundId === partial.id,
        })),
      });
    }
    expect(finals).toHaveLength(6);
    for (const final of finals) expect(final).toEqual(finals[0]);
    expect(finals[0]).toMatchObject({
      order: { status: 'refunded', amountRefunded: 4200 },
      payment: { status: 'succeeded', amountRefunded: 4200 },
    });
  });

  it('updates the refund row our admin tagged instead of adding one; a failed refund moves the order back', async () => {
    const fixture = await createFixture();
    await deliver(succeededEvent(fixture, T0));
    const payment = await paymentOf(fixture);
    const ours = await prisma.refund.create({
      data: { paymentId: payment.id, amount: 4200, currency: 'usd', status: 'pending', source: 'admin' },
    });
    const refund = refundObject(fixture, nextId('re'), 4200, 'pending', { [STOREPAY_REFUND_METADATA_KEY]: ours.id });
    await deliver(refundEvent('refund.created', T0 + 10, refund), chargeRefunded(fixture, T0 + 10, 4200));
    expect(await orderOf(fixture)).toMatchObject({ status: 'refunded', amountRefunded: 4200 });
    await deliver(
      refundEvent('refund.updated', T0 + 20, { ...refund, status: 'failed', failure_reason: 'lost_or_stolen_card' }),
    );
    const rows = await prisma.refund.findMany({ where: { paymentId: payment.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: ours.id,
      stripeRefundId: refund.id,
      source: 'admin',
      status: 'failed',
      failureReason: 'lost_or_stolen_card',
    });
    expect(await orderOf(fixture)).toMatchObject({ status: 'paid', amountRefunded: 0 });
  });

  it('disputes the order when a dispute opens and returns it to paid when won; a late update does not regress', async () => {
    const fixture = await createFixture();
    await deliver(
      succeededEvent(fixture, T0),
      disputeEvent(fixture, 'charge.dispute.created', T0 + 10, 'needs_response'),
      disputeEvent(fixture, 'charge.dispute.funds_withdrawn', T0 + 10, 'needs_response'),
    );
    expect((await orderOf(fixture)).status).toBe('disputed');
    await deliver(
      disputeEvent(fixture, 'charge.dispute.updated', T0 + 20, 'under_review'),
      disputeEvent(fixture, 'charge.dispute.funds_reinstated', T0 + 30, 'won'),
      disputeEvent(fixture, 'charge.dispute.closed', T0 + 30, 'won'),
    );
    expect((await orderOf(fixture)).status).toBe('paid');
    await deliver(disputeEvent(fixture, 'charge.dispute.updated', T0 + 25, 'under_review')); // late
    expect((await orderOf(fixture)).status).toBe('paid');
    expect(
      await prisma.dispute.findUniqueOrThrow({ where: { stripeDisputeId: `dp_${fixture.chargeId}` } }),
    ).toMatchObject({
      status: 'won',
      amount: 4200,
      reason: 'fraudulent',
      lastStripeEventAt: new Date((T0 + 30) * 1000),
    });

    const lost = await createFixture();
    await deliver(
      succeededEvent(lost, T0),
      disputeEvent(lost, 'charge.dispute.created', T0 + 10, 'needs_response'),
      disputeEvent(lost, 'charge.dispute.closed', T0 + 30, 'lost'),
    );
    expect((await orderOf(lost)).status).toBe('disputed');
  });
});
