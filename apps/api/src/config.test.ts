import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

/** The least a production start needs. */
const PRODUCTION = {
  NODE_ENV: 'production',
  STRIPE_SECRET_KEY: 'sk_live_1',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_1',
  STRIPE_WEBHOOK_SECRET: 'whsec_1',
} as const;

describe('loadConfig', () => {
  it('needs nothing in demo mode', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.ports).toEqual({ storefront: 4200, admin: 4300, stripeEmulator: 12111 });
    expect(config.demo).toBe(true);
    expect(config.database.url).toBeUndefined();
    expect(config.stripe.apiBase).toBe('http://127.0.0.1:12111');
    expect(config.stripe.stripeJsUrl).toBe('http://127.0.0.1:12111/js.stripe.com/v3/');
    expect(config.stripe.secretKey).toMatch(/^sk_test_/);
    expect(config.seedDemoCatalog).toBe(true);
  });

  it('names each bad variable', () => {
    expect(problemsOf({ API_PORT: 'abc' })).toEqual(['API_PORT']);
    expect(problemsOf({ API_PORT: '70000' })).toEqual(['API_PORT']);
    expect(problemsOf({ ADMIN_PORT: '-1', DATABASE_URL: 'mysql://x', STRIPE_SECRET_KEY: 'sk_test_1' })).toEqual([
      'ADMIN_PORT',
      'DATABASE_URL',
      'STRIPE_PUBLISHABLE_KEY',
    ]);
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual(['STRIPE_PUBLISHABLE_KEY']);
    expect(problemsOf({ STRIPE_SECRET_KEY: 'nope', STRIPE_PUBLISHABLE_KEY: 'pk_test_x' })).toEqual([
      'STRIPE_SECRET_KEY',
    ]);
    expect(problemsOf({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' })).toEqual([
      'ADMIN_EMAIL',
    ]);
    expect(problemsOf({ ADMIN_EMAIL: 'owner@example.com' })).toEqual(['ADMIN_PASSWORD']);
    expect(problemsOf({ ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'short' })).toEqual(['ADMIN_PASSWORD']);
    expect(problemsOf({ REFUND_APPROVAL_THRESHOLDS: 'USD=500' })).toEqual(['REFUND_APPROVAL_THRESHOLDS']);
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual(['TRUST_PROXY']);
    expect(() => loadConfig({ API_PORT: 'abc' })).toThrow(/API_PORT: must be a port number/);
  });

  it('reads the admin settings: the demo admin, session lifetime, cookie and refund approval thresholds', () => {
    expect(loadConfig({}).admin).toEqual({
      email: 'admin@storepay.local',
      password: 'storepay-demo-admin',
      sessionTtlMs: 12 * 3600_000,
      sessionIdleMs: 30 * 60_000,
      secureCookie: true,
      refundApprovalThresholds: { USD: 500, EUR: 500, GBP: 500, JPY: 75000 },
    });
    const real = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_1',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
      ADMIN_SESSION_TTL_HOURS: '1',
      ADMIN_COOKIE_SECURE: 'false',
      REFUND_APPROVAL_THRESHOLDS: 'usd:100.50, kwd:25',
    });
    expect(real.admin).toEqual({
      email: undefined,
      password: undefined,
      sessionTtlMs: 3600_000,
      sessionIdleMs: 30 * 60_000,
      secureCookie: false,
      refundApprovalThresholds: { USD: 100.5, KWD: 25 },
    });
  });

  it('trusts no proxy unless told: a hop count or the proxies’ addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ...PRODUCTION, DATABASE_URL: 'postgresql://x/y' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('reads the reconciler schedule, where 0 turns it off', () => {
    expect(loadConfig({ RECONCILE_INTERVAL_MS: '0' }).webhooks.reconcileIntervalMs).toBe(0);
    expect(problemsOf({ RECONCILE_INTERVAL_MS: 'soon' })).toEqual(['RECONCILE_INTERVAL_MS']);
  });

  it('uses real Stripe when keys are given', () => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/shop',
    });
    expect(config.demo).toBe(false);
    expect(config.stripe.apiBase).toBeUndefined();
    expect(config.stripe).toMatchObject({ secretKey: 'sk_test_123', stripeJsUrl: 'https://js.stripe.com/v3/' });
    expect(config.seedDemoCatalog).toBe(false);
  });

  it('reads the capture method and what happens to a lapsing authorisation', () => {
    expect(loadConfig({}).orders).toMatchObject({ captureMethod: 'automatic', authorizationExpiryAction: 'cancel' });
    expect(loadConfig({ CAPTURE_METHOD: 'manual', AUTHORIZATION_EXPIRY_ACTION: 'capture' }).orders).toMatchObject({
      captureMethod: 'manual',
      authorizationExpiryAction: 'capture',
    });
    expect(problemsOf({ CAPTURE_METHOD: 'later' })).toEqual(['CAPTURE_METHOD']);
    expect(problemsOf({ AUTHORIZATION_EXPIRY_ACTION: 'keep' })).toEqual(['AUTHORIZATION_EXPIRY_ACTION']);
  });

  it('reads the webhook settings: secrets (a comma-separated list while rotating), body limit, tolerance', () => {
    const defaults = loadConfig({});
    expect(defaults.stripe.webhookSecrets).toEqual([]);
    expect(defaults.stripe.webhookSecret).toBeUndefined();
    expect(defaults.webhooks).toEqual({
      bodyLimitBytes: 1024 * 1024,
      toleranceSeconds: 300,
      reconcileIntervalMs: 300_000,
    });
    const rotating = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_new, whsec_old',
      WEBHOOK_BODY_LIMIT_BYTES: '2048',
      WEBHOOK_TOLERANCE_SECONDS: '60',
    });
    expect(rotating.stripe.webhookSecrets).toEqual(['whsec_new', 'whsec_old']);
    expect(rotating.stripe.webhookSecret).toBe('whsec_new');
    expect(rotating.webhooks).toMatchObject({ bodyLimitBytes: 2048, toleranceSeconds: 60 });
    expect(problemsOf({ STRIPE_WEBHOOK_SECRET: 'whsec_a,nope' })).toEqual(['STRIPE_WEBHOOK_SECRET']);
    expect(problemsOf({ STRIPE_WEBHOOK_SECRET: 'whsec_a,' })).toEqual(['STRIPE_WEBHOOK_SECRET']);
    expect(problemsOf({ WEBHOOK_BODY_LIMIT_BYTES: '0', WEBHOOK_TOLERANCE_SECONDS: 'soon' })).toEqual([
      'WEBHOOK_BODY_LIMIT_BYTES',
      'WEBHOOK_TOLERANCE_SECONDS',
    ]);
  });

  it('configures the webhook worker and the process mode', () => {
    expect(loadConfig({})).toMatchObject({
      mode: 'all',
      webhookWorker: { maxAttempts: 8, leaseMs: 60_000, pollIntervalMs: 200, concurrency: 4, listen: true },
    });
    expect(
      loadConfig({
        API_MODE: 'worker',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_WORKER_LEASE_MS: '5000',
        WEBHOOK_WORKER_POLL_MS: '50',
      }),
    ).toMatchObject({ mode: 'worker', webhookWorker: { maxAttempts: 3, leaseMs: 5000, pollIntervalMs: 50 } });
    expect(loadConfig({ WEBHOOK_WORKER_CONCURRENCY: '2' }).webhookWorker.concurrency).toBe(2);
    expect(problemsOf({ WEBHOOK_WORKER_CONCURRENCY: '9' })).toEqual(['WEBHOOK_WORKER_CONCURRENCY']);
    expect(problemsOf({ API_MODE: 'both', WEBHOOK_MAX_ATTEMPTS: '0', WEBHOOK_WORKER_POLL_MS: 'x' }).sort()).toEqual([
      'API_MODE',
      'WEBHOOK_MAX_ATTEMPTS',
      'WEBHOOK_WORKER_POLL_MS',
    ]);
  });

  it('runs the demo only on the embedded database, on loopback, and never with NODE_ENV=production', () => {
    expect(problemsOf({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/shop' })).toEqual([
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
    ]);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://x/y' })).toThrow(
      /STRIPE_SECRET_KEY: required: without Stripe keys only the demo runs.*\(DATABASE_URL is set\)/,
    );
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    expect(problemsOf({ API_HOST: '0.0.0.0' })).toEqual(['API_HOST']);
    expect(loadConfig({ API_HOST: '::1' }).demo).toBe(true);
    // With keys, any host and database: not the demo, so no demo admin is created.
    const real = loadConfig({ ...PRODUCTION, API_HOST: '0.0.0.0', DATABASE_URL: 'postgresql://x/y' });
    expect(real.demo).toBe(false);
    expect(real.admin.email).toBeUndefined();
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1' }).demo).toBe(false);
  });

  it('knows the emulator: the demo, or test keys with a loopback STRIPE_API_BASE (never live keys)', () => {
    const keys = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1' };
    expect(loadConfig({}).stripe.emulator).toBe(true);
    const local = loadConfig({ ...keys, STRIPE_API_BASE: 'http://127.0.0.1:12111', DATABASE_URL: 'postgresql://x/y' });
    expect(local).toMatchObject({ demo: false, admin: { email: undefined } });
    expect(local.stripe).toMatchObject({
      emulator: true,
      stripeJsUrl: 'http://127.0.0.1:12111/js.stripe.com/v3/',
    });
    expect(loadConfig({ ...keys }).stripe.emulator).toBe(false);
    expect(loadConfig({ ...keys, STRIPE_API_BASE: 'https://stripe-proxy.example.com' }).stripe).toMatchObject({
      emulator: false,
      stripeJsUrl: 'https://js.stripe.com/v3/',
    });
    const live = { STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_PUBLISHABLE_KEY: 'pk_live_1' };
    expect(loadConfig({ ...live, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripe.emulator).toBe(false);
  });

  it('registers with the emulator itself only in the demo or without a secret: an operator’s secret means theirs', () => {
    const local = {
      STRIPE_SECRET_KEY: 'sk_test_1',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
      STRIPE_API_BASE: 'http://127.0.0.1:1',
    };
    expect(loadConfig({}).stripe.registerWithEmulator).toBe(true);
    expect(loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_demo' }).stripe.registerWithEmulator).toBe(true);
    expect(loadConfig(local).stripe.registerWithEmulator).toBe(true);
    expect(loadConfig({ ...local, STRIPE_WEBHOOK_SECRET: 'whsec_operator' }).stripe).toMatchObject({
      emulator: true,
      registerWithEmulator: false,
      webhookSecrets: ['whsec_operator'],
    });
    expect(
      loadConfig({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1' }).stripe.registerWithEmulator,
    ).toBe(false);
  });

  it('loads Stripe.js from STRIPE_JS_URL when given: https, or http only on loopback', () => {
    const keys = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1' };
    expect(loadConfig({ ...keys, STRIPE_JS_URL: 'https://stripe-js.example.com/v3/' }).stripe.stripeJsUrl).toBe(
      'https://stripe-js.example.com/v3/',
    );
    expect(loadConfig({ ...keys, STRIPE_JS_URL: 'http://127.0.0.1:9/js.stripe.com/v3/' }).stripe.stripeJsUrl).toBe(
      'http://127.0.0.1:9/js.stripe.com/v3/',
    );
    expect(problemsOf({ ...keys, STRIPE_JS_URL: 'http://js.example.com/v3/' })).toEqual(['STRIPE_JS_URL']);
    expect(problemsOf({ ...keys, STRIPE_JS_URL: 'not a url' })).toEqual(['STRIPE_JS_URL']);
  });

  it('refuses the demo admin’s published password for a real admin', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'storepay-demo-admin' })).toEqual([
      'ADMIN_PASSWORD',
    ]);
  });

  it('reads the abuse limits: Redis when REDIS_URL is set, RATE_LIMITS over the defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.redisUrl).toBeUndefined();
    expect(defaults.limits.checkout_ip).toEqual({ points: 30, seconds: 600 });
    expect(defaults.orders).toEqual({
      refreshMaxAgeMs: 24 * 3600_000,
      viewDays: 30,
      paymentTtlMs: 24 * 3600_000,
      expiryIntervalMs: 60_000,
      captureMethod: 'automatic',
      authorizationExpiryAction: 'cancel',
    });
    const set = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      RATE_LIMITS: 'checkout_ip=5/60, order_refresh=1/30',
      ORDER_VIEW_DAYS: '7',
    });
    expect(set.redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(set.limits).toMatchObject({
      checkout_ip: { points: 5, seconds: 60 },
      order_refresh: { points: 1, seconds: 30 },
      checkout_email: { points: 10, seconds: 600 },
    });
    expect(set.orders.viewDays).toBe(7);
    expect(problemsOf({ REDIS_URL: 'http://x', RATE_LIMITS: 'checkout=5/60' })).toEqual(['REDIS_URL', 'RATE_LIMITS']);
    expect(problemsOf({ RATE_LIMITS: 'checkout_ip=0/60' })).toEqual(['RATE_LIMITS']);
    expect(problemsOf({ RATE_LIMITS: 'checkout_ip=5/86401' })).toEqual(['RATE_LIMITS']);
  });

  it('reads how long an order waits for its payment, and refuses what is not a duration', () => {
    expect(loadConfig({ ORDER_PAYMENT_TTL: '90m' }).orders.paymentTtlMs).toBe(90 * 60_000);
    expect(loadConfig({ ORDER_PAYMENT_TTL: '10s', ORDER_EXPIRY_INTERVAL_MS: '1000' }).orders).toMatchObject({
      paymentTtlMs: 10_000,
      expiryIntervalMs: 1000,
    });
    expect(loadConfig({ ORDER_PAYMENT_TTL: '2d' }).orders.paymentTtlMs).toBe(2 * 86_400_000);
    for (const bad of ['24', 'soon', '1s', '31d', '-5m'])
      expect(problemsOf({ ORDER_PAYMENT_TTL: bad })).toEqual(['ORDER_PAYMENT_TTL']);
    expect(problemsOf({ ORDER_EXPIRY_INTERVAL_MS: 'often' })).toEqual(['ORDER_EXPIRY_INTERVAL_MS']);
    expect(problemsOf({ ORDER_EXPIRY_INTERVAL_MS: '1' })).toEqual(['ORDER_EXPIRY_INTERVAL_MS']);
    expect(loadConfig({ ORDER_EXPIRY_INTERVAL_MS: '0' }).orders.expiryIntervalMs).toBe(0);
  });

  it('knows a live key: its orders are live', () => {
    expect(loadConfig({}).stripe.livemode).toBe(false);
    expect(loadConfig(PRODUCTION).stripe.livemode).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', STRIPE_SECRET_KEY: '' }).demo).toBe(true);
  });

  it('is documented: .env.example names every variable, each under a comment, and nothing else', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8').split('\n');
    const variable = /^# ([A-Z][A-Z0-9_]+)=/;
    /** Above a run of variable lines there is a comment saying what they are. */
    const commented = (i: number) => {
      let above = i - 1;
      while (above >= 0 && variable.test(example[above]!)) above -= 1;
      return /^#\s*\S/.test(example[above] ?? '');
    };
    const named = example.flatMap((line, i) => {
      const match = variable.exec(line);
      return match ? [{ name: match[1]!, commented: commented(i) }] : [];
    });
    expect(named.map((entry) => entry.name).sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(named.filter((entry) => !entry.commented)).toEqual([]);
  });
});
