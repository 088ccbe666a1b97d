import Fastify, { type FastifyServerOptions } from 'fastify';
import { notificationWorkerPlugin } from '../notifications/notification-worker-plugin';
import { expirySchedulePlugin } from '../orders/expiry-schedule';
import type { Database } from '@storepay/db';
import type { ServiceOverrides } from '../composition';
import type { Config } from '../config';
import type { Tracing } from '../tracing/tracing';
import { loggerOptions } from '../logger';
import { databasePlugin } from '../plugins/database';
import { metricsPlugin } from '../metrics/plugin';
import { servicesPlugin } from '../plugins/services';
import { reconcilerSchedulePlugin } from './reconciler-schedule';
import { webhookWorkerPlugin } from './worker-plugin';

export interface BuildWorkerAppOptions extends ServiceOverrides {
  config: Config;
  database?: Database;
  logger?: FastifyServerOptions['logger'];
  /** This process's tracing (see tracing/tracing.ts), when it is on. */
  tracing?: Tracing | null;
}

/**
 * The worker mode (`API_MODE=worker` or `--worker`): the database, the services (the same composition root as the
 * API), the webhook worker, the notification worker, the reconciler's schedule and the expiry sweep, with no HTTP server.
 * `await app.ready()` starts the worker; `app.close()` stops it and closes the database.
 */
export async function buildWorkerApp({ config, database, logger, tracing, ...overrides }: BuildWorkerAppOptions) {
  const app = Fastify({ logger: logger ?? loggerOptions(config) });
  // A worker serves no requests: its spans are the events it applies (see worker.ts).
  if (tracing) app.addHook('onClose', () => tracing.flush());
  await app.register(databasePlugin, { config: { ...config, seedDemoCatalog: false }, database });
  await app.register(metricsPlugin, { config });
  await app.register(servicesPlugin, { config, ...overrides });
  await app.register(webhookWorkerPlugin, { config });
  await app.register(notificationWorkerPlugin, { config });
  await app.register(reconcilerSchedulePlugin, { config });
  await app.register(expirySchedulePlugin, { config });
  return app;
}
