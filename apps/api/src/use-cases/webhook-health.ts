import type { WebhookHealthFigures, WebhookHealthRepository } from '@storepay/db';
import type { HealthWindow, WebhookHealth } from '@storepay/payments-core';
import type { Clock } from './ports';
import { anomalyView } from './views';

const HOUR = 3_600_000;

/** Each window's length and the width of its chart buckets. */
export const HEALTH_WINDOW_SPANS: Record<HealthWindow, { spanMs: number; bucketMs: number }> = {
  '1h': { spanMs: HOUR, bucketMs: 5 * 60_000 },
  '24h': { spanMs: 24 * HOUR, bucketMs: HOUR },
  '7d': { spanMs: 7 * 24 * HOUR, bucketMs: 6 * HOUR },
};

const successRate = (processed: number, failed: number, dead: number) =>
  processed + failed + dead === 0 ? null : Math.round((processed / (processed + failed + dead)) * 10_000) / 10_000;

function countsOf(figures: WebhookHealthFigures): WebhookHealth['counts'] {
  const counts = { received: 0, processing: 0, processed: 0, ignored: 0, failed: 0, dead: 0, total: 0 };
  for (const row of figures.byTypeAndStatus) {
    counts[row.status] += row.count;
    counts.total += row.count;
  }
  return counts;
}

function byTypeOf(figures: WebhookHealthFigures): WebhookHealth['byType'] {
  const types = new Map<string, { total: number; processed: number; failed: number; dead: number }>();
  for (const row of figures.byTypeAndStatus) {
    const entry = types.get(row.type) ?? { total: 0, processed: 0, failed: 0, dead: 0 };
    entry.total += row.count;
    if (row.status === 'processed' || row.status === 'failed' || row.status === 'dead') entry[row.status] += row.count;
    types.set(row.type, entry);
  }
  return [...types]
    .map(([type, entry]) => ({ type, ...entry, successRate: successRate(entry.processed, entry.failed, entry.dead) }))
    .sort((a, b) => b.total - a.total || a.type.localeCompare(b.type));
}

/** Every bucket of the window, empty ones included, so the chart's time axis has no gaps. */
function lagSeriesOf(
  figures: WebhookHealthFigures,
  from: Date,
  to: Date,
  bucketMs: number,
): WebhookHealth['lagSeries'] {
  const found = new Map(figures.lagBuckets.map((bucket) => [bucket.at.getTime(), bucket]));
  const series: WebhookHealth['lagSeries'] = [];
  for (let at = from.getTime(); at < to.getTime(); at += bucketMs) {
    const bucket = found.get(at);
    series.push({
      at: new Date(at).toISOString(),
      count: bucket?.count ?? 0,
      p50Ms: bucket?.p50Ms ?? null,
      p95Ms: bucket?.p95Ms ?? null,
    });
  }
  return series;
}

export function webhookHealthView(
  window: HealthWindow,
  range: { from: Date; to: Date; bucketMs: number },
  figures: WebhookHealthFigures,
): WebhookHealth {
  const { from, to, bucketMs } = range;
  const oldest = figures.backlog.oldestReceivedAt;
  return {
    window,
    from: from.toISOString(),
    to: to.toISOString(),
    counts: countsOf(figures),
    byType: byTypeOf(figures),
    lag: { p50Ms: figures.lag.p50Ms, p95Ms: figures.lag.p95Ms },
    lagSeries: lagSeriesOf(figures, from, to, bucketMs),
    signatureFailures: figures.rejectionsByReason.reduce((sum, row) => sum + row.count, 0),
    rejectionsByReason: figures.rejectionsByReason,
    backlog: {
      count: figures.backlog.count,
      oldestAgeMs: oldest ? Math.max(0, to.getTime() - oldest.getTime()) : null,
    },
    lastEventAt: figures.lastEventAt?.toISOString() ?? null,
    anomalies: { count: figures.anomalies.count, latest: figures.anomalies.latest.map(anomalyView) },
  };
}

/** Webhook delivery health over a window ending now: what arrived, how it went, how late, what is waiting. */
export async function webhookHealth(
  ports: { webhookHealth: Pick<WebhookHealthRepository, 'figures'>; clock: Clock },
  window: HealthWindow,
): Promise<WebhookHealth> {
  const { spanMs, bucketMs } = HEALTH_WINDOW_SPANS[window];
  const to = ports.clock.now();
  const range = { from: new Date(to.getTime() - spanMs), to, bucketMs };
  return webhookHealthView(window, range, await ports.webhookHealth.figures(range));
}
