import fp from 'fastify-plugin';
import { composeServices, type ServiceOverrides, type UseCases, type WebhookSecrets } from '../composition';
import type { Config } from '../config';

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

/** Builds the process's services on the open database (the `database` plugin) with the composition root. */
export const servicesPlugin = fp<ServicesPluginOptions>(
  async (app, { config, ...overrides }) => {
    const services = composeServices({ config, database: app.db, log: app.log, ...overrides });
    app.decorate('services', services);
    app.decorate('useCases', services.useCases);
    app.decorate('webhookSecrets', services.webhookSecrets);
  },
  { name: 'services', dependencies: ['database'] },
);
