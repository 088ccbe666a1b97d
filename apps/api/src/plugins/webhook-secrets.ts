import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  backoffDelay,
  ensureEmulatorWebhookEndpoint,
  type EmulatorWebhookEndpoint,
} from '@storepay/payments-core/server';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebhookSecrets } from '../composition';
import type { Config } from '../config';

export interface WebhookSecretsPluginOptions {
  config: Config;
}

/** The URL the emulator delivers to: the interface the API listens on (loopback for a wildcard) and its port. */
export function webhookUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  const hostPart = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${hostPart}:${port}/webhooks/stripe`;
}

const RETRY_BASE_DELAY_MS = 250;
const RETRY_MAX_DELAY_MS = 15_000;

/**
 * With the emulator: registers the API's webhook endpoint with it in the background, retrying with backoff until
 * the emulator answers, so a start-up never waits for (or fails on) the emulator.
 */
function registerWithEmulatorInBackground(app: FastifyInstance, config: Config, secrets: WebhookSecrets): void {
  const emulatorBase = config.stripe.apiBase!;
  const secret = config.stripe.webhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`;
  const { stripe } = app.services;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let started = false;

  const attempt = async (retry: number): Promise<void> => {
    if (closed) return;
    const address = app.server.address() as AddressInfo | null;
    const url = webhookUrlFor(config.host, address?.port ?? config.port);
    let endpoint: EmulatorWebhookEndpoint;
    try {
      endpoint = await ensureEmulatorWebhookEndpoint(stripe, {
        url,
        secret,
        emulatorBase,
        // A start-up check: short, and retried here with backoff rather than by the client.
        requestOptions: { timeout: 5_000, maxNetworkRetries: 0 },
      });
    } catch (error) {
      if (closed) return;
      const detail = error instanceof Error ? error.message : String(error);
      if (retry === 0) {
        app.log.warn(
          { emulator: emulatorBase, error: detail },
          'the Stripe emulator is not reachable yet; registering the webhook endpoint in the background',
        );
      } else {
        app.log.debug({ emulator: emulatorBase, error: detail, retry }, 'webhook endpoint registration failed');
      }
      timer = setTimeout(
        () => void attempt(retry + 1),
        backoffDelay(retry, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS, Math.random),
      );
      timer.unref();
      return;
    }
    if (closed) return;
    secrets.add(endpoint.secret);
    app.log.info(
      { endpoint: endpoint.id, url, reused: !endpoint.created },
      endpoint.created
        ? 'registered the webhook endpoint with the Stripe emulator'
        : 'reusing the webhook endpoint registered with the Stripe emulator',
    );
  };

  app.addHook('onListen', async () => {
    if (started) return;
    started = true;
    void attempt(0);
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearTimeout(timer);
  });
}

/**
 * The webhook signing secrets: `STRIPE_WEBHOOK_SECRET` (a comma-separated list while rotating). In the demo, and
 * with the local emulator (test keys, a loopback STRIPE_API_BASE) but no secret, the API also registers its endpoint
 * with it once it listens, and accepts the secret the emulator signs with. With a secret outside the demo the
 * operator registered the endpoint (as with real Stripe: `npm run start:prod` does). Without any secret, webhooks
 * are refused with 503 and a warning is logged at start (NODE_ENV=production refuses to start without one).
 */
export const webhookSecretsPlugin = fp<WebhookSecretsPluginOptions>(
  async (app, { config }) => {
    const secrets = app.webhookSecrets;
    if (config.stripe.registerWithEmulator && config.stripe.apiBase) {
      registerWithEmulatorInBackground(app, config, secrets);
    } else if (secrets.list.length === 0) {
      app.log.warn(
        'STRIPE_WEBHOOK_SECRET is not set: POST /webhooks/stripe answers 503 webhooks_not_configured until it is',
      );
    }
  },
  { name: 'webhook-secrets', dependencies: ['services'] },
);
