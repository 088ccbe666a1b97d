// Shoppers' accounts, sign-in tokens and sessions in memory, as CustomerRepository promises them (a token is used
// once, an account per email), for the use cases' unit tests.
import { randomUUID } from 'node:crypto';
import type { CustomerRepository, CustomerSessionView, StoredCustomer } from '@storepay/db';

export function inMemoryCustomers() {
  const tokens = new Map<string, { email: string; expiresAt: Date; usedAt: Date | null }>();
  const customers = new Map<string, StoredCustomer & { lastSignInAt: Date | null }>();
  const sessions = new Map<
    string,
    { customerId: string; csrfToken: string; expiresAt: Date; endedAt: Date | null; id: string }
  >();
  const byEmail = (email: string) => [...customers.values()].find((customer) => customer.email === email);
  // The order history's and the admin search's queries are the database's: the routes' integration tests cover them.
  const repository: Omit<CustomerRepository, 'orders' | 'countClaimable' | 'claimOrders' | 'search'> = {
    async storeSignInToken({ email, tokenHash, expiresAt }) {
      tokens.set(tokenHash, { email, expiresAt, usedAt: null });
    },
    async redeemSignInToken(tokenHash, now) {
      const token = tokens.get(tokenHash);
      if (!token || token.usedAt || token.expiresAt <= now) return null;
      token.usedAt = now;
      return token.email;
    },
    async signInCustomer(email, locale, at) {
      const found = byEmail(email);
      if (found) {
        Object.assign(found, { locale, lastSignInAt: at });
        return found;
      }
      const customer = { id: randomUUID(), email, locale, stripeCustomerId: null, createdAt: at, lastSignInAt: at };
      customers.set(customer.id, customer);
      return customer;
    },
    async createSession({ customerId, tokenHash, csrfToken, expiresAt }) {
      sessions.set(tokenHash, { customerId, csrfToken, expiresAt, endedAt: null, id: randomUUID() });
    },
    async findSession(tokenHash, now): Promise<CustomerSessionView | null> {
      const session = sessions.get(tokenHash);
      if (!session || session.endedAt || session.expiresAt <= now) return null;
      return {
        id: session.id,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        customer: customers.get(session.customerId)!,
      };
    },
    async endSession(tokenHash, at) {
      const session = sessions.get(tokenHash);
      if (session && !session.endedAt) session.endedAt = at;
    },
    find: async (id) => customers.get(id) ?? null,
    async setStripeCustomer(id, stripeCustomerId) {
      const customer = customers.get(id)!;
      customer.stripeCustomerId ??= stripeCustomerId;
      return customer.stripeCustomerId;
    },
    async prune(before) {
      let signInTokens = 0;
      let ended = 0;
      for (const [hash, token] of tokens) if (token.expiresAt < before && tokens.delete(hash)) signInTokens += 1;
      for (const [hash, session] of sessions) {
        if ((session.expiresAt < before || (session.endedAt && session.endedAt < before)) && sessions.delete(hash)) {
          ended += 1;
        }
      }
      return { signInTokens, sessions: ended };
    },
  };
  return { repository, tokens, customers, sessions };
}
