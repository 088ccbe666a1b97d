import { adminSessionSchema, apiErrorSchema, signInRequestSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { SESSION_COOKIE, newToken, staffOf, tokenHash } from './access';
import { verifyAgainstNobody, verifyPassword } from './passwords';
import { staffView } from './views';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60 * 1000 };
/** Sign-in attempts per client IP per minute, whatever the account. */
export const SIGN_IN_RATE_LIMIT = { max: 20, timeWindow: 60_000 };

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'The email or password is wrong.');

export const sessionRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const cookiePath = '/api/admin';

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
      const { email, password } = request.body;
      const member = await app.staff.findCredentials(email);
      if (!member || !member.active) {
        await verifyAgainstNobody(password);
        throw invalidCredentials();
      }
      const attempt = await app.staff.reserveSignInAttempt(member.id, LOCKOUT);
      if (!attempt.allowed) {
        // As slow as a real check, so the answer's timing tells nothing more than its code.
        await verifyAgainstNobody(password);
        const seconds = Math.max(1, Math.ceil((attempt.lockedUntil.getTime() - Date.now()) / 1000));
        void reply.header('retry-after', String(seconds));
        throw new HttpError(429, 'account_locked', 'Too many failed sign-ins. Try again later.');
      }
      if (!(await verifyPassword(password, member.passwordHash))) {
        // Every failed attempt on an account is on record (at most LOCKOUT.maxFailures per lock period, so bounded);
        // the one that locks it says so.
        await app.audit.append({
          actorId: null,
          actorEmail: null,
          action: attempt.lastBeforeLock ? 'staff.locked_out' : 'staff.sign_in_failed',
          targetType: 'staff',
          targetId: member.id,
          details: attempt.lastBeforeLock
            ? { failures: LOCKOUT.maxFailures, lockedForSeconds: LOCKOUT.lockMs / 1000 }
            : { reason: 'wrong_password' },
          ip: request.ip,
        });
        throw invalidCredentials();
      }

      const token = newToken();
      const csrfToken = newToken();
      const expiresAt = new Date(Date.now() + config.admin.sessionTtlMs);
      await app.staff.signIn(
        {
          staffUserId: member.id,
          tokenHash: tokenHash(token),
          csrfToken,
          expiresAt,
          ip: request.ip,
          userAgent: request.headers['user-agent']?.slice(0, 500),
        },
        {
          actorId: member.id,
          actorEmail: member.email,
          action: 'staff.signed_in',
          targetType: 'staff',
          targetId: member.id,
          ip: request.ip,
        },
      );
      void reply.setCookie(SESSION_COOKIE, token, {
        path: cookiePath,
        httpOnly: true,
        secure: config.admin.secureCookie,
        sameSite: 'strict',
        expires: expiresAt,
      });
      return { staff: staffView({ ...member, lockedUntil: null }), csrfToken, expiresAt: expiresAt.toISOString() };
    },
  );

  app.get(
    '/api/admin/session',
    { config: { access: 'viewer' }, schema: { response: { 200: adminSessionSchema, 401: apiErrorSchema } } },
    async (request) => {
      const session = request.staffSession!;
      return {
        staff: staffView(staffOf(request)),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.delete(
    '/api/admin/session',
    { config: { access: 'viewer' }, schema: { response: { 204: z.null(), 401: apiErrorSchema, 403: apiErrorSchema } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]!;
      await app.staff.signOut(
        tokenHash(token),
        app.audit.entry(request, { action: 'staff.signed_out', targetType: 'staff', targetId: staffOf(request).id }),
      );
      void reply.clearCookie(SESSION_COOKIE, {
        path: cookiePath,
        httpOnly: true,
        secure: config.admin.secureCookie,
        sameSite: 'strict',
      });
      return reply.code(204).send(null);
    },
  );
};
