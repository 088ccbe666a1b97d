import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The inbox figures a scrape reads from the database (cheap: each an index range). */
export interface InboxGauges {
  /** Events received and not finished (received, processing, failed). */
  backlog: number;
  /** When the oldest of them was received, or null when there is none. */
  oldestReceivedAt: Date | null;
  dead: number;
}

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
}

export interface MetricsOptions {
  /** Reads the inbox gauges at scrape time; without it (a test), they are not exported. */
  inbox?: () => Promise<InboxGauges>;
  /** The clock the oldest event's age is measured with. */
  now?: () => Date;
}

export function createMetrics({ inbox, now = () => new Date() }: MetricsOptions = {}): Metrics {
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
  };
  if (inbox) registerInboxGauges(registry, inbox, now);
  return metrics;
}

/** The inbox's backlog, its oldest event's age and its dead events, read once per scrape. */
function registerInboxGauges(registry: Registry, inbox: () => Promise<InboxGauges>, now: () => Date) {
  let reading: Promise<InboxGauges> | null = null;
  // The three gauges of one scrape share one read.
  const read = () => {
    reading ??= inbox().finally(() => setImmediate(() => (reading = null)));
    return reading;
  };
  new Gauge({
    name: 'storepay_webhook_backlog_events',
    help: 'Inbox events received and not finished (received, processing, failed)',
    registers: [registry],
    async collect() {
      this.set((await read()).backlog);
    },
  });
  new Gauge({
    name: 'storepay_webhook_backlog_oldest_age_seconds',
    help: 'How long the oldest unfinished inbox event has waited (0 when there is none)',
    registers: [registry],
    async collect() {
      const { oldestReceivedAt } = await read();
      this.set(oldestReceivedAt ? Math.max(0, (now().getTime() - oldestReceivedAt.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'storepay_webhook_dead_events',
    help: 'Inbox events that failed their last attempt (replay them from the admin)',
    registers: [registry],
    async collect() {
      this.set((await read()).dead);
    },
  });
}
