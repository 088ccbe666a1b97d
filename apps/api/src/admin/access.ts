import type { Actor, StaffSessionView } from '@storepay/db';
import { roleAllows, type StaffRole } from '@storepay/payments-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, refusalError } from '../http/errors';
import { sameToken } from '../security/tokens';

/** Who may call an admin route: anyone (signing in) or staff with at least this role. */
export type Access = 'public' | StaffRole;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api/admin route: the admin plugin refuses to start with a route that lacks it. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in staff member's session on admin routes (null on public ones). */
    staffSession: StaffSessionView | null;
  }
}

/**
 * The session cookie. Where the cookie is `Secure` it is `__Host-`-prefixed: the browser then only accepts it from
 * this very host, over HTTPS, for the whole path, and never with a Domain, so no sibling subdomain (the shop, say) can
 * set or overwrite it. Without `Secure` (plain HTTP on another host) the prefix is not allowed; the cookie then keeps
 * to the admin API's path.
 */
export function sessionCookie(secure: boolean) {
  return secure
    ? {
        name: '__Host-storepay_admin',
        options: { path: '/', httpOnly: true, secure: true, sameSite: 'strict' as const },
      }
    : {
        name: 'storepay_admin_session',
        options: { path: '/api/admin', httpOnly: true, secure: false, sameSite: 'strict' as const },
      };
}
export type SessionCookie = ReturnType<typeof sessionCookie>;

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in staff member of a request that passed `authorize` (routes with a role only). */
export function staffOf(request: FastifyRequest): StaffSessionView['staff'] {
  if (!request.staffSession) throw new Error('staffOf called on a route without a role');
  return request.staffSession.staff;
}

/** The signed-in staff member as the actor of what the request does (audit log), with the client's address. */
export function actorOf(request: FastifyRequest): Actor & { role: StaffRole } {
  const { id, email, role } = staffOf(request);
  return { id, email, role, ip: request.ip };
}

/** A live session for a session cookie's token (the `findSession` use case). */
type FindSession = (token: string) => Promise<StaffSessionView | null>;

/** What a member whose password an admin reset may still do: see their session, change the password, sign out. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/admin/session',
  'DELETE /api/admin/session',
  'POST /api/admin/session/password',
  'POST /api/admin/sessions/revoke',
]);

/**
 * The check in front of every admin route: a live session from the cookie (401), the CSRF token on every write made
 * with that cookie (403 csrf_failed), a forced password reset (403 password_change_required on everything but the
 * password change), then the route's role (403 forbidden). Runs on the server for every request.
 */
export function authorize(findSession: FindSession, cookieName: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const access = request.routeOptions.config.access;
    request.staffSession = null;
    if (access === 'public') return;
    if (!access)
      throw new HttpError(
        500,
        'internal_error',
        'Something went wrong on our side.',
        undefined,
        'route without access',
      );
    const token = request.cookies[cookieName];
    const session = token ? await findSession(token) : null;
    if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, session.csrfToken)) {
        throw new HttpError(403, 'csrf_failed', `This request needs the ${CSRF_HEADER} header of your session.`);
      }
    }
    if (
      session.staff.mustChangePassword &&
      !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
    ) {
      throw refusalError({ kind: 'password_change_required' });
    }
    if (!roleAllows(session.staff.role, access)) {
      throw new HttpError(403, 'forbidden', `This needs the ${access} role; you are ${session.staff.role}.`);
    }
    request.staffSession = session;
  };
}
