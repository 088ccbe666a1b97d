import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { BACKLOG_WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from '@storepay/payments-core';
import { storedPaymentAnomaly, type StoredPaymentAnomaly } from './payment-anomaly-rows';

export interface HealthWindowRange {
  from: Date;
  to: Date;
  /** Width of one lag bucket, in milliseconds; buckets start at `from`. */
  bucketMs: number;
}

export interface LagFigures {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface WebhookHealthFigures {
  /** Events received in the window, per type and status (their status now). */
  byTypeAndStatus: { type: string; status: WebhookEventStatus; count: number }[];
  /** Lag (processed_at − Stripe's created) of the window's processed events, overall and per bucket start. */
  lag: LagFigures;
  lagBuckets: (LagFigures & { at: Date })[];
  rejectionsByReason: { reason: string; count: number }[];
  backlog: { count: number; oldestReceivedAt: Date | null };
  lastEventAt: Date | null;
  /** Payment anomalies detected in the window, and the latest of them. */
  anomalies: { count: number; latest: StoredPaymentAnomaly[] };
}

/** How many of the window's anomalies the health view lists. */
const LATEST_ANOMALIES = 10;

export interface WebhookHealthRepository {
  figures(range: HealthWindowRange): Promise<WebhookHealthFigures>;
}

/** The aggregate queries behind the health view; exported so the benchmark can EXPLAIN them. */
export function webhookHealthSql({ from, to, bucketMs }: HealthWindowRange) {
  const inWindow = Prisma.sql`received_at >= ${from}::timestamptz AND received_at < ${to}::timestamptz`;
  const lagMs = Prisma.sql`(extract(epoch FROM processed_at - stripe_created_at) * 1000)::float8`;
  return {
    byTypeAndStatus: Prisma.sql`
      SELECT type, status::text AS status, count(*)::int AS count
      FROM webhook_events WHERE ${inWindow} GROUP BY type, status`,
    // One pass: GROUPING SETS gives each bucket's row and the window's overall row (bucket IS NULL).
    lag: Prisma.sql`
      SELECT date_bin(${`${bucketMs} milliseconds`}::interval, received_at, ${from}::timestamptz) AS bucket,
             count(*)::int AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${lagMs}) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY ${lagMs}) AS p95
      FROM webhook_events
      WHERE ${inWindow} AND status = 'processed' AND processed_at IS NOT NULL
      GROUP BY GROUPING SETS ((1), ())`,
    rejections: Prisma.sql`
      SELECT reason, sum(count)::int AS count
      FROM webhook_rejection_counts
      WHERE bucket_start >= date_trunc('minute', ${from}::timestamptz) AND bucket_start < ${to}::timestamptz
      GROUP BY reason ORDER BY count DESC, reason`,
    backlog: Prisma.sql`
      SELECT count(*)::int AS count, min(received_at) AS oldest,
             (SELECT max(received_at) FROM webhook_events) AS last
      FROM webhook_events
      WHERE status IN (${Prisma.join(BACKLOG_WEBHOOK_EVENT_STATUSES.map((status) => Prisma.sql`${status}::"WebhookEventStatus"`))})`,
  };
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export function createWebhookHealthRepository(prisma: PrismaClient): WebhookHealthRepository {
  return {
    async figures(range) {
      const sql = webhookHealthSql(range);
      const detectedInWindow = { detectedAt: { gte: range.from, lt: range.to } };
      const [byTypeAndStatus, lagRows, rejectionsByReason, backlogRows, anomalyCount, latestAnomalies] =
        await Promise.all([
          prisma.$queryRaw<WebhookHealthFigures['byTypeAndStatus']>(sql.byTypeAndStatus),
          prisma.$queryRaw<{ bucket: Date | null; count: number; p50: number | null; p95: number | null }[]>(sql.lag),
          prisma.$queryRaw<WebhookHealthFigures['rejectionsByReason']>(sql.rejections),
          prisma.$queryRaw<{ count: number; oldest: Date | null; last: Date | null }[]>(sql.backlog),
          prisma.paymentAnomaly.count({ where: detectedInWindow }),
          prisma.paymentAnomaly.findMany({
            where: detectedInWindow,
            orderBy: [{ detectedAt: 'desc' }, { id: 'desc' }],
            take: LATEST_ANOMALIES,
          }),
        ]);
      const figures = (row: (typeof lagRows)[number]): LagFigures => ({
        count: row.count,
        p50Ms: round(row.p50),
        p95Ms: round(row.p95),
      });
      const overall = lagRows.find((row) => row.bucket === null);
      const backlog = backlogRows[0];
      return {
        byTypeAndStatus,
        lag: overall ? figures(overall) : { count: 0, p50Ms: null, p95Ms: null },
        lagBuckets: lagRows
          .filter((row): row is typeof row & { bucket: Date } => row.bucket !== null)
          .map((row) => ({ at: row.bucket, ...figures(row) }))
          .sort((a, b) => a.at.getTime() - b.at.getTime()),
        rejectionsByReason,
        backlog: { count: backlog?.count ?? 0, oldestReceivedAt: backlog?.oldest ?? null },
        lastEventAt: backlog?.last ?? null,
        anomalies: { count: anomalyCount, latest: latestAnomalies.map(storedPaymentAnomaly) },
      };
    },
  };
}
