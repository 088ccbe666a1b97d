import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { startTestEmulator } from '../test-kit';

describe('customers through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());

  it('creates, retrieves, updates (metadata merge and unset), lists and deletes', async () => {
    const created = await stripe.customers.create({
      email: 'a@example.com',
      name: 'Ada',
      metadata: { tier: 'gold', x: '1' },
    });
    expect(created.id).toMatch(/^cus_/);
    expect(created.metadata).toEqual({ tier: 'gold', x: '1' });
    const updated = await stripe.customers.update(created.id, { metadata: { x: '', y: '2' } });
    expect(updated.metadata).toEqual({ tier: 'gold', y: '2' });
    expect((await stripe.customers.retrieve(created.id)) as Stripe.Customer).toMatchObject({ email: 'a@example.com' });
    const list = await stripe.customers.list({ email: 'a@example.com' });
    expect(list.data.map((c) => c.id)).toEqual([created.id]);
    expect(await stripe.customers.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(stripe.customers.retrieve(created.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('answers a bad key with 401 and an unknown URL with a Stripe 404', async () => {
    const bad = new Stripe('sk_live_real', {
      host: '127.0.0.1',
      port: emulator.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(bad.customers.list()).rejects.toMatchObject({ statusCode: 401 });
    await expect(stripe.rawRequest('GET', '/v1/not_a_thing')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('replays an idempotent create and refuses the key with other parameters', async () => {
    const first = await stripe.customers.create({ email: 'i@example.com' }, { idempotencyKey: 'key-1' });
    const again = await stripe.customers.create({ email: 'i@example.com' }, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    await expect(
      stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'key-1' }),
    ).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
    });
  });

  it('paginates and auto-paginates', async () => {
    emulator.emulator.reset();
    for (let i = 0; i < 25; i++) await stripe.customers.create({ email: `p${i}@example.com` });
    const page = await stripe.customers.list({ limit: 10 });
    expect(page.data).toHaveLength(10);
    expect(page.has_more).toBe(true);
    expect(page.data[0]?.email).toBe('p24@example.com');
    const next = await stripe.customers.list({ limit: 10, starting_after: page.data[9]!.id });
    expect(next.data[0]?.email).toBe('p14@example.com');
    const back = await stripe.customers.list({ limit: 10, ending_before: next.data[0]!.id });
    expect(back.data.map((c) => c.id)).toEqual(page.data.map((c) => c.id));
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 7 })) all.push(customer.email!);
    expect(all).toHaveLength(25);
    expect(new Set(all).size).toBe(25);
  });
});
