import { isUuid, parseCurrency, type CurrencyCode, type OrderStatus } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** A shopper's account, as the shop's API uses it. */
export interface StoredCustomer {
  id: string;
  email: string;
  locale: string;
  stripeCustomerId: string | null;
  createdAt: Date;
}

/** A live shopper session with its account. */
export interface CustomerSessionView {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  customer: StoredCustomer;
}

/** One of an account's orders, as its order history lists it. */
export interface CustomerOrderLine {
  id: string;
  status: OrderStatus;
  amount: number;
  amountRefunded: number;
  currency: CurrencyCode;
  createdAt: Date;
  items: number;
}

/** An account as the admin's customer search lists it. */
export interface CustomerSummary extends StoredCustomer {
  lastSignInAt: Date | null;
  orders: number;
}

export interface NewSignInToken {
  email: string;
  tokenHash: string;
  expiresAt: Date;
}

export interface NewCustomerSession {
  customerId: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Shoppers' accounts, their emailed sign-in links and their sessions. Stores and loads; the rules are the use cases'. */
export interface CustomerRepository {
  /** Stores the hash of a sign-in link's token, for `email` (lower-cased by the caller). */
  storeSignInToken(token: NewSignInToken): Promise<void>;
  /**
   * Uses a sign-in link once: marks the token of `tokenHash` used at `now` if it is unused and not expired, and answers
   * its email; null for a token that is unknown, used or expired (one statement: two concurrent uses, one wins).
   */
  redeemSignInToken(tokenHash: string, now: Date): Promise<string | null>;
  /** The account of `email`, made when there is none (concurrent first sign-ins make one), with this sign-in's facts. */
  signInCustomer(email: string, locale: string, at: Date): Promise<StoredCustomer>;
  createSession(session: NewCustomerSession): Promise<void>;
  /** The session of a token's hash while it is live at `now` (not ended, not expired). */
  findSession(tokenHash: string, now: Date): Promise<CustomerSessionView | null>;
  endSession(tokenHash: string, at: Date): Promise<void>;
  find(id: string): Promise<StoredCustomer | null>;
  /**
   * Records the account's Stripe Customer unless it has one already; answers the one it has now (the first recorded
   * wins, so concurrent first checkouts agree).
   */
  setStripeCustomer(id: string, stripeCustomerId: string): Promise<string>;
  /** The account's orders, newest first. */
  orders(customerId: string, limit: number): Promise<CustomerOrderLine[]>;
  /** Guest orders placed with the account's email (any case) that no account holds yet. */
  countClaimable(email: string): Promise<number>;
  /** Makes those guest orders the account's; answers how many. */
  claimOrders(customerId: string, email: string): Promise<number>;
  /**
   * Accounts for the admin, newest first: those whose email contains `q` (any case; or is `q`, with `exactEmail`), or
   * whose id or Stripe Customer id is `q`; the newest without `q`.
   */
  search(query: { q?: string; limit: number; exactEmail?: boolean }): Promise<CustomerSummary[]>;
  /** Deletes sign-in tokens and sessions that expired or ended before `before`; answers how many of each. */
  prune(before: Date): Promise<{ signInTokens: number; sessions: number }>;
}

const customerSelect = { id: true, email: true, locale: true, stripeCustomerId: true, createdAt: true } as const;

export function createCustomerRepository(prisma: PrismaClient): CustomerRepository {
  return {
    async storeSignInToken(token) {
      await prisma.customerSignInToken.create({ data: token });
    },

    async redeemSignInToken(tokenHash, now) {
      const rows = await prisma.$queryRaw<{ email: string }[]>`
        UPDATE customer_sign_in_tokens SET used_at = ${now}
         WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
        RETURNING email`;
      return rows[0]?.email ?? null;
    },

    async signInCustomer(email, locale, at) {
      return prisma.customer.upsert({
        where: { email },
        create: { email, locale, lastSignInAt: at },
        update: { locale, lastSignInAt: at },
        select: customerSelect,
      });
    },

    async createSession(session) {
      await prisma.customerSession.create({ data: session });
    },

    async findSession(tokenHash, now) {
      const row = await prisma.customerSession.findUnique({
        where: { tokenHash },
        select: { id: true, csrfToken: true, expiresAt: true, endedAt: true, customer: { select: customerSelect } },
      });
      if (!row || row.endedAt || row.expiresAt <= now) return null;
      const { endedAt: _ended, ...session } = row;
      return session;
    },

    async endSession(tokenHash, at) {
      await prisma.customerSession.updateMany({ where: { tokenHash, endedAt: null }, data: { endedAt: at } });
    },

    async find(id) {
      if (!isUuid(id)) return null;
      return prisma.customer.findUnique({ where: { id }, select: customerSelect });
    },

    async setStripeCustomer(id, stripeCustomerId) {
      await prisma.customer.updateMany({ where: { id, stripeCustomerId: null }, data: { stripeCustomerId } });
      const row = await prisma.customer.findUniqueOrThrow({ where: { id }, select: { stripeCustomerId: true } });
      return row.stripeCustomerId!;
    },

    async orders(customerId, limit) {
      const rows = await prisma.order.findMany({
        where: { customerId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: {
          id: true,
          status: true,
          amount: true,
          amountRefunded: true,
          currency: true,
          createdAt: true,
          items: { select: { quantity: true } },
        },
      });
      return rows.map(({ items, ...order }) => ({
        ...order,
        // Read back from our own orders: written as a currency we sell in.
        currency: parseCurrency(order.currency)!,
        items: items.reduce((sum, item) => sum + item.quantity, 0),
      }));
    },

    countClaimable(email) {
      return prisma.order.count({
        where: { customerId: null, email: { equals: email, mode: 'insensitive' } },
      });
    },

    async claimOrders(customerId, email) {
      const { count } = await prisma.order.updateMany({
        where: { customerId: null, email: { equals: email, mode: 'insensitive' } },
        data: { customerId },
      });
      return count;
    },

    async search({ q, limit, exactEmail = false }) {
      const term = q?.trim();
      const rows = await prisma.customer.findMany({
        where: term
          ? {
              OR: [
                exactEmail ? { email: term.toLowerCase() } : { email: { contains: term.toLowerCase() } },
                { stripeCustomerId: term },
                ...(isUuid(term) ? [{ id: term.toLowerCase() }] : []),
              ],
            }
          : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: { ...customerSelect, lastSignInAt: true, _count: { select: { orders: true } } },
      });
      return rows.map(({ _count, ...customer }) => ({ ...customer, orders: _count.orders }));
    },

    async prune(before) {
      const [signInTokens, sessions] = await prisma.$transaction([
        prisma.customerSignInToken.deleteMany({ where: { expiresAt: { lt: before } } }),
        prisma.customerSession.deleteMany({
          where: { OR: [{ expiresAt: { lt: before } }, { endedAt: { lt: before } }] },
        }),
      ]);
      return { signInTokens: signInTokens.count, sessions: sessions.count };
    },
  };
}
