import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { mapStripeError } from './stripe-errors';

const { errors } = Stripe;

describe('mapStripeError', () => {
  it('maps StripeCardError to card_declined with the decline code and its public message', () => {
    const error = mapStripeError(
      new errors.StripeCardError({
        type: 'card_error',
        message: 'Your card has insufficient funds.',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        charge: 'ch_1',
        statusCode: 402,
        requestId: 'req_card',
        payment_intent: { id: 'pi_card' } as Stripe.PaymentIntent,
      }),
    );
    expect(error).toMatchObject({
      kind: 'card_declined',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      chargeId: 'ch_1',
      paymentIntentId: 'pi_card',
      requestId: 'req_card',
      publicMessage: 'Your card has insufficient funds. Try another card or payment method.',
    });
    expect(error.internalMessage).toContain('Your card has insufficient funds.');
    expect(error.internalMessage).toContain('request=req_card');
  });

  it('maps a card error asking for authentication to authentication_required', () => {
    expect(
      mapStripeError(
        new errors.StripeCardError({
          type: 'card_error',
          code: 'authentication_required',
          decline_code: 'authentication_required',
          statusCode: 402,
        }),
      ),
    ).toMatchObject({ kind: 'authentication_required' });
  });

  it('maps StripeInvalidRequestError to invalid_request with param, or not_found for a missing object', () => {
    expect(
      mapStripeError(
        new errors.StripeInvalidRequestError({
          type: 'invalid_request_error',
          code: 'amount_too_small',
          param: 'amount',
          statusCode: 400,
          message: 'Amount must be at least $0.50 usd',
        }),
      ),
    ).toMatchObject({ kind: 'invalid_request', param: 'amount', code: 'amount_too_small' });
    expect(
      mapStripeError(
        new errors.StripeInvalidRequestError({
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'intent',
          statusCode: 404,
          message: "No such payment_intent: 'pi_nope'",
        }),
      ),
    ).toMatchObject({ kind: 'not_found', param: 'intent' });
  });

  it('maps idempotency errors: 400 mismatch, 409 in progress (stripe-node gives 409 as StripeAPIError)', () => {
    expect(
      mapStripeError(new errors.StripeIdempotencyError({ type: 'idempotency_error', statusCode: 400, message: 'x' })),
    ).toMatchObject({ kind: 'idempotency_conflict', reason: 'parameters_mismatch' });
    expect(
      mapStripeError(
        new errors.StripeAPIError({ type: 'idempotency_error', code: 'idempotency_key_in_use', statusCode: 409 }),
      ),
    ).toMatchObject({ kind: 'idempotency_conflict', reason: 'in_progress' });
  });

  it('maps rate limits, auth and permission problems, and server errors', () => {
    expect(
      mapStripeError(new errors.StripeRateLimitError({ type: 'invalid_request_error', statusCode: 429 })),
    ).toMatchObject({ kind: 'rate_limited' });
    expect(
      mapStripeError(new errors.StripeAuthenticationError({ statusCode: 401, message: 'Invalid API Key provided' })),
    ).toMatchObject({ kind: 'configuration', reason: 'authentication' });
    expect(mapStripeError(new errors.StripePermissionError({ statusCode: 403 }))).toMatchObject({
      kind: 'configuration',
      reason: 'permission',
    });
    expect(mapStripeError(new errors.StripeAPIError({ type: 'api_error', statusCode: 500 }))).toMatchObject({
      kind: 'stripe_unavailable',
      reason: 'server_error',
      statusCode: 500,
    });
  });

  it('tells a timeout from a connection failure', () => {
    const timeout = Object.assign(new TypeError('ETIMEDOUT'), { code: 'ETIMEDOUT' });
    expect(
      mapStripeError(
        new errors.StripeConnectionError({
          message: 'Request aborted due to timeout being reached (500ms)',
          detail: timeout,
        }),
      ),
    ).toMatchObject({ kind: 'stripe_unavailable', reason: 'timeout', statusCode: null });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(
      mapStripeError(
        new errors.StripeConnectionError({
          message: 'An error occurred with our connection to Stripe.',
          detail: refused,
        }),
      ),
    ).toMatchObject({ kind: 'stripe_unavailable', reason: 'connection' });
  });

  it('maps anything else to unexpected, so no untyped error escapes', () => {
    expect(mapStripeError(new errors.StripeError({ message: 'a new kind of error' }))).toMatchObject({
      kind: 'unexpected',
    });
    expect(mapStripeError(new TypeError('x is undefined'))).toMatchObject({
      kind: 'unexpected',
      internalMessage: 'unexpected: x is undefined (error=TypeError)',
    });
    expect(mapStripeError('a string')).toMatchObject({ kind: 'unexpected' });
    expect(mapStripeError(undefined)).toMatchObject({ kind: 'unexpected' });
    expect(mapStripeError(null)).toMatchObject({ kind: 'unexpected' });
  });

  it('recognises stripe-node errors from another copy of the SDK by their type', () => {
    const foreign = Object.assign(new Error('Your card was declined.'), {
      type: 'StripeCardError',
      rawType: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      statusCode: 402,
    });
    expect(mapStripeError(foreign)).toMatchObject({ kind: 'card_declined', declineCode: 'generic_decline' });
  });
});
