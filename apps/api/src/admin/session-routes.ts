import { adminSessionSchema, apiErrorSchema, signInRequestSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { orThrow } from '../http/errors';
import { staffView } from '../use-cases/views';
import { SESSION_COOKIE } from './access';

/** Sign-in attempts per client IP per minute, whatever the account. */
export const SIGN_IN_RATE_LIMIT = { max: 20, timeWindow: 60_000 };

export const sessionRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const cookieOptions = {
    path: '/api/admin',
    httpOnly: true,
    secure: config.admin.secureCookie,
    sameSite: 'strict' as const,
  };

  app.post(
    '/api/admin/session',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
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
      void reply.setCookie(SESSION_COOKIE, signedIn.token, { ...cookieOptions, expires: signedIn.expiresAt });
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
        token: request.cookies[SESSION_COOKIE]!,
        session: request.staffSession!,
        ip: request.ip,
      });
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );
};
