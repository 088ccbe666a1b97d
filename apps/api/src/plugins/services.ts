import fp from 'fastify-plugin';
import { composeServices, type ServiceOverrides, type UseCases, type WebhookSecrets } from '../composition';
import type { Config } from '../config';
import { recordStripeAttemptSpan } from '../tracing/tracing';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's use cases, built once by the composition root; routes and schedules call these only. */
    useCases: UseCases;
    webhookSecrets: WebhookSecrets;
    services: ReturnType<typeof composeServices>;
  }
}

export interface ServicesPluginOptions extends ServiceOverrides {
  config: Config;
}

/** How often the counts of refused webhook deliveries are written. */
const REJECTION_FLUSH_MS = 1_000;

/**
 * Builds the process's services on the open database (the `database` plugin) with the composition root, connects
 * the abuse limits' store (Redis when REDIS_URL is set), and writes the counts of refused webhook deliveries every
 * few seconds and at close.
 */
export const servicesPlugin = fp<ServicesPluginOptions>(
  async (app, { config, ...overrides }) => {
    const { metrics } = app;
    const services = composeServices({
      config,
      database: app.db,
      log: app.log,
      onStripeAttempt: (attempt) => {
        const { operation, outcome, durationSeconds, retryOf } = attempt;
        metrics.stripeRequests.inc({ operation, outcome });
        metrics.stripeRequestDuration.observe({ operation }, durationSeconds);
        if (retryOf) metrics.stripeRetries.inc({ operation, reason: retryOf });
        recordStripeAttemptSpan(attempt);
        const facts = { stripeOperation: operation, stripeRequestId: attempt.requestId, status: attempt.status };
        if (outcome === 'rate_limited') app.log.warn({ ...facts, retryOf }, 'Stripe rate-limited a request');
        else if (outcome === 'server_error' || outcome === 'network_error') {
          app.log.warn({ ...facts, outcome, retryOf }, 'a Stripe request failed');
        } else if (retryOf) app.log.warn({ ...facts, outcome, retryOf }, 'a retried Stripe request answered');
        else app.log.debug({ ...facts, outcome, durationSeconds }, 'Stripe answered');
      },
      onReconciliation: ({ trigger, result, missingEvents, drift }) => {
        metrics.reconciliationRuns.inc({ trigger, result });
        if (missingEvents > 0) metrics.reconciliationFindings.inc({ kind: 'missing_event' }, missingEvents);
        for (const { field } of drift) metrics.reconciliationFindings.inc({ kind: `drift_${field}` });
      },
      onNotification: (kind, result) => metrics.notifications.inc({ kind, result }),
      ...overrides,
    });
    app.decorate('services', services);
    app.decorate('useCases', services.useCases);
    app.decorate('webhookSecrets', services.webhookSecrets);
    await services.limitStores.ready();
    app.log.info({ store: services.limitStores.kind }, 'abuse limits ready');
    const flusher = setInterval(() => void services.rejections.flush(), REJECTION_FLUSH_MS);
    flusher.unref();
    app.addHook('onClose', async () => {
      clearInterval(flusher);
      await services.rejections.flush();
      await services.limitStores.close();
      services.mailer?.close?.();
    });
  },
  { name: 'services', dependencies: ['database', 'metrics'] },
);
