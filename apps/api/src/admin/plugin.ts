import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { authorize, type Access } from './access';
import { auditRoutes } from './audit-routes';
import { paymentAdminRoutes } from './payment-routes';
import { refundRoutes } from './refund-routes';
import { sessionRoutes } from './session-routes';
import { staffRoutes } from './staff-routes';
import { webhookAdminRoutes } from './webhook-routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every admin route with its access, as registered. */
    adminRoutes: readonly AdminRouteRecord[];
  }
}

export interface AdminPluginOptions {
  config: Config;
}

/** One admin route and who may call it, as the route declared it. */
export interface AdminRouteRecord {
  method: string;
  url: string;
  access: Access;
}

/**
 * The admin API under /api/admin. Encapsulated: its cookie parser, rate limiter and access check apply to its own
 * routes only. Every route must declare `config.access` (the plugin refuses to start otherwise), and the access check
 * runs before every handler: session (401), CSRF on writes (403), role (403).
 */
const adminRoutesPlugin: FastifyPluginAsync<AdminPluginOptions & { routes: AdminRouteRecord[] }> = async (
  app,
  { config, routes },
) => {
  await app.useCases.ensureFirstAdmin({ email: config.admin.email, password: config.admin.password });

  await app.register(cookie);
  // Per-IP limits for the routes that opt in (sign-in); the per-account lockout lives in the database.
  await app.register(rateLimit, { global: false });

  app.decorateRequest('staffSession', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`admin route ${String(route.method)} ${route.url} does not declare its access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', authorize(app.useCases.findSession));

  await app.register(sessionRoutes, { config });
  await app.register(staffRoutes);
  await app.register(auditRoutes);
  await app.register(webhookAdminRoutes);
  await app.register(paymentAdminRoutes);
  await app.register(refundRoutes);
};

/** Registers the admin API (encapsulated) and exposes its route table on the app. */
export const adminPlugin = fp<AdminPluginOptions>(
  async (app, { config }) => {
    const routes: AdminRouteRecord[] = [];
    app.decorate('adminRoutes', routes);
    await app.register(adminRoutesPlugin, { config, routes });
  },
  { name: 'admin', dependencies: ['services'] },
);
