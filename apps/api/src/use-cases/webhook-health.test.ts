import type { WebhookHealthFigures } from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { webhookHealth } from './webhook-health';
import { fixedClock } from './testing/in-memory-store';

const figures: WebhookHealthFigures = {
  byTypeAndStatus: [
    { type: 'payment_intent.succeeded', status: 'processed', count: 8 },
    { type: 'payment_intent.succeeded', status: 'dead', count: 2 },
    { type: 'charge.succeeded', status: 'processed', count: 5 },
    { type: 'customer.created', status: 'ignored', count: 3 },
  ],
  lag: { count: 13, p50Ms: 120, p95Ms: 900 },
  lagBuckets: [],
  rejectionsByReason: [
    { reason: 'invalid_signature', count: 2 },
    { reason: 'stale_timestamp', count: 1 },
  ],
  backlog: { count: 4, oldestReceivedAt: new Date('2026-11-20T11:59:00.000Z') },
  lastEventAt: new Date('2026-11-20T11:59:30.000Z'),
  anomalies: {
    count: 1,
    latest: [
      {
        orderId: 'o1',
        paymentIntentId: 'pi_foreign',
        kind: 'foreign_payment_intent',
        source: 'webhook',
        eventId: 'evt_1',
        expected: 'pi_own',
        actual: 'pi_foreign',
        detectedAt: new Date('2026-11-20T11:30:00.000Z'),
      },
    ],
  },
};

describe('webhookHealth', () => {
  it('counts by status and type, rates success over what was tried, and ages the backlog', async () => {
    let asked: { from: Date; to: Date; bucketMs: number } | undefined;
    const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
    const health = await webhookHealth(
      { webhookHealth: { figures: async (range) => ((asked = range), figures) }, clock },
      '1h',
    );
    expect(asked).toEqual({ from: new Date('2026-11-20T11:00:00.000Z'), to: clock.now(), bucketMs: 300_000 });
    expect(health.counts).toEqual({
      received: 0,
      processing: 0,
      processed: 13,
      ignored: 3,
      failed: 0,
      dead: 2,
      total: 18,
    });
    expect(health.byType[0]).toEqual({
      type: 'payment_intent.succeeded',
      total: 10,
      processed: 8,
      failed: 0,
      dead: 2,
      successRate: 0.8,
    });
    expect(health.byType.find((row) => row.type === 'customer.created')?.successRate).toBeNull();
    expect(health.signatureFailures).toBe(3);
    expect(health.backlog).toEqual({ count: 4, oldestAgeMs: 60_000 });
    expect(health.anomalies).toEqual({
      count: 1,
      latest: [expect.objectContaining({ kind: 'foreign_payment_intent', detectedAt: '2026-11-20T11:30:00.000Z' })],
    });
    // Every 5-minute bucket of the hour, empty ones too.
    expect(health.lagSeries).toHaveLength(12);
    expect(health.lagSeries.every((bucket) => bucket.count === 0)).toBe(true);
  });
});
