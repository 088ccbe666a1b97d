import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlApiError, EmulatorControl } from '../control/client';
import type { RunningEmulator } from '../index';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { startTestEmulator } from '../test-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook delivery faults', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;
  let hook: TestReceiver;
  let secret: string;

  const receivedEvents = () =>
    hook.received.map((r) =>
      stripe.webhooks.constructEvent(r.rawBody, r.headers['stripe-signature'] as string, secret),
    );
  const emails = (events: Stripe.Event[]) => events.map((e) => (e.data.object as Stripe.Customer).email);

  beforeAll(async () => {
    ({ emulator, stripe, control } = await startTestEmulator({ timeFactor: 100_000 }));
  });
  beforeEach(async () => {
    await control.reset();
    hook = await startTestReceiver();
    secret = (await stripe.webhookEndpoints.create({ url: hook.url, enabled_events: ['*'] })).secret!;
  });
  afterEach(() => hook.close());
  afterAll(() => emulator.close());

  it('duplicate: delivers the same event twice, each signed', async () => {
    const rule = await control.addWebhookFault({ action: 'duplicate', eventType: 'customer.created', count: 1 });
    expect(rule).toMatchObject({ action: 'duplicate', eventType: 'customer.created', count: 1, remaining: 1 });
    await stripe.customers.create({ email: 'dup@example.com' });
    await stripe.customers.create({ email: 'once@example.com' });
    await hook.waitFor(3);
    await sleep(30);
    const events = receivedEvents();
    expect(events).toHaveLength(3);
    expect(emails(events).sort()).toEqual(['dup@example.com', 'dup@example.com', 'once@example.com']);
    const dup = events.filter((e) => (e.data.object as Stripe.Customer).email === 'dup@example.com');
    expect(dup[0]!.id).toBe(dup[1]!.id);
    const attempts = await control.webhookAttempts({ event: dup[0]!.id });
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.delivery)).size).toBe(2);
    expect(await control.webhookFaults()).toEqual([]);
  });

  it('delay: holds a matching event before its first attempt while others go through', async () => {
    await control.addWebhookFault({ action: 'delay', eventType: 'customer.created', delayMs: 2000, count: 1 });
    const started = Date.now();
    const customer = await stripe.customers.create({ email: 'late@example.com' });
    await stripe.customers.update(customer.id, { name: 'Late' });
    await hook.waitFor(2);
    expect(receivedEvents().map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
    expect(hook.received[1]!.receivedAt - started).toBeGreaterThanOrEqual(1990);
    expect(hook.received[0]!.receivedAt - started).toBeLessThan(1500);
  });

  it('reorder: holds events until count have accumulated, then delivers them newest first', async () => {
    await control.addWebhookFault({ action: 'reorder', count: 3 });
    for (const email of ['r1@example.com', 'r2@example.com']) await stripe.customers.create({ email });
    await sleep(50);
    expect(hook.received).toHaveLength(0);
    expect((await control.webhookFaults())[0]).toMatchObject({ action: 'reorder', remaining: 1 });
    await stripe.customers.create({ email: 'r3@example.com' });
    await hook.waitFor(3);
    expect(emails(receivedEvents())).toEqual(['r3@example.com', 'r2@example.com', 'r1@example.com']);
    // The rule is used up: later events are delivered as usual.
    await stripe.customers.create({ email: 'r4@example.com' });
    await hook.waitFor(4);
    expect(emails(receivedEvents()).at(-1)).toBe('r4@example.com');
  });

  it('reorder: clearing the rule delivers what it held, in the original order', async () => {
    await control.addWebhookFault({ action: 'reorder', count: 5 });
    for (const email of ['h1@example.com', 'h2@example.com']) await stripe.customers.create({ email });
    await sleep(30);
    expect(hook.received).toHaveLength(0);
    expect(await control.clearWebhookFaults()).toEqual({ deleted: 1 });
    await hook.waitFor(2);
    expect(emails(receivedEvents())).toEqual(['h1@example.com', 'h2@example.com']);
  });

  it('drop: never delivers the event; a reconciler finds it with delivery_success=false', async () => {
    await control.addWebhookFault({ action: 'drop', eventType: 'customer.*', count: 1 });
    await stripe.customers.create({ email: 'lost@example.com' });
    await stripe.customers.create({ email: 'kept@example.com' });
    await hook.waitFor(1);
    await sleep(100);
    expect(emails(receivedEvents())).toEqual(['kept@example.com']);
    const undelivered = (await stripe.events.list({ delivery_success: false })).data;
    expect(emails(undelivered)).toEqual(['lost@example.com']);
    expect(undelivered[0]!.pending_webhooks).toBe(1);
    expect(await control.webhookAttempts({ event: undelivered[0]!.id })).toEqual([]);
    expect(emails((await stripe.events.list({ delivery_success: true })).data)).toEqual(['kept@example.com']);
  });

  it('applies a rule only to its event type and lists, then clears, the rules', async () => {
    await control.addWebhookFault({ action: 'drop', eventType: 'customer.deleted', count: 2 });
    await control.addWebhookFault({ action: 'delay', delayMs: 10, count: 3 });
    expect((await control.webhookFaults()).map((r) => [r.id, r.action, r.remaining])).toEqual([
      [expect.stringMatching(/^whfault_/), 'drop', 2],
      [expect.stringMatching(/^whfault_/), 'delay', 3],
    ]);
    const customer = await stripe.customers.create({ email: 'typed@example.com' });
    await hook.waitFor(1);
    expect((await control.webhookFaults()).map((r) => r.remaining)).toEqual([2, 2]);
    await stripe.customers.del(customer.id);
    await sleep(50);
    expect(hook.received).toHaveLength(1);
    expect((await control.webhookFaults()).map((r) => r.remaining)).toEqual([1, 2]);
    expect(await control.clearWebhookFaults()).toEqual({ deleted: 2 });
    expect(await control.webhookFaults()).toEqual([]);
  });

  it('refuses malformed webhook faults with 400', async () => {
    const refused = (fault: Parameters<EmulatorControl['addWebhookFault']>[0]) =>
      control.addWebhookFault(fault).then(
        () => null,
        (error: ControlApiError) => [error.status, error.message],
      );
    expect(await refused({ action: 'explode' as 'drop' })).toEqual([
      400,
      'action must be one of duplicate, delay, reorder, drop, got "explode".',
    ]);
    expect(await refused({ action: 'delay' })).toEqual([400, 'delayMs is required for action "delay".']);
    expect(await refused({ action: 'reorder', count: 1 })).toEqual([400, 'count must be at least 2 for "reorder".']);
    expect(await refused({ action: 'drop', count: 0 })).toEqual([400, 'count must be an integer >= 1, got 0.']);
  });
});
