import type { OperationsGaugeFigures } from '@storepay/db';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One process's Prometheus metrics (`/metrics` on METRICS_PORT). Label values are bounded: route templates (never
 * raw URLs), methods, status codes, outcome and reason names, and Stripe event types (only after the signature is
 * verified, so only Stripe's own). No ids, emails or amounts.
 */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'route' | 'method' | 'status_code'>;
  checkouts: Counter<'outcome'>;
  webhookDeliveries: Counter<'type' | 'result'>;
  webhookRejections: Counter<'reason'>;
  webhookProcessed: Counter<'type' | 'result'>;
  webhookProcessingLag: Histogram<'type'>;
  stripeRequests: Counter<'operation' | 'outcome'>;
  stripeRequestDuration: Histogram<'operation'>;
  stripeRetries: Counter<'operation' | 'reason'>;
  refunds: Counter<'action' | 'outcome'>;
  authorizations: Counter<'action' | 'outcome'>;
  reviews: Counter<'action' | 'outcome'>;
  notifications: Counter<'kind' | 'result'>;
  orderExpiry: Counter<'outcome'>;
  reconciliationRuns: Counter<'trigger' | 'result'>;
  reconciliationFindings: Counter<'kind'>;
}

export interface MetricsOptions {
  /** Reads the database's gauges at scrape time; without it (a test), they are not exported. */
  gauges?: () => Promise<OperationsGaugeFigures>;
  /** The clock the oldest event's age is measured with. */
  now?: () => Date;
}

export function createMetrics({ gauges, now = () => new Date() }: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'storepay_http_request_duration_seconds',
      help: 'HTTP requests answered, by route template, method and status code',
      labelNames: ['route', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    checkouts: new Counter({
      name: 'storepay_checkouts_total',
      help: 'Checkouts by outcome: created, or the refusal (invalid_cart, rate_limited, stripe_unavailable, …)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'storepay_webhook_deliveries_total',
      help: 'Signed webhook deliveries accepted, by event type and result (stored, duplicate)',
      labelNames: ['type', 'result'],
      registers: [registry],
    }),
    webhookRejections: new Counter({
      name: 'storepay_webhook_rejections_total',
      help: 'Webhook deliveries refused, by reason (bad signature, stale timestamp, bad body, not configured, …)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    webhookProcessed: new Counter({
      name: 'storepay_webhook_events_processed_total',
      help: 'Inbox events the worker finished, by type and result (processed, ignored, failed, dead, lost)',
      labelNames: ['type', 'result'],
      registers: [registry],
    }),
    webhookProcessingLag: new Histogram({
      name: 'storepay_webhook_processing_lag_seconds',
      help: 'From Stripe creating an event to the worker applying it',
      labelNames: ['type'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
    stripeRequests: new Counter({
      name: 'storepay_stripe_requests_total',
      help: 'HTTP attempts to Stripe (each SDK retry counts) by operation and outcome (ok, client_error, rate_limited, server_error, network_error)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    stripeRequestDuration: new Histogram({
      name: 'storepay_stripe_request_duration_seconds',
      help: 'How long each HTTP attempt to Stripe took, by operation',
      labelNames: ['operation'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    stripeRetries: new Counter({
      name: 'storepay_stripe_retries_total',
      help: 'Retries of keyed Stripe requests by operation and why (the outcome of the attempt before: rate_limited, server_error, …)',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    }),
    refunds: new Counter({
      name: 'storepay_refunds_total',
      help: 'Refund actions (request, approve, reject, send, scheduled_send) by outcome: sent (Stripe has it), awaiting_approval, rejected, repeat (a replayed request), or the refusal (refund_unsent, refund_refused, not_refundable, …)',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    authorizations: new Counter({
      name: 'storepay_authorizations_total',
      help: 'Decisions on card authorisations (manual capture) by action (capture, cancel; expiry_capture, expiry_cancel and resend from the sweep) and outcome: succeeded, repeat (a replayed request), or the refusal (authorization_unsent, authorization_refused, authorization_decided, …)',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    reviews: new Counter({
      name: 'storepay_reviews_total',
      help: 'Decisions on Radar reviews from the queue by action (approve, refuse) and outcome: decided, or the refusal (review_closed, review_decided, review_unsent, …)',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'storepay_notifications_total',
      help: 'Attempts to send an outbox notification (email), by outbox kind (order.paid, refund.succeeded, …) and result (sent, failed: retried later, dead: out of attempts)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
    orderExpiry: new Counter({
      name: 'storepay_order_expiry_total',
      help: 'The expiry sweep of unpaid orders, by outcome: expired (an order expired), canceled (Stripe confirmed its PaymentIntent canceled), waiting (the cancellation is tried again later), paidAfterExpiry (it was paid anyway: flagged for staff)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    reconciliationRuns: new Counter({
      name: 'storepay_reconciliation_runs_total',
      help: 'Reconciliation runs (backfill of missed events + drift check) by trigger (schedule, staff) and result (succeeded, failed, stopped)',
      labelNames: ['trigger', 'result'],
      registers: [registry],
    }),
    reconciliationFindings: new Counter({
      name: 'storepay_reconciliation_findings_total',
      help: 'What reconciliation runs found: missing_event (an event the inbox lacked) or drift_<field> (a record that disagreed with Stripe)',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
  if (gauges) registerDatabaseGauges(registry, gauges, now);
  return metrics;
}

/** Seconds from `since` to now, or 0 when there is nothing waiting. */
function ageSeconds(since: Date | null, now: () => Date): number {
  return since ? Math.max(0, (now().getTime() - since.getTime()) / 1000) : 0;
}

/**
 * The database's figures (inbox, refunds awaiting approval, outbox, last reconciliation), read once per scrape and
 * shared by every gauge of it. They are the same in every process: alert rules take their max.
 */
function registerDatabaseGauges(registry: Registry, read: () => Promise<OperationsGaugeFigures>, now: () => Date) {
  let reading: Promise<OperationsGaugeFigures> | null = null;
  const figures = () => {
    reading ??= read().finally(() => setImmediate(() => (reading = null)));
    return reading;
  };
  const gauge = (name: string, help: string, value: (figures: OperationsGaugeFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(value(await figures()));
      },
    });
  gauge(
    'storepay_webhook_backlog_events',
    'Inbox events received and not finished (received, processing, failed)',
    ({ inbox }) => inbox.backlog,
  );
  gauge(
    'storepay_webhook_backlog_oldest_age_seconds',
    'How long the oldest unfinished inbox event has waited (0 when there is none)',
    ({ inbox }) => ageSeconds(inbox.oldestReceivedAt, now),
  );
  gauge(
    'storepay_webhook_dead_events',
    'Inbox events that failed their last attempt (replay them from the admin)',
    ({ inbox }) => inbox.dead,
  );
  gauge(
    'storepay_refunds_awaiting_approval',
    'Refunds above the approval threshold waiting for a second admin',
    ({ refunds }) => refunds.awaitingApproval,
  );
  gauge(
    'storepay_refunds_awaiting_approval_oldest_age_seconds',
    'How long the oldest refund awaiting approval has waited (0 when there is none)',
    ({ refunds }) => ageSeconds(refunds.oldestAwaitingSince, now),
  );
  gauge(
    'storepay_refunds_unsent',
    'Refunds to send that Stripe has not accepted yet (Stripe was unreachable; the schedule retries them)',
    ({ refunds }) => refunds.unsent,
  );
  gauge(
    'storepay_outbox_pending_messages',
    'Outbox messages not sent yet (retrying included)',
    ({ outbox }) => outbox.pending,
  );
  gauge(
    'storepay_outbox_pending_oldest_age_seconds',
    'How long the oldest unsent outbox message has waited (0 when there is none)',
    ({ outbox }) => ageSeconds(outbox.oldestPendingSince, now),
  );
  gauge(
    'storepay_outbox_failed_messages',
    'Outbox messages out of attempts (dead until staff replay them)',
    ({ outbox }) => outbox.failed,
  );
  gauge(
    'storepay_reconciliation_last_success_timestamp_seconds',
    'When the last successful reconciliation run finished, in Unix seconds (0: none yet)',
    ({ reconciliation }) => (reconciliation.lastSucceededAt ? reconciliation.lastSucceededAt.getTime() / 1000 : 0),
  );
}
