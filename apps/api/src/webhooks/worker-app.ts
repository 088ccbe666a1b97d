import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Database } from '@storepay/db';
import type { Config } from '../config';
import { loggerOptions } from '../logger';
import { databasePlugin } from '../plugins/database';
import { paymentsPlugin } from '../plugins/payments';
import { reconcilerPlugin } from './reconciler-plugin';
import { webhookWorkerPlugin } from './worker-plugin';

export interface BuildWorkerAppOptions {
  config: Config;
  database?: Database;
  logger?: FastifyServerOptions['logger'];
}

/**
 * The worker mode (`API_MODE=worker` or `--worker`): the database, the webhook worker and the reconciler, with no
 * HTTP server.
 * `await app.ready()` starts the worker; `app.close()` stops it and closes the database.
 */
export async function buildWorkerApp({ config, database, logger }: BuildWorkerAppOptions) {
  const app = Fastify({ logger: logger ?? loggerOptions(config) });
  await app.register(databasePlugin, { config: { ...config, seedDemoCatalog: false }, database });
  await app.register(paymentsPlugin, { config });
  await app.register(webhookWorkerPlugin, { config });
  await app.register(reconcilerPlugin, { config });
  return app;
}
