import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/test-database';
import { createPaymentTransactions, LostClaimError, type PaymentTransactions } from './payment-transactions';
import {
  createWebhookProcessingRepository,
  type ClaimedWebhookEvent,
  type WebhookProcessingRepository,
} from './webhook-processing-repository';

const T0 = new Date('2026-11-26T12:00:00.000Z');

describeEachDatabase('webhook processing on $name', ({ name }) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let repository: WebhookProcessingRepository;
  let transactions: PaymentTransactions;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    prisma = db.prisma;
    repository = createWebhookProcessingRepository(prisma);
    transactions = createPaymentTransactions(prisma);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await db?.destroy();
  });

  async function insert(
    stripeEventId: string,
    paymentIntentId: string | null,
    secondsAfterT0: number,
    type = 'customer.updated',
  ) {
    await prisma.webhookEvent.create({
      data: {
        stripeEventId,
        type,
        paymentIntentId,
        stripeCreatedAt: new Date(T0.getTime() + secondsAfterT0 * 1000),
        payload: { id: stripeEventId, object: 'event', type, created: 0, data: { object: { id: 'x' } } },
      },
    });
  }

  const markProcessed = (events: ClaimedWebhookEvent[]) =>
    transactions.run((tx) => tx.markEvents(events.map((event) => ({ event, status: 'processed' as const }))));

  const claimIds = async (workerId: string, limit = 10) =>
    (await repository.claim({ workerId, limit, leaseMs: 60_000 })).map((event) => event.stripeEventId).sort();

  it('claims only the oldest unfinished event of each PaymentIntent, each row by one worker', async () => {
    await insert('evt_a2', 'pi_a', 2);
    await insert('evt_a1', 'pi_a', 1);
    await insert('evt_b1', 'pi_b', 1);
    await insert('evt_b1x', 'pi_b', 1); // same second: the event id orders them
    await insert('evt_n1', null, 5);
    await insert('evt_n2', null, 5);

    const [first, second] = await Promise.all([claimIds('w1'), claimIds('w2')]);
    expect([...first, ...second].sort()).toEqual(['evt_a1', 'evt_b1', 'evt_n1', 'evt_n2']);
    expect(await claimIds('w3')).toEqual([]); // the rest wait for their elders

    const claimed = await prisma.webhookEvent.findMany({ where: { status: 'processing' } });
    for (const row of claimed) expect(row).toMatchObject({ attempts: 1, lockedBy: expect.stringMatching(/^w[12]$/) });
    await markProcessed(claimed.map((row) => ({ ...row, lockedBy: row.lockedBy! })));
    expect(await claimIds('w3')).toEqual(['evt_a2', 'evt_b1x']);
  });

  it('commits nothing for a worker whose claim was taken over', async () => {
    await insert('evt_lost', 'pi_lost', 1, 'payment_intent.succeeded');
    const [event] = await repository.claim({ workerId: 'slow', limit: 1, leaseMs: 60_000 });
    expect(event?.stripeEventId).toBe('evt_lost');
    // Another worker reclaimed it after the lease expired.
    await prisma.webhookEvent.update({ where: { id: event!.id }, data: { lockedBy: 'fast', attempts: 2 } });
    await expect(
      transactions.run(async (tx) => {
        await tx.appendAudit({ actorId: null, actorEmail: null, action: 'test.effect', targetType: 'test' });
        await tx.markEvents([{ event: event!, status: 'processed' }]);
      }),
    ).rejects.toBeInstanceOf(LostClaimError);
    expect(await repository.recordFailure(event!, { status: 'dead', error: 'late' })).toBe(false);
    expect(await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event!.id } })).toMatchObject({
      status: 'processing',
      lockedBy: 'fast',
      lastError: null,
    });
    // The effect in the transaction that lost its claim was rolled back with it.
    expect(await prisma.auditLog.count({ where: { action: 'test.effect' } })).toBe(0);
  });

  it('records a failure with its next attempt, which the claim respects', async () => {
    await insert('evt_bad', 'pi_bad', 1, 'payment_intent.succeeded');
    const [event] = await repository.claim({ workerId: 'w', limit: 1, leaseMs: 60_000 });
    const nextAttemptAt = new Date(Date.now() + 60_000);
    expect(await repository.recordFailure(event!, { status: 'failed', error: 'Error: boom', nextAttemptAt })).toBe(
      true,
    );
    const row = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event!.id } });
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 1,
      lockedAt: null,
      lockedBy: null,
      lastError: 'Error: boom',
    });
    expect(row.nextAttemptAt).toEqual(nextAttemptAt);
    expect(await claimIds('w')).toEqual([]); // not due yet
  });
});
