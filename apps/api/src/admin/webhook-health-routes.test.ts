import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import type { WebhookHealth } from '@storepay/payments-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { asStaff, createTestStaff, type TestStaff, startAdminTestSystem, type AdminTestSystem } from './test-kit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDatabase('admin webhook health on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let viewer: TestStaff;
  let now: number;
  let seq = 0;

  /** An inbox row received `agoMs` ago; a processed one took `lagMs` from Stripe's created to processed. */
  async function event(
    type: string,
    status: 'received' | 'processing' | 'processed' | 'ignored' | 'failed' | 'dead',
    agoMs: number,
    lagMs = 1_000,
  ) {
    const receivedAt = new Date(now - agoMs);
    const stripeCreatedAt = new Date(receivedAt.getTime() - 200);
    await db.prisma.webhookEvent.create({
      data: {
        stripeEventId: `evt_health_${seq++}`,
        type,
        paymentIntentId: `pi_health_${seq}`,
        stripeCreatedAt,
        receivedAt,
        payload: {},
        status,
        attempts: status === 'received' ? 0 : 1,
        processedAt: status === 'processed' ? new Date(stripeCreatedAt.getTime() + lagMs) : null,
      },
    });
  }

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { env: { API_MODE: 'http' } });
    ({ db, app } = system);
    viewer = await createTestStaff(app, 'viewer');
    now = Date.now();
    // In the last hour: 2 processed (lags 1 s, 2 s), 1 received, 1 processing.
    await event('payment_intent.succeeded', 'processed', 10 * MINUTE, 1_000);
    await event('payment_intent.succeeded', 'processed', 20 * MINUTE, 2_000);
    await event('payment_intent.succeeded', 'received', 1 * MINUTE);
    await event('charge.refunded', 'processing', 2 * MINUTE);
    // Earlier in the last 24 h: 3 processed (lags 3-5 s), 2 failed, 1 dead, 3 ignored.
    await event('payment_intent.succeeded', 'processed', 3 * HOUR, 3_000);
    await event('payment_intent.succeeded', 'processed', 5 * HOUR, 4_000);
    await event('payment_intent.succeeded', 'processed', 7 * HOUR, 5_000);
    await event('charge.refunded', 'failed', 4 * HOUR);
    await event('charge.refunded', 'failed', 6 * HOUR);
    await event('charge.refunded', 'dead', 8 * HOUR);
    for (const ago of [2, 9, 12]) await event('customer.created', 'ignored', ago * HOUR);
    // Older than the day: not in the 24 h counts, but a failed one is still backlog.
    await event('payment_intent.succeeded', 'processed', 30 * HOUR, 60_000);
    await event('charge.refunded', 'failed', 72 * HOUR);
    const rejection = (reason: string, agoMs: number) =>
      db.prisma.webhookRejectionCount.create({
        data: { reason, bucketStart: new Date(Math.floor((now - agoMs) / MINUTE) * MINUTE), count: 1 },
      });
    for (const ago of [5 * MINUTE, 3 * HOUR, 20 * HOUR]) await rejection('invalid_signature', ago);
    await rejection('stale_timestamp', 30 * MINUTE);
    await rejection('invalid_signature', 48 * HOUR);
  });

  afterAll(async () => {
    await system.close();
  });

  const health = async (query = '') => {
    const response = await asStaff(app, viewer, { url: `/api/admin/webhooks/health${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<WebhookHealth>();
  };

  it('summarises the last 24 hours by default', async () => {
    const report = await health();
    expect(report.window).toBe('24h');
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(24 * HOUR);
    expect(report.counts).toEqual({
      received: 1,
      processing: 1,
      processed: 5,
      ignored: 3,
      failed: 2,
      dead: 1,
      total: 13,
    });
    expect(report.byType).toEqual([
      { type: 'payment_intent.succeeded', total: 6, processed: 5, failed: 0, dead: 0, successRate: 1 },
      { type: 'charge.refunded', total: 4, processed: 0, failed: 2, dead: 1, successRate: 0 },
      { type: 'customer.created', total: 3, processed: 0, failed: 0, dead: 0, successRate: null },
    ]);
    // Lags 1..5 s: the median is 3 s; the 95th percentile interpolates to 4.8 s.
    expect(report.lag).toEqual({ p50Ms: 3_000, p95Ms: 4_800 });
    expect(report.lagSeries).toHaveLength(24);
    expect(report.lagSeries.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(5);
    const last = report.lagSeries[23]!;
    expect(last).toEqual({ at: expect.any(String), count: 2, p50Ms: 1_500, p95Ms: 1_950 });
    expect(Date.parse(report.lagSeries[1]!.at) - Date.parse(report.lagSeries[0]!.at)).toBe(HOUR);
    expect(report.signatureFailures).toBe(4);
    expect(report.rejectionsByReason).toEqual([
      { reason: 'invalid_signature', count: 3 },
      { reason: 'stale_timestamp', count: 1 },
    ]);
    // received + processing + 2 failed today + 1 failed three days ago.
    expect(report.backlog.count).toBe(5);
    expect(report.backlog.oldestAgeMs).toBeGreaterThanOrEqual(72 * HOUR);
    expect(report.backlog.oldestAgeMs).toBeLessThan(72 * HOUR + 5 * MINUTE);
    expect(report.lastEventAt).toBe(new Date(now - MINUTE).toISOString());
  });

  it('narrows to the last hour with 5-minute buckets, and widens to 7 days', async () => {
    const hour = await health('?window=1h');
    expect(hour.counts).toEqual({ received: 1, processing: 1, processed: 2, ignored: 0, failed: 0, dead: 0, total: 4 });
    expect(hour.lag).toEqual({ p50Ms: 1_500, p95Ms: 1_950 });
    expect(hour.lagSeries).toHaveLength(12);
    expect(hour.lagSeries.filter((bucket) => bucket.count > 0).map((bucket) => bucket.count)).toEqual([1, 1]);
    expect(hour.signatureFailures).toBe(2);
    expect(hour.backlog.count).toBe(5);

    const week = await health('?window=7d');
    expect(week.counts.total).toBe(15);
    expect(week.counts.processed).toBe(6);
    expect(week.counts.failed).toBe(3);
    expect(week.lagSeries).toHaveLength(28);
    expect(week.signatureFailures).toBe(5);
  });

  it('answers 400 naming the window for an unknown one, and 401 without a session', async () => {
    const response = await asStaff(app, viewer, { url: '/api/admin/webhooks/health?window=2h' });
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json().error.fields)).toEqual(['window']);
    expect((await asStaff(app, null, { url: '/api/admin/webhooks/health' })).statusCode).toBe(401);
  });
});
