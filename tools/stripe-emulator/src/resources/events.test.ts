import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControl } from '../control/client';
import type { RunningEmulator } from '../index';
import { startTestEmulator } from '../test-kit';

describe('events through stripe-node', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;

  beforeAll(async () => {
    ({ emulator, stripe, control } = await startTestEmulator());
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.close());

  it('records customer changes as events, retrievable by id with request info and previous_attributes', async () => {
    const customer = await stripe.customers.create({ email: 'e@example.com' }, { idempotencyKey: 'evt-key-1' });
    await stripe.customers.update(customer.id, { name: 'Eve' });
    const list = await stripe.events.list();
    expect(list.data.map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
    const [updated, created] = list.data as [Stripe.CustomerUpdatedEvent, Stripe.CustomerCreatedEvent];
    expect(created).toMatchObject({
      object: 'event',
      api_version: '2026-10-28.endive',
      livemode: false,
      pending_webhooks: 0,
      request: { idempotency_key: 'evt-key-1' },
      data: { object: { id: customer.id, email: 'e@example.com' } },
    });
    expect(created.request?.id).toMatch(/^req_/);
    expect(updated.data.previous_attributes).toEqual({ name: null });
    expect(await stripe.events.retrieve(created.id)).toEqual(created);
    await expect(stripe.events.retrieve('evt_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such event: 'evt_missing'",
    });
  });

  it('filters by type (with * wildcard) and types[], and refuses both together or more than 20 types', async () => {
    const customer = await stripe.customers.create({ email: 'f@example.com' });
    await stripe.customers.update(customer.id, { name: 'F' });
    await stripe.customers.del(customer.id);
    const types = async (params: Stripe.EventListParams) => (await stripe.events.list(params)).data.map((e) => e.type);
    expect(await types({ type: 'customer.updated' })).toEqual(['customer.updated']);
    expect(await types({ type: 'customer.*' })).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
    expect(await types({ type: '*.created' })).toEqual(['customer.created']);
    expect(await types({ type: 'payment_intent.*' })).toEqual([]);
    expect(await types({ types: ['customer.created', 'customer.deleted'] })).toEqual([
      'customer.deleted',
      'customer.created',
    ]);
    await expect(stripe.events.list({ type: 'customer.created', types: ['customer.deleted'] })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      stripe.events.list({ types: Array.from({ length: 21 }, (_, i) => `customer.t${i}`) }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'types' });
    await expect(stripe.events.list({ colour: 'red' } as Stripe.EventListParams)).rejects.toMatchObject({
      code: 'parameter_unknown',
    });
  });

  it('filters by created range', async () => {
    const first = await stripe.customers.create({ email: 'old@example.com' });
    const { now } = await control.advanceClock(3600);
    await stripe.customers.create({ email: 'new@example.com' });
    const emails = async (created: Stripe.EventListParams['created']) =>
      (await stripe.events.list({ created })).data.map((e) => (e.data.object as Stripe.Customer).email);
    expect(await emails({ gte: now })).toEqual(['new@example.com']);
    expect(await emails({ lt: now })).toEqual(['old@example.com']);
    expect(await emails({ gte: first.created, lte: now })).toEqual(['new@example.com', 'old@example.com']);
    expect(await emails(now)).toEqual(['new@example.com']);
  });

  it('paginates and auto-paginates newest first', async () => {
    for (let i = 0; i < 23; i++) await stripe.customers.create({ email: `p${i}@example.com` });
    const page = await stripe.events.list({ limit: 10 });
    expect(page.has_more).toBe(true);
    expect((page.data[0]!.data.object as Stripe.Customer).email).toBe('p22@example.com');
    const next = await stripe.events.list({ limit: 10, starting_after: page.data[9]!.id });
    expect((next.data[0]!.data.object as Stripe.Customer).email).toBe('p12@example.com');
    const emails: string[] = [];
    for await (const event of stripe.events.list({ limit: 4, type: 'customer.created' })) {
      emails.push((event.data.object as Stripe.Customer).email!);
    }
    expect(emails).toEqual(Array.from({ length: 23 }, (_, i) => `p${22 - i}@example.com`));
  });
});
