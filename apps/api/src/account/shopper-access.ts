import type { CustomerSessionView } from '@storepay/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors';
import { sameToken } from '../security/tokens';
import { CSRF_HEADER } from '../admin/access';

/** Who may call a shop route: anyone (with their session, when they have one), or a signed-in shopper. */
export type ShopperAccess = 'anyone' | 'shopper';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** On the shop's routes that know shoppers (checkout, the account): `shopper` needs a session. */
    shopper?: ShopperAccess;
  }
  interface FastifyRequest {
    /** The signed-in shopper's session, when the shop's cookie carries a live one. */
    shopperSession: CustomerSessionView | null;
  }
}

/**
 * The shop's session cookie, apart from the admin's: `__Host-` where `Secure` (the browser then keeps it to the shop's
 * own host, over HTTPS, for the whole path); SameSite=Strict, so another site's page never sends it.
 */
export function shopperCookie(secure: boolean) {
  return secure
    ? {
        name: '__Host-storepay_shop',
        options: { path: '/', httpOnly: true, secure: true, sameSite: 'strict' as const },
      }
    : {
        name: 'storepay_shop_session',
        options: { path: '/api', httpOnly: true, secure: false, sameSite: 'strict' as const },
      };
}
export type ShopperCookie = ReturnType<typeof shopperCookie>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The check in front of the shop's routes that know shoppers: the session of the cookie, when there is one; on
 * `shopper` routes a live session (401) and, on writes, its CSRF token (403).
 */
export function identifyShopper(
  findSession: (token: string) => Promise<CustomerSessionView | null>,
  cookieName: string,
) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.shopperSession = null;
    const token = request.cookies[cookieName];
    const session = token ? await findSession(token) : null;
    if (request.routeOptions.config.shopper !== 'shopper') {
      request.shopperSession = session;
      return;
    }
    if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, session.csrfToken)) {
        throw new HttpError(403, 'csrf_failed', `This request needs the ${CSRF_HEADER} header of your session.`);
      }
    }
    request.shopperSession = session;
  };
}

/** The signed-in shopper of a `shopper` route. */
export function shopperOf(request: FastifyRequest): CustomerSessionView {
  if (!request.shopperSession) throw new Error('shopperOf called on a route without a shopper');
  return request.shopperSession;
}
