import { z } from 'zod';
import {
  AUTHORIZATION_EXPIRY_ACTIONS,
  CAPTURE_METHODS,
  type AuthorizationExpiryAction,
  type CaptureMethod,
} from '@storepay/payments-core';
import { MAX_LIMIT_SECONDS, RATE_LIMIT_NAMES, type RateLimitName, type RateLimitRule } from './use-cases/ports';

const port = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, 'must be a port number from 1 to 65535')
    .transform(Number);

const positiveInteger = (fallback: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d{1,9}$/.test(v) && Number(v) >= 1 && Number(v) <= max, `must be a whole number from 1 to ${max}`)
    .transform(Number);

/** Refunds above these (major units) wait for a second admin; a currency not listed always waits. */
const DEFAULT_REFUND_APPROVAL_THRESHOLDS = 'USD:500,EUR:500,GBP:500,JPY:75000';

/** `USD:500,JPY:75000` → {USD: 500, JPY: 75000} (major units), or null when malformed. */
function parseThresholds(value: string): Record<string, number> | null {
  const thresholds: Record<string, number> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3}):(\d+(?:\.\d+)?)$/.exec(pair);
    if (!match) return null;
    thresholds[match[1]!.toUpperCase()] = Number(match[2]);
  }
  return thresholds;
}

/**
 * Which proxies' X-Forwarded-For the API believes (the client address feeds rate limits and the audit log): none by
 * default, a hop count, or the proxies' addresses. Never "all": then any client could choose its own address.
 */
function parseTrustProxy(value: string): false | number | string[] | null {
  const trimmed = value.trim();
  if (trimmed === '') return false;
  if (/^\d{1,2}$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.every((e) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e)) ? entries : null;
}

/** The first admin of a demo (no real Stripe keys, no ADMIN_EMAIL): printed by `npm start`. */
export const DEMO_ADMIN = { email: 'admin@storepay.local', password: 'storepay-demo-admin' };

/** The abuse limits (points per seconds); RATE_LIMITS overrides any of them, e.g. `checkout_ip=10/60`. */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitRule> = {
  checkout_ip: { points: 30, seconds: 600 },
  checkout_email: { points: 10, seconds: 600 },
  order_read_ip: { points: 120, seconds: 60 },
  order_refresh: { points: 1, seconds: 5 },
  sign_in_ip: { points: 20, seconds: 60 },
  sign_in_account: { points: 10, seconds: 60 },
  shopper_link_ip: { points: 20, seconds: 600 },
  shopper_link_email: { points: 5, seconds: 600 },
};

/** `checkout_ip=10/60, sign_in_ip=5/60` over the defaults, or null when malformed. */
function parseRateLimits(value: string): Record<RateLimitName, RateLimitRule> | null {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+)=(\d{1,9})\/(\d{1,9})$/.exec(entry);
    if (!match || !(RATE_LIMIT_NAMES as readonly string[]).includes(match[1]!)) return null;
    const [points, seconds] = [Number(match[2]), Number(match[3])];
    if (points < 1 || seconds < 1 || seconds > MAX_LIMIT_SECONDS) return null;
    limits[match[1] as RateLimitName] = { points, seconds };
  }
  return limits;
}

/** The shortest ORDER_PAYMENT_TTL: a shopper needs time to pay (and tests need a short one). */
const MIN_ORDER_PAYMENT_TTL_S = 5;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration (`24h`, `90m`, `600s`, `2d`) in seconds, or null when it is not one or out of bounds. */
export function parseDuration(value: string): number | null {
  const match = /^\s*(\d{1,7})\s*([smhd])\s*$/.exec(value);
  if (!match) return null;
  const seconds = Number(match[1]) * DURATION_UNITS[match[2]!]!;
  return seconds >= MIN_ORDER_PAYMENT_TTL_S && seconds <= 30 * 86_400 ? seconds : null;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const isLoopbackUrl = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname.replace(/^\[|\]$/g, ''));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port(3000),
    API_REQUEST_TIMEOUT_MS: positiveInteger(30_000, 10 * 60_000),
    API_CONNECTION_TIMEOUT_MS: positiveInteger(10_000, 10 * 60_000),
    STOREFRONT_PORT: port(4200),
    ADMIN_PORT: port(4300),
    STRIPE_EMULATOR_PORT: port(12111),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
        .optional(),
    ),
    DATA_DIR: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    STRIPE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_\w+$/, 'must look like sk_test_... or sk_live_...')
        .optional(),
    ),
    STRIPE_PUBLISHABLE_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^pk_(test|live)_\w+$/, 'must look like pk_test_... or pk_live_...')
        .optional(),
    ),
    STRIPE_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    // How long one call to Stripe may take before stripe-node gives up and retries it (same idempotency key).
    STRIPE_TIMEOUT_MS: positiveInteger(10_000, 120_000),
    STRIPE_JS_URL: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .refine(
          (v) => !URL.canParse(v) || v.startsWith('https:') || isLoopbackUrl(v),
          'must be an https URL (plain http only on loopback, where the Stripe emulator runs)',
        )
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^\s*whsec_\w+(\s*,\s*whsec_\w+)*\s*$/, 'must look like whsec_... (or a comma-separated list of them)')
        .optional(),
    ),
    WEBHOOK_BODY_LIMIT_BYTES: positiveInteger(1024 * 1024, 64 * 1024 * 1024),
    WEBHOOK_TOLERANCE_SECONDS: positiveInteger(300, 24 * 60 * 60),
    RECONCILE_INTERVAL_MS: z
      .string()
      .default('300000')
      .refine((v) => /^\d{1,9}$/.test(v), 'must be a whole number of milliseconds (0 turns the schedule off)')
      .transform(Number),
    ADMIN_EMAIL: optionalString.pipe(z.email({ error: 'must be an email address' }).optional()),
    ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
    TRUST_PROXY: z
      .string()
      .default('')
      .refine(
        (v) => parseTrustProxy(v) !== null,
        'must be empty, a number of proxy hops (e.g. 1), or comma-separated proxy addresses/CIDRs',
      ),
    ADMIN_SESSION_TTL_HOURS: positiveInteger(12, 24 * 30),
    ADMIN_SESSION_IDLE_MINUTES: positiveInteger(30, 24 * 60),
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    RATE_LIMITS: z
      .string()
      .default('')
      .refine(
        (v) => parseRateLimits(v) !== null,
        `must be name=points/seconds pairs (seconds at most ${MAX_LIMIT_SECONDS}), comma-separated; names: ${RATE_LIMIT_NAMES.join(', ')}`,
      ),
    ORDER_REFRESH_MAX_AGE_HOURS: positiveInteger(24, 24 * 365),
    ORDER_VIEW_DAYS: positiveInteger(30, 3650),
    ORDER_PAYMENT_TTL: z
      .string()
      .default('24h')
      .refine(
        (v) => parseDuration(v) !== null,
        `must be a duration such as 24h, 90m or 600s (${MIN_ORDER_PAYMENT_TTL_S} s to 30 days)`,
      ),
    ORDER_EXPIRY_INTERVAL_MS: z
      .string()
      .default('60000')
      .refine(
        (v) => /^\d{1,9}$/.test(v) && (Number(v) === 0 || Number(v) >= 100),
        'must be a whole number of milliseconds, at least 100 (0 turns the sweep off)',
      )
      .transform(Number),
    CAPTURE_METHOD: z.enum(CAPTURE_METHODS, { error: 'must be automatic or manual' }).default('automatic'),
    AUTHORIZATION_EXPIRY_ACTION: z
      .enum(AUTHORIZATION_EXPIRY_ACTIONS, { error: 'must be cancel or capture' })
      .default('cancel'),
    ADMIN_COOKIE_SECURE: z.enum(['true', 'false']).default('true'),
    SHOP_COOKIE_SECURE: z.enum(['true', 'false']).default('true'),
    SHOP_SESSION_DAYS: positiveInteger(30, 365),
    SIGN_IN_LINK_MINUTES: positiveInteger(15, 24 * 60),
    PAYLOAD_RETENTION_DAYS: positiveInteger(30, 3650),
    REFUND_APPROVAL_THRESHOLDS: z
      .string()
      .default(DEFAULT_REFUND_APPROVAL_THRESHOLDS)
      .refine(
        (v) => parseThresholds(v) !== null,
        'must be CURRENCY:amount pairs in major units, comma-separated (e.g. USD:500,JPY:75000)',
      ),
    SEED_DEMO_CATALOG: z.enum(['auto', 'true', 'false']).default('auto'),
    API_MODE: z.enum(['all', 'http', 'worker']).default('all'),
    METRICS_PORT: optionalString.pipe(
      z
        .string()
        .refine(
          (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535,
          'must be a port number from 1 to 65535',
        )
        .transform(Number)
        .optional(),
    ),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    API_DOCS: z.enum(['auto', 'true', 'false']).default('auto'),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (OTLP over HTTP)' }).optional(),
    ),
    OTEL_SERVICE_NAME: optionalString,
    WEBHOOK_MAX_ATTEMPTS: positiveInteger(8, 100),
    WEBHOOK_WORKER_LEASE_MS: positiveInteger(60_000, 24 * 60 * 60 * 1000),
    WEBHOOK_WORKER_POLL_MS: positiveInteger(200, 60_000),
    // Idle workers LISTEN for the inbox's notification; `false` where LISTEN cannot work (PgBouncer's transaction
    // pooling), leaving the poll alone.
    WEBHOOK_WORKER_LISTEN: z.enum(['true', 'false']).default('true'),
    // Transactions one worker process runs at once; keep it well below the database pool (10), which HTTP shares.
    WEBHOOK_WORKER_CONCURRENCY: positiveInteger(4, 8),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^/]+/, 'must be an smtp:// or smtps:// URL (e.g. smtp://user:pass@mail.example.com:587)')
        .optional(),
    ),
    MAIL_FROM: z
      .string()
      .default('Storepay <shop@storepay.local>')
      .refine(
        (v) => /<[^@<>\s]+@[^@<>\s]+>$|^[^@<>\s]+@[^@<>\s]+$/.test(v.trim()),
        'must be an address, or Name <address>',
      ),
    SHOP_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    ADMIN_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    NOTIFICATION_MAX_ATTEMPTS: positiveInteger(10, 100),
    NOTIFICATION_RETRY_BASE_MS: positiveInteger(30_000, 3600_000),
    NOTIFICATION_POLL_MS: positiveInteger(250, 60_000),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together',
      });
    }
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_PUBLISHABLE_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.STRIPE_SECRET_KEY ? 'STRIPE_PUBLISHABLE_KEY' : 'STRIPE_SECRET_KEY'],
        message: 'set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY together',
      });
    } else if (!env.STRIPE_SECRET_KEY && (env.DATABASE_URL || env.NODE_ENV === 'production')) {
      // Demo mode (the emulator, a demo admin whose password is published) never runs where real data lives.
      for (const variable of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY']) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message:
            'required: without Stripe keys only the demo runs, and the demo runs only on the embedded database ' +
            `(no DATABASE_URL) and never with NODE_ENV=production${env.DATABASE_URL ? ' (DATABASE_URL is set)' : ''}`,
        });
      }
    }
    if (isDemo(env) && !LOOPBACK_HOSTS.has(env.API_HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['API_HOST'],
        message: 'the demo listens on loopback only (127.0.0.1, ::1 or localhost): its admin password is published',
      });
    }
    if (env.NODE_ENV === 'production' && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_WEBHOOK_SECRET'],
        message: 'required with NODE_ENV=production: the signing secret of your Stripe webhook endpoint (whsec_...)',
      });
    }
    if (env.ADMIN_PASSWORD === DEMO_ADMIN.password) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'is the demo admin’s published password: choose another',
      });
    }
  });

/**
 * Demo mode: the Stripe emulator, a generated webhook secret and the demo admin. Only without Stripe keys, only on
 * the embedded database, never with NODE_ENV=production.
 */
function isDemo(env: Pick<z.input<typeof envSchema>, 'STRIPE_SECRET_KEY' | 'DATABASE_URL' | 'NODE_ENV'>): boolean {
  return !env.STRIPE_SECRET_KEY && !env.DATABASE_URL && env.NODE_ENV !== 'production';
}

export type Env = z.output<typeof envSchema>;

/** Every variable the API reads (`.env.example` documents each; a test keeps them in step). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];

/** The keys used against the Stripe emulator in demo mode (the emulator accepts any test key). */
export const DEMO_STRIPE_KEYS = { secretKey: 'sk_test_storepay_demo', publishableKey: 'pk_test_storepay_demo' };

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Longest a request may take (slow clients get 408), and how long a connection may sit idle. */
  timeouts: { requestMs: number; connectionMs: number };
  ports: { storefront: number; admin: number; stripeEmulator: number };
  database: { url?: string; dataDir?: string };
  log: { level: Env['LOG_LEVEL']; format: Env['LOG_FORMAT'] };
  /** Fastify's trustProxy: false, a hop count, or the trusted proxies' addresses (TRUST_PROXY). */
  trustProxy: false | number | string[];
  /** Demo mode: no Stripe keys, the embedded database, not production; the emulator stands in for Stripe. */
  demo: boolean;
  /** Where the abuse limits count: Redis shared by every process (REDIS_URL), else each process's memory. */
  redisUrl?: string;
  limits: Record<RateLimitName, RateLimitRule>;
  /**
   * The shop's order page: it refreshes an unpaid order from Stripe at most once per `order_refresh` window and only
   * while the order is younger than `refreshMaxAgeMs`; it answers in full until `viewDays` after the order settled.
   */
  orders: {
    refreshMaxAgeMs: number;
    viewDays: number;
    /** ORDER_PAYMENT_TTL: unpaid this long after it was placed, an order expires and its PaymentIntent is canceled. */
    paymentTtlMs: number;
    /** How often each worker process sweeps for expired orders and lapsing authorisations (0: never). */
    expiryIntervalMs: number;
    /** CAPTURE_METHOD: `manual` orders are authorised at checkout and captured (or released) by staff. */
    captureMethod: CaptureMethod;
    /** AUTHORIZATION_EXPIRY_ACTION: an authorisation about to lapse is released (`cancel`) or captured in full. */
    authorizationExpiryAction: AuthorizationExpiryAction;
  };
  stripe: {
    secretKey: string;
    publishableKey: string;
    /** A live key: orders are live, and only a live PaymentIntent may pay them. */
    livemode: boolean;
    apiBase?: string;
    /** Per-call timeout of the Stripe client (each of its retries gets as long again). */
    timeoutMs: number;
    /**
     * The Stripe API is the local emulator: the demo, or test keys with STRIPE_API_BASE on loopback. The API then
     * registers its webhook endpoint with it at start (real Stripe's endpoints are set up in its Dashboard).
     */
    emulator: boolean;
    /**
     * The API registers its own webhook endpoint with the emulator when it starts: in the demo, and with the emulator
     * and no STRIPE_WEBHOOK_SECRET. An operator who gives a secret has registered the endpoint, as with real Stripe.
     */
    registerWithEmulator: boolean;
    /** The first of `webhookSecrets`: the one registered with the emulator. */
    webhookSecret?: string;
    /** Every accepted webhook signing secret (several while a secret is being rotated). */
    webhookSecrets: string[];
    stripeJsUrl: string;
  };
  /** `POST /webhooks/stripe`: the largest body accepted, and how old a signature may be. */
  /** Receiving webhooks; `reconcileIntervalMs` is how often the reconciler runs (0: only on demand). */
  webhooks: { bodyLimitBytes: number; toleranceSeconds: number; reconcileIntervalMs: number };
  /**
   * The admin: the first admin to create (ADMIN_EMAIL/ADMIN_PASSWORD, or the demo admin), session lifetime, whether
   * the session cookie is `Secure`, and the refund amounts (major units, per currency) above which a refund waits
   * for a second admin's approval.
   */
  admin: {
    email?: string;
    password?: string;
    sessionTtlMs: number;
    /** A session unused for this long ends (besides its absolute lifetime). */
    sessionIdleMs: number;
    secureCookie: boolean;
    refundApprovalThresholds: Record<string, number>;
  };
  /**
   * Shoppers' accounts: how long a session lasts, how long an emailed sign-in link works, and whether the shop's
   * session cookie is `Secure` (then `__Host-` prefixed).
   */
  shop: { sessionTtlMs: number; signInLinkTtlMs: number; secureCookie: boolean };
  /** PAYLOAD_RETENTION_DAYS: processed webhook payloads keep their personal data this long, then it is stripped. */
  privacy: { payloadRetentionDays: number };
  seedDemoCatalog: boolean;
  /** `all`: HTTP and the webhook worker in one process; `http`: no worker; `worker`: only the worker, no HTTP. */
  mode: Env['API_MODE'];
  /** Prometheus's `/metrics`, on a listener of its own (never the API's port, so never behind the shop's proxy). */
  metrics: { port?: number; host: string };
  /** `GET /openapi.json` and the interactive docs at `/docs` (API_DOCS; `auto`: on unless NODE_ENV=production). */
  docs: boolean;
  /** OpenTelemetry traces, sent over OTLP/HTTP to `endpoint` (off without one); the service name defaults by mode. */
  tracing: { endpoint?: string; serviceName?: string };
  /** The webhook worker: attempts before an event is dead, the lease of a claim, the polling interval when idle. */
  webhookWorker: { maxAttempts: number; leaseMs: number; pollIntervalMs: number; concurrency: number; listen: boolean };
  /**
   * Emails from the outbox: the mail server (none: nothing is sent, the rows wait), the From address, the public
   * addresses of the shop and the admin (for links), attempts before a row is dead, the first retry's delay
   * (doubling), and the workers' idle poll.
   */
  notifications: {
    smtpUrl?: string;
    from: string;
    shopUrl: string;
    adminUrl: string;
    maxAttempts: number;
    retryBaseMs: number;
    pollIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'See .env.example and the README for every variable.',
    );
    this.name = 'ConfigError';
  }
}

function stripeConfig(env: Env, demo: boolean): Config['stripe'] {
  const webhookSecrets = (env.STRIPE_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  const apiBase = env.STRIPE_API_BASE ?? (demo ? `http://127.0.0.1:${env.STRIPE_EMULATOR_PORT}` : undefined);
  const secretKey = env.STRIPE_SECRET_KEY ?? DEMO_STRIPE_KEYS.secretKey;
  const emulator = demo || (secretKey.startsWith('sk_test_') && apiBase !== undefined && isLoopbackUrl(apiBase));
  return {
    secretKey,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? DEMO_STRIPE_KEYS.publishableKey,
    livemode: /^(sk|rk)_live_/.test(secretKey),
    apiBase,
    timeoutMs: env.STRIPE_TIMEOUT_MS,
    emulator,
    registerWithEmulator: emulator && (demo || webhookSecrets.length === 0),
    webhookSecret: webhookSecrets[0],
    webhookSecrets,
    // STRIPE_JS_URL, else: the emulator serves a Stripe.js stand-in; real Stripe, its own.
    stripeJsUrl:
      env.STRIPE_JS_URL ??
      (apiBase && (demo || isLoopbackUrl(apiBase))
        ? `${apiBase.replace(/\/$/, '')}/js.stripe.com/v3/`
        : 'https://js.stripe.com/v3/'),
  };
}

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  const env = parsed.data;
  const demo = isDemo(env);
  return {
    env: env.NODE_ENV,
    host: env.API_HOST,
    port: env.API_PORT,
    timeouts: { requestMs: env.API_REQUEST_TIMEOUT_MS, connectionMs: env.API_CONNECTION_TIMEOUT_MS },
    ports: { storefront: env.STOREFRONT_PORT, admin: env.ADMIN_PORT, stripeEmulator: env.STRIPE_EMULATOR_PORT },
    database: { url: env.DATABASE_URL, dataDir: env.DATA_DIR },
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? false,
    demo,
    redisUrl: env.REDIS_URL,
    limits: parseRateLimits(env.RATE_LIMITS) ?? DEFAULT_RATE_LIMITS,
    orders: {
      refreshMaxAgeMs: env.ORDER_REFRESH_MAX_AGE_HOURS * 3600_000,
      viewDays: env.ORDER_VIEW_DAYS,
      paymentTtlMs: (parseDuration(env.ORDER_PAYMENT_TTL) ?? 86_400) * 1000,
      expiryIntervalMs: env.ORDER_EXPIRY_INTERVAL_MS,
      captureMethod: env.CAPTURE_METHOD,
      authorizationExpiryAction: env.AUTHORIZATION_EXPIRY_ACTION,
    },
    stripe: stripeConfig(env, demo),
    webhooks: {
      bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
      toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    },
    admin: {
      email: env.ADMIN_EMAIL ?? (demo ? DEMO_ADMIN.email : undefined),
      password: env.ADMIN_PASSWORD ?? (demo ? DEMO_ADMIN.password : undefined),
      sessionTtlMs: env.ADMIN_SESSION_TTL_HOURS * 60 * 60 * 1000,
      sessionIdleMs: env.ADMIN_SESSION_IDLE_MINUTES * 60 * 1000,
      secureCookie: env.ADMIN_COOKIE_SECURE === 'true',
      refundApprovalThresholds: parseThresholds(env.REFUND_APPROVAL_THRESHOLDS) ?? {},
    },
    shop: {
      sessionTtlMs: env.SHOP_SESSION_DAYS * 24 * 3600_000,
      signInLinkTtlMs: env.SIGN_IN_LINK_MINUTES * 60_000,
      secureCookie: env.SHOP_COOKIE_SECURE === 'true',
    },
    privacy: { payloadRetentionDays: env.PAYLOAD_RETENTION_DAYS },
    seedDemoCatalog: env.SEED_DEMO_CATALOG === 'auto' ? !env.DATABASE_URL : env.SEED_DEMO_CATALOG === 'true',
    mode: env.API_MODE,
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    docs: env.API_DOCS === 'auto' ? env.NODE_ENV !== 'production' : env.API_DOCS === 'true',
    tracing: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    webhookWorker: {
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      leaseMs: env.WEBHOOK_WORKER_LEASE_MS,
      pollIntervalMs: env.WEBHOOK_WORKER_POLL_MS,
      concurrency: env.WEBHOOK_WORKER_CONCURRENCY,
      listen: env.WEBHOOK_WORKER_LISTEN === 'true',
    },
    notifications: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM.trim(),
      shopUrl: (env.SHOP_URL ?? `http://localhost:${env.STOREFRONT_PORT}`).replace(/\/+$/, ''),
      adminUrl: (env.ADMIN_URL ?? `http://localhost:${env.ADMIN_PORT}`).replace(/\/+$/, ''),
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFICATION_RETRY_BASE_MS,
      pollIntervalMs: env.NOTIFICATION_POLL_MS,
    },
  };
}
