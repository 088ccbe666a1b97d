// Test support for the admin API: staff members with sessions made directly in the database (the sign-in route has
// its own tests), and requests that carry the session cookie and CSRF token.
import { randomUUID } from 'node:crypto';
import { createRepositories } from '@storepay/db';
import type { StaffRole } from '@storepay/payments-core';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { hashPassword } from '../security/passwords';
import { newToken, tokenHash } from '../security/tokens';
import { CSRF_HEADER } from './access';

/** Cheap scrypt for test accounts: the stored parameters travel with the hash, so sign-in still verifies them. */
export const TEST_PASSWORD_COST = { N: 2 ** 10, r: 8, p: 1 };

export interface TestStaff {
  id: string;
  email: string;
  role: StaffRole;
  password: string;
  cookie: string;
  csrfToken: string;
}

export async function createTestStaff(
  app: App,
  role: StaffRole,
  email = `${role}-${randomUUID()}@example.com`,
): Promise<TestStaff> {
  const { staff } = createRepositories(app.db);
  const password = `password-${randomUUID()}`;
  const member = await staff.create({
    email,
    name: role,
    role,
    passwordHash: await hashPassword(password, TEST_PASSWORD_COST),
  });
  if (!member) throw new Error(`${email} exists`);
  const token = newToken();
  const csrfToken = newToken();
  await staff.createSession({
    staffUserId: member.id,
    tokenHash: tokenHash(token),
    csrfToken,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  const cookie = `${app.adminSessionCookie.name}=${token}`;
  return { id: member.id, email: member.email, role, password, cookie, csrfToken };
}

export interface AdminRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Leave out the CSRF header (to test that it is required). */
  withoutCsrf?: boolean;
}

/** An inject() as this staff member: their cookie, and their CSRF token on writes. */
export function asStaff(app: App, staff: Pick<TestStaff, 'cookie' | 'csrfToken'> | null, request: AdminRequest) {
  const headers: Record<string, string> = { ...request.headers };
  if (staff) {
    headers.cookie = staff.cookie;
    if (!request.withoutCsrf) headers[CSRF_HEADER] = staff.csrfToken;
  }
  return app.inject({
    method: request.method ?? 'GET',
    url: request.url,
    headers,
    ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
  });
}

export interface AdminTestSystem {
  db: TestDatabase;
  app: App;
  /** The Stripe emulator the app talks to (when asked for). */
  emulator: RunningEmulator | null;
  close(): Promise<void>;
}

/**
 * A fresh database (PGlite or PostgreSQL), optionally the Stripe emulator, and the API on them, for one test file.
 * No catalog seed and no scheduled reconciler unless `env` says otherwise.
 */
export async function startAdminTestSystem(
  name: Parameters<typeof createTestDatabase>[0],
  { env = {}, emulator: withEmulator = false }: { env?: NodeJS.ProcessEnv; emulator?: boolean } = {},
): Promise<AdminTestSystem> {
  const db = await createTestDatabase(name);
  const emulator = withEmulator ? await startEmulator() : null;
  const config = loadConfig({
    SEED_DEMO_CATALOG: 'false',
    RECONCILE_INTERVAL_MS: '0',
    ...(emulator ? { STRIPE_API_BASE: emulator.url } : {}),
    ...env,
  });
  const app = await buildApp({ config, database: db, logger: false });
  return {
    db,
    app,
    emulator,
    async close() {
      await app.close();
      await emulator?.close();
      await db.destroy();
    },
  };
}

/** stripe-node on the emulator, as staff's own tooling would reach it. */
export function emulatorStripe(emulator: RunningEmulator): Stripe {
  return new Stripe('sk_test_storepay_demo', { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
}

/** A paid order: its PaymentIntent succeeded in the emulator, and our rows say so (as the webhook leaves them). */
export async function createPaidOrder(db: TestDatabase, stripe: Stripe, amount = 4200, currency = 'usd') {
  const order = await db.prisma.order.create({
    data: { currency, amount, email: 'buyer@example.com', status: 'paid', paidAt: new Date() },
  });
  const intent = await stripe.paymentIntents.create({
    amount,
    currency,
    payment_method: 'pm_card_visa',
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    confirm: true,
    metadata: { order_id: order.id },
  });
  if (intent.status !== 'succeeded') throw new Error(`the test payment is ${intent.status}`);
  await db.prisma.payment.create({
    data: {
      orderId: order.id,
      stripePaymentIntentId: intent.id,
      status: 'succeeded',
      currency,
      amount,
      amountReceived: amount,
      email: order.email,
    },
  });
  return { orderId: order.id, paymentIntentId: intent.id };
}
