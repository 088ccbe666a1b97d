import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createRepositories } from './repositories';
import type { WebhookInboxEvent } from './repositories/webhook-inbox-repository';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from './testing/test-database';

const event = (id: string): WebhookInboxEvent => ({
  stripeEventId: id,
  type: 'payment_intent.succeeded',
  apiVersion: '2026-10-28.endive',
  livemode: false,
  objectId: `pi_${id}`,
  paymentIntentId: `pi_${id}`,
  stripeCreatedAt: new Date('2026-12-07T12:00:00.000Z'),
  payload: `{"id":"${id}","object":"event","data":{"object":{"id":"pi_${id}"}}}`,
  source: 'webhook',
  status: 'received',
});

describeEachDatabase('inbox notifications on $name', ({ name }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(name);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('notifies subscribers when events are inserted, and stops when they unsubscribe', async () => {
    const listener = vi.fn();
    const unsubscribe = await db.subscribe('webhook_inbox', listener);
    const { webhookInbox } = createRepositories(db);
    // Ten concurrent deliveries go in as one batched statement or a few: at least one notification, never zero.
    await Promise.all(Array.from({ length: 10 }, (_, index) => webhookInbox.insert(event(`evt_notify_${index}`))));
    await vi.waitFor(() => expect(listener).toHaveBeenCalled(), { timeout: 2000, interval: 5 });
    await unsubscribe();
    listener.mockClear();
    await webhookInbox.insert(event('evt_after_unsubscribe'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listener).not.toHaveBeenCalled();
  });

  it.runIf(name === 'postgresql')('survives the server dropping its idle connections (a restart)', async () => {
    await db.ping();
    // Every connection but this test's own is cut, as a restart cuts them: the idle ones of the pools among them.
    // An 'error' of a pool without a listener would be thrown in this process and fail the run.
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const [row] = await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT current_database() AS name');
    url.pathname = `/${row!.name}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it.runIf(name === 'postgresql')('listens again after its connection is lost, and catches up once', async () => {
    const listener = vi.fn();
    const unsubscribe = await db.subscribe('webhook_inbox', listener);
    try {
      const { webhookInbox } = createRepositories(db);
      await webhookInbox.insert(event('evt_before_loss'));
      await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1), { timeout: 2000, interval: 5 });
      // The server drops the listening connection (as a restart does).
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const database = (await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT current_database() AS name'))[0]!
        .name;
      url.pathname = `/${database}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
      );
      await admin.end();
      expect(killed.rowCount).toBe(1);
      // Reconnected: one call to make up for anything sent meanwhile, then notifications as before.
      await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(2), { timeout: 5000, interval: 20 });
      await webhookInbox.insert(event('evt_after_loss'));
      await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(3), { timeout: 2000, interval: 5 });
    } finally {
      await unsubscribe();
    }
  });
});
