import { randomUUID } from 'node:crypto';
import { notificationWorkerPlugin } from './notifications/notification-worker-plugin';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '@storepay/db';
import type { ServiceOverrides } from './composition';
import type { Config } from './config';
import type { Tracing } from './tracing/tracing';
import { registerErrorHandling } from './http/errors';
import { expirySchedulePlugin } from './orders/expiry-schedule';
import { loggerOptions } from './logger';
import { adminPlugin } from './admin/plugin';
import { databasePlugin } from './plugins/database';
import { metricsPlugin } from './metrics/plugin';
import { openApiPlugin } from './plugins/openapi';
import { servicesPlugin } from './plugins/services';
import { webhookSecretsPlugin } from './plugins/webhook-secrets';
import { shopPlugin } from './account/shop-plugin';
import { configRoutes } from './routes/config';
import { healthRoutes } from './routes/health';
import { productRoutes } from './routes/products';
import { reconcilerSchedulePlugin } from './webhooks/reconciler-schedule';
import { receiveWebhookRoutes } from './webhooks/receive';
import { webhookWorkerPlugin } from './webhooks/worker-plugin';

export interface BuildAppOptions extends ServiceOverrides {
  config: Config;
  /** An open database to use instead of opening one from the config (tests). */
  database?: Database;
  logger?: FastifyServerOptions['logger'];
  /** This process's tracing (see tracing/tracing.ts), when it is on. */
  tracing?: Tracing | null;
}

/**
 * The HTTP API, with its plugins in a fixed order: errors, the database, the services (the composition root),
 * the worker and schedules (unless API_MODE=http), then the routes.
 */
export async function buildApp({ config, database, logger, tracing, ...overrides }: BuildAppOptions) {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    bodyLimit: 1024 * 1024,
    // Opening and migrating the embedded database can take seconds on a busy machine.
    pluginTimeout: 60_000,
    // A hop count trusts that many proxies nearest to the API; addresses trust those proxies (see TRUST_PROXY).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    // Slow clients (slowloris) cannot hold connections open: a request has this long, an idle socket less.
    requestTimeout: config.timeouts.requestMs,
    connectionTimeout: config.timeouts.connectionMs,
    // Request ids are ours: a client's X-Request-Id is kept only as a separate log field, never as our id.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  // First: the request's span is the parent of everything the request does.
  if (tracing) {
    await app.register(tracing.fastifyPlugin);
    app.addHook('onClose', () => tracing.flush());
  }
  // A callback hook, not an async one: it runs on every request, the webhook ingest's included.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const clientId = request.headers['x-request-id'];
    if (typeof clientId === 'string' && clientId !== '') {
      request.log = request.log.child({ clientRequestId: clientId.slice(0, 128) });
      reply.log = request.log;
    }
    done();
  });
  // JSON only, never a page: nothing may run, frame or embed what the API answers. HSTS for when TLS is in front.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(databasePlugin, { config, database });
  await app.register(metricsPlugin, { config });
  await app.register(servicesPlugin, { config, ...overrides });
  // The webhook worker and the reconciler's schedule run in the API process unless API_MODE=http (then separate
  // `--worker` processes run them). Every API process can reconcile on demand.
  if (config.mode !== 'http') {
    await app.register(webhookWorkerPlugin, { config });
    await app.register(notificationWorkerPlugin, { config });
    await app.register(reconcilerSchedulePlugin, { config });
    await app.register(expirySchedulePlugin, { config });
  }
  await app.register(webhookSecretsPlugin, { config });
  // Before the routes: it completes their error responses and describes them.
  await app.register(openApiPlugin, { config });

  await app.register(healthRoutes);
  await app.register(productRoutes);
  await app.register(configRoutes, { config });
  await app.register(shopPlugin, { config });
  await app.register(receiveWebhookRoutes, { config });
  await app.register(adminPlugin, { config });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
