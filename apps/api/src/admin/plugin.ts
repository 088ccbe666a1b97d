import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { authorize, sessionCookie, type Access, type SessionCookie } from './access';
import { auditRoutes } from './audit-routes';
import { catalogAdminRoutes } from './catalog-routes';
import { customerAdminRoutes } from './customer-routes';
import { notificationRoutes } from './notification-routes';
import { paymentAdminRoutes } from './payment-routes';
import { refundRoutes } from './refund-routes';
import { authorizationRoutes } from './authorization-routes';
import { reviewRoutes } from './review-routes';
import { disputeRoutes } from './dispute-routes';
import { sessionRoutes } from './session-routes';
import { staffRoutes } from './staff-routes';
import { webhookAdminRoutes } from './webhook-routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every admin route with its access, as registered. */
    adminRoutes: readonly AdminRouteRecord[];
    /** The staff session cookie's name and attributes. */
    adminSessionCookie: SessionCookie;
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
 * The admin API under /api/admin. Encapsulated: its cookie parser and access check apply to its own routes only.
 * Every route must declare `config.access` (the plugin refuses to start otherwise), and the access check runs
 * before every handler: session (401), CSRF on writes (403), forced password change (403), role (403). Outside the
 * demo it refuses to start while any account has the demo admin's published password.
 */
const adminRoutesPlugin: FastifyPluginAsync<AdminPluginOptions & { routes: AdminRouteRecord[] }> = async (
  app,
  { config, routes },
) => {
  await app.useCases.ensureFirstAdmin({ email: config.admin.email, password: config.admin.password });
  if (!config.demo) await app.useCases.refuseDemoPasswords();

  await app.register(cookie);
  const session = app.adminSessionCookie;

  app.decorateRequest('staffSession', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`admin route ${String(route.method)} ${route.url} does not declare its access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', authorize(app.useCases.findSession, session.name));

  await app.register(sessionRoutes, { cookie: session });
  await app.register(staffRoutes);
  await app.register(auditRoutes);
  await app.register(webhookAdminRoutes);
  await app.register(notificationRoutes);
  await app.register(paymentAdminRoutes);
  await app.register(refundRoutes);
  await app.register(authorizationRoutes);
  await app.register(reviewRoutes);
  await app.register(disputeRoutes);
  await app.register(customerAdminRoutes);
  await app.register(catalogAdminRoutes);
};

/** Registers the admin API (encapsulated) and exposes its route table on the app. */
export const adminPlugin = fp<AdminPluginOptions>(
  async (app, { config }) => {
    const routes: AdminRouteRecord[] = [];
    app.decorate('adminRoutes', routes);
    app.decorate('adminSessionCookie', sessionCookie(config.admin.secureCookie));
    await app.register(adminRoutesPlugin, { config, routes });
  },
  { name: 'admin', dependencies: ['services'] },
);
