import Stripe from 'stripe';

export interface StripeClientOptions {
  secretKey: string;
  /** Base URL of the Stripe API; unset means Stripe itself. The emulator runs at http://127.0.0.1:12111. */
  apiBase?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Network retries the SDK makes on 409/429/5xx and connection errors (always with the same idempotency key). */
  maxNetworkRetries?: number;
}

/** The single place that constructs the Stripe SDK; everything else receives the client. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const base = options.apiBase ? new URL(options.apiBase) : null;
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs ?? 10_000,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    appInfo: { name: 'storepay', version: '0.1.0' },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}
