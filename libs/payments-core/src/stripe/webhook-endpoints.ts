import type Stripe from 'stripe';

export interface EmulatorWebhookEndpointInput {
  /** Where the emulator delivers, e.g. http://127.0.0.1:3000/webhooks/stripe */
  url: string;
  /** The `whsec_` secret to create the endpoint with (the emulator-only `secret` parameter). */
  secret: string;
  /** The emulator's base URL, for its control API (`GET /_emulator/webhook-endpoints` shows secrets). */
  emulatorBase: string;
  /** Per-request options for these calls (a start-up check wants a short timeout and no retries of its own). */
  requestOptions?: Stripe.RequestOptions;
}

export interface EmulatorWebhookEndpoint {
  id: string;
  /** The secret the emulator signs deliveries to this endpoint with. */
  secret: string;
  /** False when an endpoint with this URL already existed (a restart) and was reused. */
  created: boolean;
}

/** The emulator's `secret` extension of the create parameters (not in Stripe's API). */
type CreateWithSecret = Stripe.WebhookEndpointCreateParams & { secret: string };

async function emulatorSecretOf(emulatorBase: string, endpointId: string): Promise<string | null> {
  const response = await fetch(new URL('/_emulator/webhook-endpoints', emulatorBase), {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the emulator's control API answered ${response.status}`);
  const body = (await response.json()) as { data?: { id: string; secret?: string }[] };
  return body.data?.find((endpoint) => endpoint.id === endpointId)?.secret ?? null;
}

/**
 * Demo mode only: makes sure the Stripe emulator delivers every event to `url`, reusing an endpoint with that URL
 * (across restarts) rather than adding another, and returns the secret it signs with.
 */
export async function ensureEmulatorWebhookEndpoint(
  stripe: Stripe,
  { url, secret, emulatorBase, requestOptions = {} }: EmulatorWebhookEndpointInput,
): Promise<EmulatorWebhookEndpoint> {
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 }, requestOptions)) {
    if (endpoint.url !== url) continue;
    const existingSecret = await emulatorSecretOf(emulatorBase, endpoint.id);
    if (existingSecret) {
      const everything = endpoint.enabled_events.length === 1 && endpoint.enabled_events[0] === '*';
      if (!everything || endpoint.status !== 'enabled') {
        await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ['*'], disabled: false }, requestOptions);
      }
      return { id: endpoint.id, secret: existingSecret, created: false };
    }
    await stripe.webhookEndpoints.del(endpoint.id, {}, requestOptions); // a secret we cannot learn: replace the endpoint
  }
  const params: CreateWithSecret = { url, enabled_events: ['*'], secret };
  const created = await stripe.webhookEndpoints.create(params, requestOptions);
  return { id: created.id, secret: created.secret ?? secret, created: true };
}
