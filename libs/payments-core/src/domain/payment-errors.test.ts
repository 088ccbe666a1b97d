import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_MESSAGES,
  customerMessageFor,
  customerMessageKeyFor,
  declineMessage,
  isPaymentError,
  isRetryable,
  PAYMENT_ERROR_KINDS,
  paymentErrorFromStripe,
  paymentErrors,
  type PaymentError,
} from './payment-errors';

const GENERIC = 'Your card was declined. Try another card or contact your bank.';

describe('declineMessage', () => {
  it.each([
    ['insufficient_funds', 'Your card has insufficient funds. Try another card or payment method.'],
    ['expired_card', 'Your card has expired. Check the expiration date or use another card.'],
    ['incorrect_cvc', "Your card's security code is incorrect. Check it and try again."],
    ['processing_error', 'An error occurred while processing your card. Try again in a moment.'],
    ['incorrect_number', 'Your card number is incorrect. Check it and try again.'],
    ['card_velocity_exceeded', 'Your card has reached its limit. Try another card or contact your bank.'],
    ['generic_decline', GENERIC],
  ])('%s has its own wording', (code, message) => {
    expect(declineMessage(code)).toBe(message);
  });

  it.each(['lost_card', 'stolen_card', 'fraudulent', 'pickup_card', 'restricted_card', 'merchant_blacklist'])(
    '%s deliberately gets the generic wording',
    (code) => {
      expect(declineMessage(code)).toBe(GENERIC);
    },
  );

  it('prefers the first known code (decline code first), and falls back to generic', () => {
    expect(declineMessage('insufficient_funds', 'card_declined')).toMatch(/insufficient funds/);
    expect(declineMessage('some_new_reason', 'expired_card')).toMatch(/expired/);
    expect(declineMessage(undefined, null, 'incorrect_cvc')).toMatch(/security code/);
    expect(declineMessage('some_new_reason')).toBe(GENERIC);
    expect(declineMessage(null)).toBe(GENERIC);
    expect(declineMessage()).toBe(GENERIC);
    // Not fooled by Object.prototype keys.
    expect(declineMessage('constructor')).toBe(GENERIC);
  });
});

describe('paymentErrorFromStripe', () => {
  it('maps a card error (as Stripe.js returns it) to card_declined with its codes and a specific message', () => {
    const error = paymentErrorFromStripe({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      charge: 'ch_123',
      payment_intent: { id: 'pi_123' },
    });
    expect(error).toMatchObject({
      kind: 'card_declined',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      chargeId: 'ch_123',
      paymentIntentId: 'pi_123',
      publicMessage: 'Your card has insufficient funds. Try another card or payment method.',
      requestId: null,
    });
    expect(error.internalMessage).toBe(
      'card_declined: Your card has insufficient funds. (code=card_declined, decline_code=insufficient_funds, payment_intent=pi_123, charge=ch_123)',
    );
  });

  it('uses the error code when there is no decline code (expired card, incorrect CVC)', () => {
    expect(paymentErrorFromStripe({ type: 'card_error', code: 'expired_card' })).toMatchObject({
      kind: 'card_declined',
      declineCode: null,
      publicMessage: expect.stringMatching(/expired/),
    });
    expect(customerMessageFor({ type: 'card_error', code: 'incorrect_cvc', decline_code: 'incorrect_cvc' })).toMatch(
      /security code is incorrect/,
    );
  });

  it('keeps lost and stolen cards generic in public but exact in the logs', () => {
    const error = paymentErrorFromStripe(
      { type: 'card_error', code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
      { requestId: 'req_abc', statusCode: 402 },
    );
    expect(error.publicMessage).toBe(GENERIC);
    expect(error.internalMessage).toContain('decline_code=stolen_card');
    expect(error.internalMessage).toContain('request=req_abc');
    expect(error.internalMessage).toContain('status=402');
    expect(error.requestId).toBe('req_abc');
  });

  it('recognises authentication required and failed 3DS', () => {
    expect(
      paymentErrorFromStripe({ type: 'card_error', code: 'card_declined', decline_code: 'authentication_required' }),
    ).toMatchObject({ kind: 'authentication_required', code: 'authentication_required' });
    const failed = paymentErrorFromStripe({
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      payment_intent: { id: 'pi_3ds' },
    });
    expect(failed).toMatchObject({ kind: 'authentication_required', paymentIntentId: 'pi_3ds' });
    expect(failed.publicMessage).toMatch(/couldn't verify/);
  });

  it('maps invalid requests with their param, and explains amount limits', () => {
    expect(
      paymentErrorFromStripe(
        { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be…' },
        { statusCode: 400 },
      ),
    ).toMatchObject({ kind: 'invalid_request', param: 'amount', code: 'amount_too_small', publicMessage: /minimum/ });
    expect(paymentErrorFromStripe({ type: 'invalid_request_error', param: 'currency' })).toMatchObject({
      kind: 'invalid_request',
      param: 'currency',
      code: null,
    });
  });

  it('maps Stripe.js validation errors to invalid_request with a field message', () => {
    expect(paymentErrorFromStripe({ type: 'validation_error', code: 'incomplete_number' })).toMatchObject({
      kind: 'invalid_request',
      publicMessage: 'Your card number is incomplete.',
    });
    expect(customerMessageFor({ type: 'validation_error', code: 'something_new' })).toBe(
      'Check your payment details and try again.',
    );
  });

  it('names the customer message by its key, for apps that translate it', () => {
    expect(
      customerMessageKeyFor({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' }),
    ).toBe('insufficientFunds');
    expect(customerMessageKeyFor({ type: 'card_error', code: 'card_declined', decline_code: 'stolen_card' })).toBe(
      'genericDecline',
    );
    expect(customerMessageKeyFor({ type: 'validation_error', code: 'incomplete_number' })).toBe('incompleteNumber');
    const error = paymentErrors.stripeUnavailable({ reason: 'timeout', message: 'ETIMEDOUT' });
    expect(CUSTOMER_MESSAGES[customerMessageKeyFor(error)]).toBe(error.publicMessage);
  });

  it('maps by status: 401/403 configuration, 404 not_found, 409 in progress, 429 rate limited, 5xx unavailable', () => {
    const kindOf = (raw: Parameters<typeof paymentErrorFromStripe>[0], statusCode: number) =>
      paymentErrorFromStripe(raw, { statusCode });
    expect(kindOf({ type: 'invalid_request_error' }, 401)).toMatchObject({
      kind: 'configuration',
      reason: 'authentication',
    });
    expect(kindOf({ type: 'invalid_request_error' }, 403)).toMatchObject({
      kind: 'configuration',
      reason: 'permission',
    });
    expect(kindOf({ type: 'invalid_request_error', code: 'resource_missing', param: 'intent' }, 404)).toMatchObject({
      kind: 'not_found',
      param: 'intent',
    });
    expect(kindOf({ type: 'idempotency_error', code: 'idempotency_key_in_use' }, 409)).toMatchObject({
      kind: 'idempotency_conflict',
      reason: 'in_progress',
    });
    expect(kindOf({ type: 'idempotency_error' }, 400)).toMatchObject({
      kind: 'idempotency_conflict',
      reason: 'parameters_mismatch',
    });
    expect(kindOf({ type: 'invalid_request_error', code: 'rate_limit' }, 429)).toMatchObject({ kind: 'rate_limited' });
    expect(kindOf({ type: 'api_error' }, 500)).toMatchObject({
      kind: 'stripe_unavailable',
      reason: 'server_error',
      statusCode: 500,
    });
    expect(kindOf({ type: 'something_else' }, 503)).toMatchObject({ kind: 'stripe_unavailable' });
  });

  it('maps the other Stripe.js error types', () => {
    expect(paymentErrorFromStripe({ type: 'api_connection_error' })).toMatchObject({
      kind: 'stripe_unavailable',
      reason: 'connection',
    });
    expect(paymentErrorFromStripe({ type: 'rate_limit_error' })).toMatchObject({ kind: 'rate_limited' });
    expect(paymentErrorFromStripe({ type: 'authentication_error' })).toMatchObject({ kind: 'configuration' });
    expect(paymentErrorFromStripe({})).toMatchObject({ kind: 'unexpected' });
  });
});

describe('public messages', () => {
  const samples: PaymentError[] = [
    paymentErrors.cardDeclined({ code: 'card_declined', declineCode: 'fraudulent', message: 'sk_test_secret leaked?' }),
    paymentErrors.authenticationRequired({ message: 'internal detail req_1' }),
    paymentErrors.invalidRequest({ param: 'amount', message: 'Invalid integer: 12.5' }),
    paymentErrors.idempotencyConflict({ reason: 'in_progress', message: 'key in use' }),
    paymentErrors.idempotencyConflict({ reason: 'parameters_mismatch', message: 'other params' }),
    paymentErrors.rateLimited({ message: 'Request rate limit exceeded.' }),
    paymentErrors.stripeUnavailable({ reason: 'timeout', message: 'Request aborted due to timeout being reached' }),
    paymentErrors.configuration({ reason: 'authentication', message: 'Invalid API Key provided: sk_live_****' }),
    paymentErrors.notFound({ param: 'intent', message: "No such payment_intent: 'pi_x'" }),
    paymentErrors.unexpected({ message: 'TypeError: cannot read x of undefined' }),
  ];

  it('covers every kind', () => {
    expect(new Set(samples.map((error) => error.kind))).toEqual(new Set(PAYMENT_ERROR_KINDS));
  });

  it.each(samples.map((error) => [error.kind, error] as const))(
    '%s has a customer message that leaks nothing internal',
    (_kind, error) => {
      expect(error.publicMessage.length).toBeGreaterThan(10);
      expect(error.publicMessage).not.toMatch(/sk_|req_|pi_|Stripe|undefined|null|api key/i);
      expect(customerMessageFor(error)).toBe(error.publicMessage);
      expect(error.internalMessage.startsWith(`${error.kind}: `)).toBe(true);
      expect(isPaymentError(error)).toBe(true);
    },
  );

  it('survives JSON (plain data)', () => {
    for (const error of samples) expect(JSON.parse(JSON.stringify(error))).toEqual(error);
  });
});

describe('isRetryable', () => {
  it('retries only what may succeed unchanged: rate limits, unavailability, a key still in use', () => {
    expect(isRetryable(paymentErrors.rateLimited({}))).toBe(true);
    expect(isRetryable(paymentErrors.stripeUnavailable({ reason: 'connection' }))).toBe(true);
    expect(isRetryable(paymentErrors.idempotencyConflict({ reason: 'in_progress' }))).toBe(true);
    expect(isRetryable(paymentErrors.idempotencyConflict({ reason: 'parameters_mismatch' }))).toBe(false);
    expect(isRetryable(paymentErrors.cardDeclined({ code: 'processing_error' }))).toBe(false);
    expect(isRetryable(paymentErrors.cardDeclined({ declineCode: 'insufficient_funds' }))).toBe(false);
    expect(isRetryable(paymentErrors.authenticationRequired({}))).toBe(false);
    expect(isRetryable(paymentErrors.invalidRequest({ param: 'amount' }))).toBe(false);
    expect(isRetryable(paymentErrors.configuration({ reason: 'permission' }))).toBe(false);
    expect(isRetryable(paymentErrors.notFound({}))).toBe(false);
    expect(isRetryable(paymentErrors.unexpected({}))).toBe(false);
  });
});
