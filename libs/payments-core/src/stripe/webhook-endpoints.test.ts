// Integration: demo-mode endpoint registration against the Stripe emulator, in-process on a free port.
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from './stripe-client';
import { ensureEmulatorWebhookEndpoint } from './webhook-endpoints';

describe('ensureEmulatorWebhookEndpoint', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = createStripeClient({ secretKey: 'sk_test_endpoints', apiBase: emulator.url, maxNetworkRetries: 0 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('creates the endpoint once with the chosen secret, then reuses it and reports its secret', async () => {
    const url = 'http://127.0.0.1:1/webhooks/stripe';
    const input = { url, secret: 'whsec_first', emulatorBase: emulator.url };
    const first = await ensureEmulatorWebhookEndpoint(stripe, input);
    expect(first).toEqual({ id: expect.stringMatching(/^we_/), secret: 'whsec_first', created: true });
    const again = await ensureEmulatorWebhookEndpoint(stripe, { ...input, secret: 'whsec_second' });
    expect(again).toEqual({ id: first.id, secret: 'whsec_first', created: false });
    expect((await stripe.webhookEndpoints.list()).data.filter((e) => e.url === url)).toHaveLength(1);
  });

  it('widens a reused endpoint to every event and turns it back on', async () => {
    const url = 'http://127.0.0.1:2/webhooks/stripe';
    const existing = await stripe.webhookEndpoints.create({ url, enabled_events: ['customer.created'] });
    await stripe.webhookEndpoints.update(existing.id, { disabled: true });
    const reused = await ensureEmulatorWebhookEndpoint(stripe, { url, secret: 'whsec_x', emulatorBase: emulator.url });
    expect(reused).toEqual({ id: existing.id, secret: existing.secret, created: false });
    expect(await stripe.webhookEndpoints.retrieve(existing.id)).toMatchObject({
      enabled_events: ['*'],
      status: 'enabled',
    });
  });
});
