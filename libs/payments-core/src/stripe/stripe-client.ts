import Stripe from 'stripe';

/** How one HTTP attempt to Stripe went: each retry the SDK makes is an attempt of its own. */
export type StripeAttemptOutcome = 'ok' | 'client_error' | 'rate_limited' | 'server_error' | 'network_error';

export interface StripeAttempt {
  /** Method and path with the ids taken out, e.g. `POST /v1/payment_intents/:id/confirm` (bounded, for metrics). */
  operation: string;
  outcome: StripeAttemptOutcome;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  /** Stripe's id of the request (its `Request-Id` header): what Stripe's support and logs know it by. */
  requestId: string | null;
  /** When the attempt began (Unix milliseconds). */
  startedAt: number;
  durationSeconds: number;
  /**
   * When this attempt is the SDK retrying a request that carries an idempotency key (every write does): how the
   * attempt before it went (rate_limited, server_error, network_error, …).
   */
  retryOf?: StripeAttemptOutcome;
}

export interface StripeClientOptions {
  secretKey: string;
  /** Base URL of the Stripe API; unset means Stripe itself. The emulator runs at http://127.0.0.1:12111. */
  apiBase?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Network retries the SDK makes on 409/429/5xx and connection errors (always with the same idempotency key). */
  maxNetworkRetries?: number;
  /** Told of every HTTP attempt (metrics); never of its content. */
  onAttempt?: (attempt: StripeAttempt) => void;
}

/** Words that stand where an id would in Stripe's paths. */
const PATH_WORDS = new Set(['search']);

/**
 * `/v1/payment_intents/pi_123/confirm?x=1` → `POST /v1/payment_intents/:id/confirm`. Stripe's paths alternate a
 * collection and an id (`/v1/charges/ch_1/refunds/re_1`), so every second segment after the first collection is an
 * id, whatever it looks like: the label never carries one.
 */
export function stripeOperation(method: string, path: string): string {
  const template = path
    .split('?')[0]!
    .split('/')
    .map((segment, i) => (i >= 3 && i % 2 === 1 && segment !== '' && !PATH_WORDS.has(segment) ? ':id' : segment))
    .join('/');
  return `${method.toUpperCase()} ${template}`;
}

export function attemptOutcome(status: number | null): StripeAttemptOutcome {
  if (status === null) return 'network_error';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}

/** The idempotency keys seen lately, with how their last attempt went: a key seen again is the SDK retrying. */
const RECENT_KEYS = 10_000;

/** The SDK's own HTTP client, with each attempt reported to `onAttempt`. */
function observedHttpClient(onAttempt: (attempt: StripeAttempt) => void): Stripe.HttpClient {
  const inner = Stripe.createNodeHttpClient();
  const lastOutcome = new Map<string, StripeAttemptOutcome | 'in_flight'>();
  const wrapped = Object.create(inner) as Stripe.HttpClient;
  wrapped.makeRequest = async (host, port, path, method, headers, requestData, protocol, timeout) => {
    const key = typeof headers['Idempotency-Key'] === 'string' ? headers['Idempotency-Key'] : null;
    const before = key === null ? undefined : lastOutcome.get(key);
    if (key !== null) {
      lastOutcome.delete(key);
      lastOutcome.set(key, 'in_flight');
      if (lastOutcome.size > RECENT_KEYS) lastOutcome.delete(lastOutcome.keys().next().value!);
    }
    const started = performance.now();
    const startedAt = Date.now();
    const report = (status: number | null, requestId: string | null) => {
      const outcome = attemptOutcome(status);
      if (key !== null && lastOutcome.has(key)) lastOutcome.set(key, outcome);
      onAttempt({
        operation: stripeOperation(method, path),
        outcome,
        status,
        requestId,
        startedAt,
        durationSeconds: (performance.now() - started) / 1000,
        ...(before && before !== 'in_flight' ? { retryOf: before } : {}),
      });
    };
    try {
      const response = await inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      const requestId = (response.getHeaders() as Record<string, unknown>)['request-id'];
      report(response.getStatusCode(), typeof requestId === 'string' ? requestId : null);
      return response;
    } catch (error) {
      report(null, null);
      throw error;
    }
  };
  return wrapped;
}

/** The single place that constructs the Stripe SDK; everything else receives the client. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const base = options.apiBase ? new URL(options.apiBase) : null;
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs ?? 10_000,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    appInfo: { name: 'storepay', version: '0.1.0' },
    ...(options.onAttempt ? { httpClient: observedHttpClient(options.onAttempt) } : {}),
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}
