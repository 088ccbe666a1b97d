import { paymentIntentEvent, signedDelivery, stripeEvent, testPayment } from '@storepay/payments-core/testing';
import { describe, expect, it } from 'vitest';
import type { WebhookRejectionReason } from '@storepay/payments-core';
import { receiveWebhook } from './receive-webhook';
import { inMemoryStore } from './testing/in-memory-store';

const SECRET = 'whsec_unit_current';

function setup(secrets: string[] = [SECRET]) {
  const store = inMemoryStore();
  const counted: WebhookRejectionReason[] = [];
  const ports = {
    webhookInbox: store.webhookInbox,
    rejections: { count: (reason: WebhookRejectionReason) => void counted.push(reason) },
    webhookSecrets: () => secrets,
    toleranceSeconds: 300,
  };
  const deliver = async (event: object, secret = SECRET, timestamp?: number) => {
    const { body, headers } = await signedDelivery(event, secret, timestamp);
    return receiveWebhook(ports, { rawBody: Buffer.from(body), signature: headers['stripe-signature'] });
  };
  return { store, ports, deliver, counted };
}

describe('receiveWebhook', () => {
  it('stores a verified event by its id, once; a repeat is a duplicate', async () => {
    const { deliver, store } = setup();
    const event = paymentIntentEvent(testPayment(), 'succeeded', 1_790_000_000);
    const type = 'payment_intent.succeeded';
    expect(await deliver(event)).toEqual({ ok: true, value: { duplicate: false, type } });
    expect(await deliver(event)).toEqual({ ok: true, value: { duplicate: true, type } });
    expect([...store.state.inbox.values()].map((row) => [row.stripeEventId, row.status, row.source])).toEqual([
      [event.id, 'received', 'webhook'],
    ]);
  });

  it('stores a type the pipeline does not handle as ignored', async () => {
    const { deliver, store } = setup();
    await deliver(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }));
    expect([...store.state.inbox.values()][0]?.status).toBe('ignored');
  });

  it('refuses and counts a delivery signed with another secret, too old, or unsigned; stores nothing', async () => {
    const { deliver, store, ports, counted } = setup();
    const event = paymentIntentEvent(testPayment(), 'succeeded', 1_790_000_000);
    expect(await deliver(event, 'whsec_attacker')).toEqual({
      ok: false,
      error: { kind: 'webhook_rejected', reason: 'invalid_signature' },
    });
    expect(await deliver(event, SECRET, Math.floor(Date.now() / 1000) - 3600)).toMatchObject({
      error: { reason: 'stale_timestamp' },
    });
    expect(await receiveWebhook(ports, { rawBody: Buffer.from('{}'), signature: undefined })).toMatchObject({
      error: { reason: 'missing_signature' },
    });
    expect(counted).toEqual(['invalid_signature', 'stale_timestamp', 'missing_signature']);
    expect(store.state.inbox.size).toBe(0);
  });

  it('answers not configured while there is no secret', async () => {
    const { deliver } = setup([]);
    expect(await deliver(stripeEvent('customer.created', {}))).toEqual({
      ok: false,
      error: { kind: 'webhooks_not_configured' },
    });
  });
});
