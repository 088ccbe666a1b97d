import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventTypeMatches } from './event-types';
import { RETRY_DELAYS_SECONDS, retryDelaySeconds, wallClockMs } from './schedule';
import { signatureHeader } from './signature';

const stripe = new Stripe('sk_test_emulator');

describe('webhook signing, schedule and event-type matching', () => {
  it('signs exactly as stripe-node expects', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', note: 'naïve €' });
    const header = signatureHeader('whsec_abc', payload, 1_700_000_000);
    expect(header).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_abc', timestamp: 1_700_000_000 }),
    );
    const now = Math.floor(Date.now() / 1000);
    expect(stripe.webhooks.constructEvent(payload, signatureHeader('whsec_abc', payload, now), 'whsec_abc').id).toBe(
      'evt_1',
    );
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_abc')).toThrow(/tolerance zone/);
    expect(() =>
      stripe.webhooks.constructEvent(`${payload} `, signatureHeader('whsec_abc', payload, now), 'whsec_abc'),
    ).toThrow(/No signatures found/);
  });

  it("follows Stripe's live-mode schedule: up to three days, compressed by the time factor", () => {
    const total = RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeLessThanOrEqual(3 * 86_400);
    expect(total).toBe(243_360);
    expect(retryDelaySeconds(1)).toBe(60);
    expect(retryDelaySeconds(11)).toBe(36_000);
    expect(retryDelaySeconds(12)).toBeNull();
    expect(wallClockMs(60, 3600)).toBeCloseTo(16.67, 1);
    expect(wallClockMs(36_000, 100_000)).toBe(360);
  });

  it('matches event types exactly, with * for everything and as a wildcard', () => {
    expect(eventTypeMatches('*', 'charge.refunded')).toBe(true);
    expect(eventTypeMatches('charge.refunded', 'charge.refunded')).toBe(true);
    expect(eventTypeMatches('charge.refunded', 'charge.refund.updated')).toBe(false);
    expect(eventTypeMatches('charge.*', 'charge.dispute.created')).toBe(true);
    expect(eventTypeMatches('charge.*', 'payment_intent.succeeded')).toBe(false);
    expect(eventTypeMatches('*.succeeded', 'payment_intent.succeeded')).toBe(true);
    expect(eventTypeMatches('charge.*', 'chargeXrefunded')).toBe(false);
  });
});
