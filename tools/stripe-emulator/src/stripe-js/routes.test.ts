import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { formatAmount } from './challenge-page';
import { startTestEmulator } from '../test-kit';

// Static files, HTML and CORS headers are not something stripe-node can fetch: raw HTTP here, stripe-node for
// the intents.
describe('Stripe.js stand-in routes', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
  });
  afterAll(() => emulator.close());

  it('serves window.Stripe at /js.stripe.com/v3/ (with and without the slash) and the frame files', async () => {
    for (const path of ['/js.stripe.com/v3/', '/js.stripe.com/v3']) {
      const response = await fetch(`${emulator.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      const source = await response.text();
      expect(source).toContain("Stripe.version = 'endive'");
      expect(source).toContain('window.Stripe = Stripe');
    }
    const frame = await fetch(`${emulator.url}/js.stripe.com/v3/elements-inner-payment.html`);
    expect(frame.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await frame.text()).toContain('<label for="number" id="number-label">Card number</label>');
    for (const name of ['elements-inner-payment.js', 'card.js', 'locales.js', 'three-d-secure.js']) {
      expect((await fetch(`${emulator.url}/js.stripe.com/v3/${name}`)).status).toBe(200);
    }
    expect((await fetch(`${emulator.url}/js.stripe.com/v3/card.d.ts`)).status).toBe(404);
  });

  it('answers CORS preflights for /v1 and allows any origin on API responses', async () => {
    const preflight = await fetch(`${emulator.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const response = await fetch(`${emulator.url}/v1/customers`, {
      headers: { origin: 'http://shop.test', authorization: 'Bearer pk_test_x' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Request-Id');
  });

  it('renders the 3DS challenge page for an intent and its client secret only', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2599,
      currency: 'usd',
      automatic_payment_methods: { enabled: true },
    });
    const page = await fetch(`${emulator.url}/3ds/${intent.id}?client_secret=${intent.client_secret}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('$25.99');
    expect(html).toContain('<button type="button" value="complete" disabled>Complete</button>');
    expect(html).toContain('<button type="button" value="fail" disabled>Fail</button>');
    expect(html).toContain(`data-client-secret="${intent.client_secret}"`);

    expect((await fetch(`${emulator.url}/3ds/${intent.id}?client_secret=${intent.id}_secret_wrong`)).status).toBe(404);
    expect((await fetch(`${emulator.url}/3ds/${intent.id}`)).status).toBe(404);
    expect((await fetch(`${emulator.url}/3ds/pi_missing?client_secret=x`)).status).toBe(404);
  });

  it('formats amounts with the currency minor unit', () => {
    expect(formatAmount(2599, 'usd')).toBe('$25.99');
    expect(formatAmount(500, 'jpy')).toBe('¥500');
    expect(formatAmount(1000, 'eur')).toBe('€10.00');
  });
});
