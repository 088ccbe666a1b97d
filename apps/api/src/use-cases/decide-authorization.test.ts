import { AUTHORIZATION_EXPIRING_REASON } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import {
  authorizationIdempotencyKey,
  decideAuthorization,
  sweepAuthorizations,
  type AuthorizationDecisionInput,
} from './decide-authorization';
import { refundOrRelease } from './request-refund';
import { fakeGateway, stripeDown, stripeRefuses } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';

const support = { id: 'a0000000-0000-4000-8000-00000000000a', email: 'support@shop.test', ip: '203.0.113.9' };
const HOUR = 3600_000;

function setup({ amount = 5000, currency = 'usd', lapsesInMs = 7 * 24 * HOUR } = {}) {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const captureBefore = new Date(store.clock.now().getTime() + lapsesInMs);
  const { order, payment } = store.authorizedOrder({ amount, currency, captureBefore });
  stripe.setIntent(payment.paymentIntentId, {
    status: 'requires_capture',
    amount,
    currency,
    amountCapturable: amount,
    captureMethod: 'manual',
    metadata: { order_id: order.id },
  });
  const ports = { paymentTransactions: store.paymentTransactions, gateway: stripe.gateway };
  let keys = 0;
  const decide = (input: Partial<AuthorizationDecisionInput> = {}) =>
    decideAuthorization(ports, {
      orderId: order.id,
      kind: 'capture',
      idempotencyKey: `key-${++keys}`,
      actor: support,
      ...input,
    });
  const sweep = (expiryAction: 'cancel' | 'capture' = 'cancel') =>
    sweepAuthorizations({ ...ports, authorizations: store.authorizations, clock: store.clock, expiryAction });
  return { store, stripe, order, payment, ports, decide, sweep };
}

describe('decideAuthorization', () => {
  it('captures part of an authorisation with one Stripe key per decision: the order is paid for what was taken', async () => {
    const { decide, stripe, store, order, payment } = setup({ amount: 5000 });
    const done = await decide({ amount: 2500, note: 'half shipped' });
    expect(done).toMatchObject({
      ok: true,
      value: { created: true, orderStatus: 'paid', action: { kind: 'capture', amount: 2500, status: 'succeeded' } },
    });
    if (!done.ok) return;
    expect(stripe.callsOf('capturePaymentIntent').map((call) => call.input)).toEqual([
      {
        paymentIntentId: payment.paymentIntentId,
        amountToCapture: 2500,
        idempotencyKey: authorizationIdempotencyKey(done.value.action.id),
      },
    ]);
    expect(store.state.payments.get(payment.id)).toMatchObject({
      status: 'succeeded',
      amountReceived: 2500,
      amountCapturable: 0,
    });
    expect(store.state.orders.get(order.id)?.status).toBe('paid');
    expect(store.state.audit.map((entry) => [entry.action, entry.actorEmail, entry.details])).toEqual([
      [
        'payment.capture_requested',
        'support@shop.test',
        expect.objectContaining({ amount: 2500, authorized: 5000, note: 'half shipped' }),
      ],
      ['payment.captured', 'support@shop.test', expect.objectContaining({ amount: 2500, amountReceived: 2500 })],
    ]);
  });

  it('captures everything authorised when no amount is given, in whole yen for JPY', async () => {
    const { decide, stripe } = setup({ amount: 12_345, currency: 'jpy' });
    expect(await decide()).toMatchObject({ ok: true, value: { action: { amount: 12_345, currency: 'jpy' } } });
    expect(stripe.callsOf('capturePaymentIntent')[0]?.input).toMatchObject({ amountToCapture: 12_345 });
  });

  it('refuses more than the authorisation holds, and asks Stripe nothing', async () => {
    const { decide, stripe, store } = setup({ amount: 5000 });
    expect(await decide({ amount: 5001 })).toEqual({
      ok: false,
      error: { kind: 'amount_exceeds_capturable', capturable: 5000, currency: 'usd' },
    });
    expect(stripe.callsOf('capturePaymentIntent')).toHaveLength(0);
    expect(store.state.audit).toHaveLength(0);
  });

  it('makes one decision: after a capture, a release is refused (and a second capture too)', async () => {
    const { decide, stripe } = setup();
    expect((await decide({ amount: 1000 })).ok).toBe(true);
    expect(await decide({ kind: 'cancel' })).toEqual({
      ok: false,
      error: { kind: 'authorization_decided', action: 'capture', status: 'succeeded' },
    });
    expect(stripe.callsOf('cancelPaymentIntent')).toHaveLength(0);
  });

  it('answers a retried request with the same decision, without asking Stripe again once it succeeded', async () => {
    const { decide, stripe } = setup();
    const first = await decide({ idempotencyKey: 'same', amount: 1000 });
    const again = await decide({ idempotencyKey: 'same', amount: 1000 });
    expect(again).toMatchObject({ ok: true, value: { created: false, orderStatus: 'paid' } });
    expect(first.ok && again.ok && again.value.action.id).toBe(first.ok && first.value.action.id);
    expect(stripe.callsOf('capturePaymentIntent')).toHaveLength(1);
    expect(await decide({ idempotencyKey: 'same', amount: 2000 })).toEqual({
      ok: false,
      error: { kind: 'idempotency_key_reused', scope: 'authorization' },
    });
  });

  it('keeps a decision Stripe could not hear pending; the same request sends it again with the same key', async () => {
    const { decide, stripe, store, order } = setup();
    stripe.failNext('capturePaymentIntent', stripeDown());
    expect(await decide({ idempotencyKey: 'k' })).toMatchObject({ ok: false, error: { kind: 'authorization_unsent' } });
    expect(store.state.orders.get(order.id)?.status).toBe('authorized');
    // A release now is refused: the capture holds the authorisation until Stripe answers.
    expect(await decide({ kind: 'cancel' })).toMatchObject({
      ok: false,
      error: { kind: 'authorization_decided', action: 'capture', status: 'pending' },
    });
    expect(await decide({ idempotencyKey: 'k' })).toMatchObject({ ok: true, value: { orderStatus: 'paid' } });
    const keys = stripe
      .callsOf('capturePaymentIntent')
      .map((call) => (call.input as { idempotencyKey: string }).idempotencyKey);
    expect(new Set(keys).size).toBe(1);
  });

  it('fails a decision Stripe refuses, mirrors what Stripe has, and leaves the authorisation open to another', async () => {
    const { decide, stripe, store } = setup();
    stripe.failNext('capturePaymentIntent', stripeRefuses());
    expect(await decide()).toMatchObject({ ok: false, error: { kind: 'authorization_refused' } });
    expect([...store.state.authorizationActions.values()][0]).toMatchObject({ status: 'failed' });
    expect(store.state.audit.at(-1)?.action).toBe('payment.capture_failed');
    expect(await decide({ kind: 'cancel' })).toMatchObject({ ok: true, value: { orderStatus: 'canceled' } });
  });

  it('releases an authorisation: the order is canceled, Stripe told why', async () => {
    const { decide, stripe, store, order } = setup();
    expect(await decide({ kind: 'cancel', cancelReason: 'fraudulent', note: 'stolen card' })).toMatchObject({
      ok: true,
      value: {
        orderStatus: 'canceled',
        action: { kind: 'cancel', amount: 5000, reason: 'fraudulent', note: 'stolen card' },
      },
    });
    expect(stripe.callsOf('cancelPaymentIntent')[0]?.input).toMatchObject({ reason: 'fraudulent' });
    expect(store.state.orders.get(order.id)?.status).toBe('canceled');
    expect(store.state.audit.map((entry) => entry.action)).toEqual([
      'payment.release_requested',
      'payment.authorization_released',
    ]);
  });

  it('refuses a payment that is not an open authorisation', async () => {
    const store = inMemoryStore();
    const { order } = store.paidOrder();
    const refused = await decideAuthorization(
      { paymentTransactions: store.paymentTransactions, gateway: fakeGateway().gateway },
      { orderId: order.id, kind: 'capture', idempotencyKey: 'k', actor: support },
    );
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not_capturable' } });
  });
});

describe('refundOrRelease', () => {
  it('releases an uncaptured payment asked to be refunded in full, and refuses a part of it', async () => {
    const { ports, order, stripe, store } = setup({ amount: 5000 });
    const refundPorts = { ...ports, refunds: store.refunds, clock: store.clock, approvalThresholds: { USD: 500 } };
    const input = { orderId: order.id, reason: 'requested_by_customer' as const, actor: support };
    expect(await refundOrRelease(refundPorts, { ...input, idempotencyKey: 'r1', amount: 1000 })).toMatchObject({
      ok: false,
      error: { kind: 'not_refundable' },
    });
    expect(await refundOrRelease(refundPorts, { ...input, idempotencyKey: 'r2' })).toMatchObject({
      ok: true,
      value: { released: { orderStatus: 'canceled', action: { kind: 'cancel' } } },
    });
    expect(stripe.callsOf('createRefund')).toHaveLength(0);
    expect(store.state.refunds.size).toBe(0);
  });
});

describe('sweepAuthorizations', () => {
  it('releases an authorisation lapsing within the hour, once, and leaves one lapsing later alone', async () => {
    const { sweep, store, order, stripe } = setup({ lapsesInMs: 30 * 60_000 });
    const later = store.authorizedOrder({ captureBefore: new Date(store.clock.now().getTime() + 5 * HOUR) });
    stripe.setIntent(later.payment.paymentIntentId, {
      status: 'requires_capture',
      amount: 5000,
      amountCapturable: 5000,
    });
    expect(await sweep()).toEqual({ decided: 1, resent: 0, failed: 0 });
    expect(store.state.orders.get(order.id)?.status).toBe('canceled');
    expect(store.state.orders.get(later.order.id)?.status).toBe('authorized');
    expect(stripe.callsOf('cancelPaymentIntent')[0]?.input).toMatchObject({ reason: 'abandoned' });
    const [action] = store.state.authorizationActions.values();
    expect(action).toMatchObject({ kind: 'cancel', note: AUTHORIZATION_EXPIRING_REASON, requestedById: null });
    expect(store.state.audit[0]).toMatchObject({ action: 'payment.release_requested', actorId: null });
    expect(await sweep()).toEqual({ decided: 0, resent: 0, failed: 0 });
  });

  it('captures instead when the shop chose capture', async () => {
    const { sweep, store, order } = setup({ lapsesInMs: 10 * 60_000 });
    expect(await sweep('capture')).toEqual({ decided: 1, resent: 0, failed: 0 });
    expect(store.state.orders.get(order.id)?.status).toBe('paid');
  });

  it('sends again a decision Stripe did not answer, with the same key, after a minute', async () => {
    const { decide, sweep, stripe, store, order } = setup();
    stripe.failNext('cancelPaymentIntent', stripeDown());
    await decide({ kind: 'cancel' });
    expect(await sweep()).toEqual({ decided: 0, resent: 0, failed: 0 });
    store.clock.advance(61_000);
    expect(await sweep()).toEqual({ decided: 0, resent: 1, failed: 0 });
    expect(store.state.orders.get(order.id)?.status).toBe('canceled');
    const keys = stripe
      .callsOf('cancelPaymentIntent')
      .map((call) => (call.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });
});
