import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControl } from '../control/client';
import type { RunningEmulator } from '../index';
import { startTestEmulator } from '../test-kit';

describe('webhook endpoints through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;

  beforeAll(async () => {
    ({ emulator, stripe, control } = await startTestEmulator());
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.close());

  it('creates with a whsec_ secret shown only on create, retrieves, updates, lists and deletes', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:4000/webhooks/stripe',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      description: 'orders',
      metadata: { team: 'payments' },
    });
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: 'http://127.0.0.1:4000/webhooks/stripe',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      description: 'orders',
      metadata: { team: 'payments' },
      status: 'enabled',
      livemode: false,
      api_version: null,
      application: null,
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.secret).toBeUndefined();
    expect(retrieved.url).toBe(created.url);

    const updated = await stripe.webhookEndpoints.update(created.id, {
      url: 'https://shop.example/webhooks',
      enabled_events: ['*'],
      disabled: true,
      description: '',
      metadata: { team: '', env: 'test' },
    });
    expect(updated).toMatchObject({
      url: 'https://shop.example/webhooks',
      enabled_events: ['*'],
      status: 'disabled',
      description: null,
      metadata: { env: 'test' },
    });
    expect(updated.secret).toBeUndefined();
    expect((await stripe.webhookEndpoints.update(created.id, { disabled: false })).status).toBe('enabled');

    const second = await stripe.webhookEndpoints.create({ url: 'http://localhost:1/x', enabled_events: ['*'] });
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toEqual([second.id, created.id]);
    expect(listed.data.every((e) => e.secret === undefined)).toBe(true);

    expect(await stripe.webhookEndpoints.del(created.id)).toEqual({
      id: created.id,
      object: 'webhook_endpoint',
      deleted: true,
    });
    await expect(stripe.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('accepts a chosen secret (emulator extension) and shows secrets only through the control API', async () => {
    const created = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:4000/hook',
      enabled_events: ['*'],
      secret: 'whsec_chosen_for_tests',
    } as Stripe.WebhookEndpointCreateParams);
    expect(created.secret).toBe('whsec_chosen_for_tests');
    const generated = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:4001/hook',
      enabled_events: ['*'],
    });
    const endpoints = await control.webhookEndpoints();
    expect(endpoints.map((e) => [e.id, e.secret])).toEqual([
      [generated.id, generated.secret],
      [created.id, 'whsec_chosen_for_tests'],
    ]);
  });

  it('refuses a missing or non-http url, missing or malformed enabled_events and unknown parameters', async () => {
    await expect(
      stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'url' });
    await expect(
      stripe.webhookEndpoints.create({ url: 'ftp://example.com/x', enabled_events: ['*'] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'url', code: 'url_invalid' });
    await expect(stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'url',
    });
    await expect(
      stripe.webhookEndpoints.create({ url: 'http://x.test/h' } as Stripe.WebhookEndpointCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'enabled_events' });
    await expect(
      stripe.webhookEndpoints.create({
        url: 'http://x.test/h',
        enabled_events: ['Not An Event'] as unknown as ['*'],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'enabled_events[0]' });
    await expect(
      stripe.webhookEndpoints.create({ url: 'http://x.test/h', enabled_events: ['*'], connect: true }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'connect' });
    await expect(
      stripe.webhookEndpoints.create({ url: 'http://x.test/h', enabled_events: ['*'], colour: 'red' } as never),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(0);
  });

  it('paginates endpoints', async () => {
    for (let i = 0; i < 5; i++)
      await stripe.webhookEndpoints.create({ url: `http://x.test/${i}`, enabled_events: ['*'] });
    const page = await stripe.webhookEndpoints.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const endpoint of stripe.webhookEndpoints.list({ limit: 2 })) all.push(endpoint.url);
    expect(all).toEqual([4, 3, 2, 1, 0].map((i) => `http://x.test/${i}`));
  });
});
