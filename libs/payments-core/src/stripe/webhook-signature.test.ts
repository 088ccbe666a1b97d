import { describe, expect, it } from 'vitest';
import { signedDelivery, stripeEvent, stripePaymentIntent, testPayment } from '../testing';
import { signWebhookPayload, verifyStripeWebhook } from './webhook-signature';

const SECRET = 'whsec_test_current';
const OLD = 'whsec_test_previous';
const event = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  api_version: '2026-10-28.endive',
  created: 1_795_000_000,
  livemode: false,
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_1', object: 'payment_intent' } },
});
const verify = (body: string, header: string | undefined, secrets = [SECRET, OLD], tolerance = 300) =>
  verifyStripeWebhook(Buffer.from(body), header, secrets, tolerance);

describe('verifyStripeWebhook', () => {
  it('accepts an event signed with any of the secrets', () => {
    for (const secret of [SECRET, OLD]) {
      const result = verify(event, signWebhookPayload(event, secret));
      expect(result).toEqual({ ok: true, value: JSON.parse(event) });
    }
  });

  it("accepts the testing kit's signed deliveries, as stripe-node signs them", async () => {
    const built = stripeEvent('payment_intent.succeeded', stripePaymentIntent(testPayment(), 'succeeded'));
    const delivery = await signedDelivery(built, SECRET);
    expect(verify(delivery.body, delivery.headers['stripe-signature'])).toEqual({ ok: true, value: built });
    const stale = await signedDelivery(built, SECRET, Math.floor(Date.now() / 1000) - 600);
    expect(verify(stale.body, stale.headers['stripe-signature'])).toEqual({ ok: false, error: 'stale_timestamp' });
    const other = await signedDelivery(built, 'whsec_someone_else');
    expect(verify(other.body, other.headers['stripe-signature'])).toEqual({ ok: false, error: 'invalid_signature' });
  });

  it('names why a delivery is refused', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(verify(event, undefined)).toEqual({ ok: false, error: 'missing_signature' });
    expect(verify(event, '')).toEqual({ ok: false, error: 'missing_signature' });
    expect(verify(event, 'garbage')).toEqual({ ok: false, error: 'invalid_signature' });
    expect(verify(event, signWebhookPayload(event, 'whsec_other'))).toEqual({ ok: false, error: 'invalid_signature' });
    expect(verify(`${event} `, signWebhookPayload(event, SECRET))).toEqual({ ok: false, error: 'invalid_signature' });
    expect(verify(event, signWebhookPayload(event, OLD, now - 301))).toEqual({ ok: false, error: 'stale_timestamp' });
    expect(verify(event, signWebhookPayload(event, OLD, now - 301), [SECRET, OLD], 600).ok).toBe(true);
    // Ahead of our clock by more than the tolerance (stripe-node alone would accept it): refused the same way.
    expect(verify(event, signWebhookPayload(event, SECRET, now + 600))).toEqual({
      ok: false,
      error: 'stale_timestamp',
    });
    expect(verify('not json', signWebhookPayload('not json', SECRET, now + 600))).toEqual({
      ok: false,
      error: 'stale_timestamp',
    });
    expect(verify(event, signWebhookPayload(event, SECRET, now + 240)).ok).toBe(true);
    expect(verify(event, signWebhookPayload(event, SECRET, now + 600), [SECRET], 0).ok).toBe(true);
    expect(verify(event, signWebhookPayload(event, 'whsec_x', now + 600))).toEqual({
      ok: false,
      error: 'invalid_signature',
    });
    // A stale signature made with a secret we do not have is simply invalid.
    expect(verify(event, signWebhookPayload(event, 'whsec_x', now - 301))).toEqual({
      ok: false,
      error: 'invalid_signature',
    });
    expect(verify(event, signWebhookPayload(event, SECRET), [])).toEqual({ ok: false, error: 'invalid_signature' });
  });

  it('refuses verified bytes that are not JSON or not an event', () => {
    const signed = (body: string) => verify(body, signWebhookPayload(body, SECRET));
    expect(signed('not json')).toEqual({ ok: false, error: 'invalid_json' });
    expect(signed('')).toEqual({ ok: false, error: 'invalid_json' });
    expect(signed('{"hello":"world"}')).toEqual({ ok: false, error: 'not_an_event' });
    expect(signed('null')).toEqual({ ok: false, error: 'not_an_event' });
    expect(signed('{"object":"v2.core.event","id":"evt_1"}')).toEqual({ ok: false, error: 'not_an_event' });
    expect(signed(JSON.stringify({ ...JSON.parse(event), data: { object: null } }))).toEqual({
      ok: false,
      error: 'not_an_event',
    });
  });
});
