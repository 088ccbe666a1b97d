import { describe, expect, it } from 'vitest';
import { attemptOutcome, stripeOperation } from './stripe-client';

describe('stripeOperation', () => {
  it('names an API call by method and path template, without ids or query', () => {
    expect(stripeOperation('post', '/v1/payment_intents')).toBe('POST /v1/payment_intents');
    expect(stripeOperation('POST', '/v1/payment_intents/pi_3Nx8Ka2eZvKYlo2C1/confirm')).toBe(
      'POST /v1/payment_intents/:id/confirm',
    );
    expect(stripeOperation('GET', '/v1/events?limit=100&starting_after=evt_1AbC2dE3')).toBe('GET /v1/events');
    expect(stripeOperation('GET', '/v1/charges/ch_123/refunds')).toBe('GET /v1/charges/:id/refunds');
    // Words of the API stay: payment_intents, webhook_endpoints, search.
    expect(stripeOperation('GET', '/v1/payment_intents/search')).toBe('GET /v1/payment_intents/search');
    expect(stripeOperation('POST', '/v1/webhook_endpoints/we_1Abc2')).toBe('POST /v1/webhook_endpoints/:id');
    // An id is an id whatever it looks like, and a nested one too.
    expect(stripeOperation('GET', '/v1/customers/cus_abcdef/sources/src_xyz')).toBe(
      'GET /v1/customers/:id/sources/:id',
    );
  });
});

describe('attemptOutcome', () => {
  it('tells 429 and 5xx apart, and a missing answer from both', () => {
    expect([200, 402, 429, 500, 503, null].map(attemptOutcome)).toEqual([
      'ok',
      'client_error',
      'rate_limited',
      'server_error',
      'server_error',
      'network_error',
    ]);
  });
});
