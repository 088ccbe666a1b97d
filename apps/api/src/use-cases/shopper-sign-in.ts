import { randomUUID } from 'node:crypto';
import type { CustomerRepository, CustomerSessionView, OutboxRepository, StoredCustomer } from '@storepay/db';
import { DEFAULT_SHOP_LOCALE, err, ok, type Result, type ShopLocale } from '@storepay/payments-core';
import type { Clock, RateLimits } from './ports';
import type { RefusalOf } from './refusals';
import type { SessionTokens } from './sign-in';

/** The outbox kind of a sign-in link: its email is sent by the notification workers, which make the token then. */
export const SIGN_IN_LINK_KIND = 'customer.sign_in';

export interface ShopperSignInPorts {
  customers: Pick<
    CustomerRepository,
    'storeSignInToken' | 'redeemSignInToken' | 'signInCustomer' | 'createSession' | 'findSession' | 'endSession'
  >;
  outbox: Pick<OutboxRepository, 'enqueue'>;
  tokens: SessionTokens;
  limits: RateLimits;
  clock: Clock;
  /** How long a sign-in link works after it was sent. */
  linkTtlMs: number;
  /** How long a shopper's session lasts. */
  sessionTtlMs: number;
}

/** Emails are compared case-insensitively: the account is the lower-cased address. */
export const accountEmail = (email: string) => email.trim().toLowerCase();

/**
 * A shopper asks for a sign-in link. The answer is the same for every address, known or not, and does not wait for
 * the email: the link is sent by the notification workers (through the outbox, with its retries), and its token is
 * made only then, so no usable token is ever stored, not even in the outbox. Limited per client address and per
 * email (the limit of an email answers the same whether it has an account or not).
 */
export async function requestSignInLink(
  ports: Pick<ShopperSignInPorts, 'outbox' | 'limits'>,
  { email, locale, clientIp }: { email: string; locale?: ShopLocale; clientIp: string },
): Promise<Result<{ sent: true }, RefusalOf<'rate_limited'>>> {
  const address = accountEmail(email);
  for (const [limit, key] of [
    ['shopper_link_ip', clientIp],
    ['shopper_link_email', address],
  ] as const) {
    const retryAfterSeconds = await ports.limits.take(limit, key);
    if (retryAfterSeconds !== null) return err({ kind: 'rate_limited', limit, retryAfterSeconds });
  }
  await ports.outbox.enqueue({
    kind: SIGN_IN_LINK_KIND,
    dedupeKey: `sign-in:${randomUUID()}`,
    orderId: null,
    payload: { email: address, locale: locale ?? DEFAULT_SHOP_LOCALE },
  });
  return ok({ sent: true });
}

/**
 * Makes the token of a sign-in link being sent to `email`: a fresh secret for the email only, its hash stored with
 * its expiry. Each attempt to send makes its own (an unused one simply expires).
 */
export async function issueSignInToken(
  ports: Pick<ShopperSignInPorts, 'customers' | 'tokens' | 'clock' | 'linkTtlMs'>,
  email: string,
): Promise<string> {
  const token = ports.tokens.newToken();
  await ports.customers.storeSignInToken({
    email: accountEmail(email),
    tokenHash: ports.tokens.tokenHash(token),
    expiresAt: new Date(ports.clock.now().getTime() + ports.linkTtlMs),
  });
  return token;
}

export interface ShopperSignedIn {
  customer: StoredCustomer;
  /** The session cookie's value (only its hash is stored). */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * A shopper opens their link: the token is used once (a second use, an expired or an unknown token are refused
 * alike), the account of its email is found or made, and a session of its own begins (never a staff one).
 */
export async function redeemSignInLink(
  ports: ShopperSignInPorts,
  { token, locale }: { token: string; locale?: ShopLocale },
): Promise<Result<ShopperSignedIn, RefusalOf<'sign_in_link_invalid'>>> {
  const now = ports.clock.now();
  const email = await ports.customers.redeemSignInToken(ports.tokens.tokenHash(token), now);
  if (!email) return err({ kind: 'sign_in_link_invalid' });
  const customer = await ports.customers.signInCustomer(email, locale ?? DEFAULT_SHOP_LOCALE, now);
  const sessionToken = ports.tokens.newToken();
  const csrfToken = ports.tokens.newToken();
  const expiresAt = new Date(now.getTime() + ports.sessionTtlMs);
  await ports.customers.createSession({
    customerId: customer.id,
    tokenHash: ports.tokens.tokenHash(sessionToken),
    csrfToken,
    expiresAt,
  });
  return ok({ customer, token: sessionToken, csrfToken, expiresAt });
}

/** The live session of a shop cookie's token, or null. */
export function findShopperSession(
  ports: Pick<ShopperSignInPorts, 'customers' | 'tokens' | 'clock'>,
  token: string,
): Promise<CustomerSessionView | null> {
  return ports.customers.findSession(ports.tokens.tokenHash(token), ports.clock.now());
}

export async function signOutShopper(
  ports: Pick<ShopperSignInPorts, 'customers' | 'tokens' | 'clock'>,
  token: string,
): Promise<void> {
  await ports.customers.endSession(ports.tokens.tokenHash(token), ports.clock.now());
}
