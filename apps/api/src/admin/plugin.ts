import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import {
  createAuditRepository,
  createStaffRepository,
  createWebhookAdminRepository,
  type AuditEntry,
  type AuditRepository,
  type StaffRepository,
  type WebhookAdminRepository,
} from '@storepay/db';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { authorize, type Access } from './access';
import { auditRoutes } from './audit-routes';
import { ensureFirstAdmin } from './bootstrap';
import { sessionRoutes } from './session-routes';
import { staffRoutes } from './staff-routes';
import { webhookAdminRoutes } from './webhook-routes';

declare module 'fastify' {
  interface FastifyInstance {
    staff: StaffRepository;
    audit: AuditRepository & {
      /** Appends an entry with the request's signed-in actor and IP. */
      record(request: FastifyRequest, entry: Omit<AuditEntry, 'actorId' | 'actorEmail' | 'ip'>): Promise<void>;
    };
    webhookAdmin: WebhookAdminRepository;
    /** Every admin route with its access, as registered. */
    adminRoutes: readonly AdminRouteRecord[];
  }
}

export interface AdminPluginOptions {
  config: Config;
}

/** One admin route and who may call it (the role matrix test walks these). */
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
  const staff = createStaffRepository(app.db.prisma);
  const audit = createAuditRepository(app.db.prisma);
  app.decorate('staff', staff);
  app.decorate('audit', {
    ...audit,
    record: (request, entry) =>
      audit.append({
        ...entry,
        actorId: request.staffSession?.staff.id ?? null,
        actorEmail: request.staffSession?.staff.email ?? null,
        ip: request.ip,
      }),
  });
  app.decorate('webhookAdmin', createWebhookAdminRepository(app.db.prisma));

  await ensureFirstAdmin({ staff, audit, email: config.admin.email, password: config.admin.password, log: app.log });

  await app.register(cookie);
  // Per-IP limits for the routes that opt in (sign-in); the per-account lockout lives in the database.
  await app.register(rateLimit, { global: false });

  app.decorateRequest('staffSession', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`admin route ${route.method} ${route.url} does not declare its access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });
  app.addHook(
    'onRequest',
    authorize((hash) => staff.findSession(hash)),
  );

  await app.register(sessionRoutes, { config });
  await app.register(staffRoutes);
  await app.register(auditRoutes);
  await app.register(webhookAdminRoutes);
};

/** Registers the admin API (encapsulated) and exposes its route table on the app. */
export const adminPlugin = fp<AdminPluginOptions>(
  async (app, { config }) => {
    const routes: AdminRouteRecord[] = [];
    app.decorate('adminRoutes', routes);
    await app.register(adminRoutesPlugin, { config, routes });
  },
  { name: 'admin', dependencies: ['database'] },
);
