import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '@storepay/db';
import type { Config } from './config';
import { registerErrorHandling } from './errors';
import { loggerOptions } from './logger';
import { databasePlugin } from './plugins/database';
import { paymentsPlugin } from './plugins/payments';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { repositoriesPlugin } from './plugins/repositories';
import { checkoutRoutes } from './routes/checkout';
import { configRoutes } from './routes/config';
import { healthRoutes } from './routes/health';
import { productRoutes } from './routes/products';
import { webhookWorkerPlugin } from './webhooks/worker-plugin';
import { reconcilerPlugin } from './webhooks/reconciler-plugin';
import type { StripeEventSource } from '@storepay/payments-core/server';
import { webhookInboxPlugin } from './plugins/webhook-inbox';
import { webhookSecretsPlugin } from './plugins/webhook-secrets';
import { receiveWebhookRoutes } from './webhooks/receive';
import { adminPlugin } from './admin/plugin';

export interface BuildAppOptions {
  config: Config;
  /** An open database to use instead of opening one from the config (tests). */
  database?: Database;
  /** A payment gateway to use instead of Stripe from the config (tests). */
  gateway?: PaymentGateway;
  /** Stripe's event log for the reconciler, instead of one built from the config (tests). */
  stripeEvents?: StripeEventSource;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the API with its plugins in a fixed order: errors, infrastructure, repositories, routes. */
export async function buildApp({ config, database, gateway, stripeEvents, logger }: BuildAppOptions) {
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
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(databasePlugin, { config, database });
  await app.register(repositoriesPlugin);
  await app.register(paymentsPlugin, { config, gateway });
  // The webhook worker runs in the API process unless API_MODE=http (then a separate `--worker` process runs it).
  if (config.mode !== 'http') {
    await app.register(webhookWorkerPlugin, { config });
  }
  // Every API process can reconcile on demand; only processes that run the worker also do it on a schedule.
  await app.register(reconcilerPlugin, { config, events: stripeEvents, schedule: config.mode !== 'http' });
  await app.register(webhookInboxPlugin);
  await app.register(webhookSecretsPlugin, { config });

  await app.register(healthRoutes);
  await app.register(productRoutes);
  await app.register(configRoutes, { config });
  await app.register(checkoutRoutes);
  await app.register(receiveWebhookRoutes, { config });
  await app.register(adminPlugin, { config });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
