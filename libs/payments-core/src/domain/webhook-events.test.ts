import { describe, expect, it } from 'vitest';
import {
  HANDLED_WEBHOOK_EVENT_TYPES,
  isHandledWebhookEventType,
  isStripeEventEnvelope,
  webhookEventFacts,
  type StripeEventEnvelope,
} from './webhook-events';

const envelope = (type: string, object: Record<string, unknown>): StripeEventEnvelope => ({
  id: 'evt_1',
  object: 'event',
  type,
  api_version: '2026-10-28.endive',
  created: 1_795_000_000,
  livemode: true,
  data: { object },
});

describe('webhook events', () => {
  it('lists the handled types', () => {
    expect(HANDLED_WEBHOOK_EVENT_TYPES).toHaveLength(22);
    expect(isHandledWebhookEventType('charge.dispute.funds_reinstated')).toBe(true);
    expect(isHandledWebhookEventType('charge.captured')).toBe(true);
    expect(isHandledWebhookEventType('customer.created')).toBe(false);
  });

  it('recognises a Stripe event envelope', () => {
    expect(isStripeEventEnvelope(envelope('x.y', { id: 'x' }))).toBe(true);
    expect(isStripeEventEnvelope({ ...envelope('x.y', {}), api_version: null })).toBe(true);
    for (const bad of [
      null,
      [],
      'evt_1',
      { ...envelope('x.y', {}), id: 'pi_1' },
      { ...envelope('x.y', {}), object: 'payment_intent' },
      { ...envelope('', {}) },
      { ...envelope('x.y', {}), created: '1795000000' },
      { ...envelope('x.y', {}), livemode: 'false' },
      { ...envelope('x.y', {}), data: { object: [] } },
      { ...envelope('x.y', {}), data: null },
    ]) {
      expect(isStripeEventEnvelope(bad)).toBe(false);
    }
  });

  it('finds the object and the PaymentIntent an event concerns', () => {
    expect(webhookEventFacts(envelope('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' }))).toEqual({
      stripeEventId: 'evt_1',
      type: 'payment_intent.succeeded',
      apiVersion: '2026-10-28.endive',
      livemode: true,
      objectId: 'pi_1',
      paymentIntentId: 'pi_1',
      stripeCreatedAt: new Date(1_795_000_000_000),
      handled: true,
    });
    const pi = (object: Record<string, unknown>) =>
      webhookEventFacts(envelope('charge.refunded', object)).paymentIntentId;
    expect(pi({ id: 'ch_1', object: 'charge', payment_intent: 'pi_2' })).toBe('pi_2');
    expect(pi({ id: 're_1', object: 'refund', payment_intent: { id: 'pi_3', object: 'payment_intent' } })).toBe('pi_3');
    expect(pi({ id: 'dp_1', object: 'dispute', payment_intent: null })).toBeNull();
    expect(webhookEventFacts(envelope('customer.created', { object: 'customer' }))).toMatchObject({
      objectId: null,
      paymentIntentId: null,
      handled: false,
    });
  });
});
