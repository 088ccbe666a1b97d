import {
  adminSessionSchema,
  apiErrorSchema,
  changePasswordRequestSchema,
  sessionsEndedSchema,
  signInRequestSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { staffView } from '../use-cases/views';
import type { SessionCookie } from './access';

/** Signing in and out, the member's own password, and ending their sessions. */
export const sessionRoutes: FastifyPluginAsyncZod<{ cookie: SessionCookie }> = async (app, { cookie }) => {
  app.post(
    '/api/admin/session',
    {
      config: { access: 'public' },
      schema: {
        body: signInRequestSchema,
        response: { 200: adminSessionSchema, 400: apiErrorSchema, 401: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const signedIn = orThrow(
        await app.useCases.signIn({
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        }),
      );
      void reply.setCookie(cookie.name, signedIn.token, { ...cookie.options, expires: signedIn.expiresAt });
      return {
        staff: staffView(signedIn.staff),
        csrfToken: signedIn.csrfToken,
        expiresAt: signedIn.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/api/admin/session',
    { config: { access: 'viewer' }, schema: { response: { 200: adminSessionSchema, 401: apiErrorSchema } } },
    async (request) => {
      const session = request.staffSession!;
      return {
        staff: staffView(session.staff),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.delete(
    '/api/admin/session',
    { config: { access: 'viewer' }, schema: { response: { 204: z.null(), 401: apiErrorSchema, 403: apiErrorSchema } } },
    async (request, reply) => {
      await app.useCases.signOut({
        token: request.cookies[cookie.name]!,
        session: request.staffSession!,
        ip: request.ip,
      });
      void reply.clearCookie(cookie.name, cookie.options);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/session/password',
    {
      config: { access: 'viewer' },
      schema: {
        body: changePasswordRequestSchema,
        response: { 200: sessionsEndedSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    },
    async (request) =>
      orThrow(await app.useCases.changePassword({ session: request.staffSession!, ...request.body, ip: request.ip })),
  );

  app.post(
    '/api/admin/sessions/revoke',
    {
      config: { access: 'viewer' },
      schema: { response: { 200: sessionsEndedSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    },
    async (request, reply) => {
      const ended = await app.useCases.signOutEverywhere({ session: request.staffSession!, ip: request.ip });
      void reply.clearCookie(cookie.name, cookie.options);
      return ended;
    },
  );
};
