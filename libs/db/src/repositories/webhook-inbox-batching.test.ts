import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectionOf } from '../client';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/test-database';
import { createWebhookInboxRepository, type WebhookInboxEvent } from './webhook-inbox-repository';

const event = (id: string): WebhookInboxEvent => ({
  stripeEventId: id,
  type: 'payment_intent.succeeded',
  apiVersion: null,
  livemode: false,
  objectId: 'pi_1',
  paymentIntentId: 'pi_1',
  stripeCreatedAt: new Date(),
  payload: { id },
  source: 'webhook',
  status: 'received',
});

describeEachDatabase('batched inbox inserts on $name', ({ name }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(name);
  });
  afterAll(() => db.destroy());

  it('sends concurrent inserts as one statement and counts a duplicate in the batch once', async () => {
    const statements: string[] = [];
    const inbox = createWebhookInboxRepository(db.prisma, (sql, params) => {
      statements.push(sql);
      return connectionOf(db).query(sql, params);
    });
    const results = await Promise.all(['evt_b1', 'evt_b2', 'evt_b1', 'evt_b3'].map((id) => inbox.insert(event(id))));
    expect(results.map((r) => r.inserted)).toEqual([true, true, false, true]);
    expect(statements).toHaveLength(1);
    expect(await db.prisma.webhookEvent.count({ where: { stripeEventId: { startsWith: 'evt_b' } } })).toBe(3);
    expect((await inbox.insert(event('evt_b2'))).inserted).toBe(false);
  });

  it('falls back to one statement per row when the batch fails, so one bad row fails alone', async () => {
    const inbox = createWebhookInboxRepository(db.prisma, (sql, params) => connectionOf(db).query(sql, params));
    const bad = { ...event('evt_bad'), stripeCreatedAt: 'not a date' as unknown as Date };
    const [good, broken] = await Promise.allSettled([inbox.insert(event('evt_good')), inbox.insert(bad)]);
    expect(good).toEqual({ status: 'fulfilled', value: { inserted: true } });
    expect(broken.status).toBe('rejected');
    expect(await db.prisma.webhookEvent.count({ where: { stripeEventId: 'evt_bad' } })).toBe(0);
  });
});
