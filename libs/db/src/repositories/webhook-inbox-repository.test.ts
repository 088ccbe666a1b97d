import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/test-database';
import {
  createWebhookInboxRepository,
  type WebhookInboxEvent,
  type WebhookInboxRepository,
} from './webhook-inbox-repository';

describeEachDatabase('webhook inbox on $name', ({ name }) => {
  let db: TestDatabase;
  let inbox: WebhookInboxRepository;

  const event = (id: string, overrides: Partial<WebhookInboxEvent> = {}): WebhookInboxEvent => ({
    stripeEventId: id,
    type: 'payment_intent.succeeded',
    apiVersion: '2026-10-28.endive',
    livemode: false,
    objectId: 'pi_123',
    paymentIntentId: 'pi_123',
    stripeCreatedAt: new Date('2026-11-26T12:00:00.000Z'),
    payload: `{"id":"${id}","object":"event","data":{"object":{"id":"pi_123"}}}`,
    source: 'webhook',
    status: 'received',
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase(name);
    inbox = createWebhookInboxRepository(db.prisma);
  });

  afterAll(async () => {
    await db.destroy();
  });

  it('inserts an event once, keyed by its Stripe id, with its facts', async () => {
    expect(await inbox.insert(event('evt_one'))).toEqual({ inserted: true });
    expect(await inbox.insert(event('evt_one', { type: 'changed' }))).toEqual({ inserted: false });
    const rows = await db.prisma.webhookEvent.findMany({ where: { stripeEventId: 'evt_one' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'payment_intent.succeeded',
      apiVersion: '2026-10-28.endive',
      livemode: false,
      objectId: 'pi_123',
      paymentIntentId: 'pi_123',
      stripeCreatedAt: new Date('2026-11-26T12:00:00.000Z'),
      payload: { id: 'evt_one', object: 'event', data: { object: { id: 'pi_123' } } },
      source: 'webhook',
      status: 'received',
      attempts: 0,
    });
  });

  it('keeps one row when the same event races in concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => inbox.insert(event('evt_race'))));
    expect(results.filter((r) => r.inserted)).toHaveLength(1);
    expect(await db.prisma.webhookEvent.count({ where: { stripeEventId: 'evt_race' } })).toBe(1);
  });

  it('stores parsed payloads, nulls, other sources and ignored events', async () => {
    await inbox.insert(
      event('evt_other', {
        type: 'customer.created',
        apiVersion: null,
        objectId: null,
        paymentIntentId: null,
        payload: { id: 'evt_other', note: 'it\'s "quoted"' },
        source: 'reconciler',
        status: 'ignored',
      }),
    );
    const row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: 'evt_other' } });
    expect(row).toMatchObject({
      apiVersion: null,
      objectId: null,
      paymentIntentId: null,
      payload: { id: 'evt_other', note: 'it\'s "quoted"' },
      source: 'reconciler',
      status: 'ignored',
    });
  });

  it('counts rejections per minute and reason, never their bodies: one row each however many arrive', async () => {
    const minute = new Date('2026-12-01T10:00:00Z');
    await inbox.addRejectionCounts([
      { minute, reason: 'invalid_signature', count: 400 },
      { minute, reason: 'payload_too_large', count: 2 },
    ]);
    await inbox.addRejectionCounts([{ minute, reason: 'invalid_signature', count: 600 }]);
    await inbox.addRejectionCounts([
      { minute: new Date('2026-12-01T10:01:00Z'), reason: 'invalid_signature', count: 1 },
    ]);
    const rows = await db.prisma.webhookRejectionCount.findMany({
      orderBy: [{ bucketStart: 'asc' }, { reason: 'asc' }],
    });
    expect(rows.map((r) => [r.bucketStart.toISOString(), r.reason, r.count])).toEqual([
      ['2026-12-01T10:00:00.000Z', 'invalid_signature', 1000],
      ['2026-12-01T10:00:00.000Z', 'payload_too_large', 2],
      ['2026-12-01T10:01:00.000Z', 'invalid_signature', 1],
    ]);
    expect(await inbox.pruneRejectionCounts(new Date('2026-12-01T10:01:00Z'))).toBe(2);
    expect(await db.prisma.webhookRejectionCount.count()).toBe(1);
  });
});
