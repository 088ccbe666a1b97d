// Integration: the gateway against the Stripe emulator, started in-process on a free port.
import { createServer, type AddressInfo } from 'node:net';
import { EmulatorControl, startEmulator } from '@storepay/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseOrderId, parsePaymentIntentId, type OrderId, type PaymentIntentId } from '../domain/ids';
import { customerMessageFor, paymentErrorFromStripe, type PaymentError } from '../domain/payment-errors';
import type { Result } from '../domain/result';
import { money } from '../money/money';
import { isUnexpectedStateError, type CreatePaymentIntentInput, type PaymentIntentSnapshot } from './payment-gateway';
import { createStripeClient, type StripeClientOptions } from './stripe-client';
import { mapStripeError } from './stripe-errors';
import { createStripePaymentGateway, type StripePaymentGatewayOptions } from './stripe-payment-gateway';

const SECRET_KEY = 'sk_test_payments_core';
const ORDER_ID = parseOrderId('4b1d6a39-2f0e-4c61-9d2a-6e3f0c1b7a10') as OrderId;

type RunningEmulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: RunningEmulator;
let control: EmulatorControl;
/** A plain client for looking at the emulator's state (faults only target POSTs). */
let observer: Stripe;

beforeAll(async () => {
  emulator = await startEmulator();
  control = new EmulatorControl(emulator.url);
  observer = createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url, maxNetworkRetries: 0 });
});
beforeEach(() => control.reset());
afterAll(() => emulator.close());

/** A gateway on a fresh client; `keys` collects the idempotency key of every HTTP request it sends. */
function setup(client: Partial<StripeClientOptions> = {}, options: StripePaymentGatewayOptions = {}) {
  const stripe = createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url, timeoutMs: 3_000, ...client });
  const keys: Array<string | undefined> = [];
  stripe.on('request', (event: { idempotency_key?: string }) => keys.push(event.idempotency_key));
  const gateway = createStripePaymentGateway(stripe, { rateLimitBaseDelayMs: 5, ...options });
  return { stripe, gateway, keys };
}

function order(overrides: Partial<CreatePaymentIntentInput> = {}): CreatePaymentIntentInput {
  return {
    amount: money(2400, 'usd'),
    orderId: ORDER_ID,
    email: 'ada@example.com',
    description: `Order ${ORDER_ID}`,
    idempotencyKey: `order-${ORDER_ID}-payment-intent`,
    ...overrides,
  };
}

const allIntents = async () => (await observer.paymentIntents.list({ limit: 100 })).data;

function expectOk<T>(result: Result<T, PaymentError>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.internalMessage}`);
  return result.value;
}

function expectErr<T>(result: Result<T, PaymentError>): PaymentError {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('StripePaymentGateway against the emulator', () => {
  describe('createPaymentIntent', () => {
    it('returns a snapshot with a client secret and metadata.order_id, built as Stripe expects', async () => {
      const { gateway, keys } = setup();
      const intent = expectOk(await gateway.createPaymentIntent(order({ metadata: { cart: 'c-1' } })));
      expect(intent).toEqual<PaymentIntentSnapshot>({
        id: expect.stringMatching(/^pi_/),
        status: 'requires_payment_method',
        amount: { amount: 2400, currency: 'usd' },
        amountReceived: 0,
        amountCapturable: 0,
        captureMethod: 'automatic',
        clientSecret: expect.stringMatching(/^pi_\w+_secret_\w+$/),
        latestChargeId: null,
        reviewId: null,
        lastPaymentError: null,
        metadata: { order_id: ORDER_ID, cart: 'c-1' },
        livemode: false,
      });
      expect(keys).toEqual([`order-${ORDER_ID}-payment-intent`]);
      const stored = await observer.paymentIntents.retrieve(intent.id);
      expect(stored).toMatchObject({
        amount: 2400,
        currency: 'usd',
        automatic_payment_methods: { enabled: true },
        receipt_email: 'ada@example.com',
        description: `Order ${ORDER_ID}`,
        metadata: { order_id: ORDER_ID },
      });
    });

    it('charges a zero-decimal currency in whole units, and order_id always wins over caller metadata', async () => {
      const { gateway } = setup();
      const intent = expectOk(
        await gateway.createPaymentIntent(
          order({ amount: money(3600, 'jpy'), idempotencyKey: 'jpy-1', metadata: { order_id: 'spoofed' } }),
        ),
      );
      expect(intent.amount).toEqual({ amount: 3600, currency: 'jpy' });
      expect(intent.metadata.order_id).toBe(ORDER_ID);
      expect((await observer.paymentIntents.retrieve(intent.id)).currency).toBe('jpy');
    });

    it('gives one PaymentIntent for the same idempotency key twice', async () => {
      const { gateway } = setup();
      const first = expectOk(await gateway.createPaymentIntent(order()));
      const second = expectOk(await gateway.createPaymentIntent(order()));
      expect(second.id).toBe(first.id);
      expect(second.clientSecret).toBe(first.clientSecret);
      expect((await allIntents()).map((pi) => pi.id)).toEqual([first.id]);
    });

    it('retries a 500 (twice) through stripe-node with the same key, yielding exactly one PaymentIntent', async () => {
      const { gateway, keys } = setup({ maxNetworkRetries: 2 });
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'server_error', count: 2 });
      const intent = expectOk(await gateway.createPaymentIntent(order()));
      expect(keys).toHaveLength(3);
      expect(new Set(keys)).toEqual(new Set([`order-${ORDER_ID}-payment-intent`]));
      expect((await allIntents()).map((pi) => pi.id)).toEqual([intent.id]);
      expect(await control.faults()).toEqual([]);
    });

    it('retries a 429 (twice) itself, with backoff and the same key, yielding exactly one PaymentIntent', async () => {
      const retries: Array<{ attempt: number; delayMs: number; kind: string }> = [];
      const { gateway, keys } = setup(
        {},
        { onRetry: ({ attempt, delayMs, error }) => retries.push({ attempt, delayMs, kind: error.kind }) },
      );
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'rate_limit', count: 2 });
      const intent = expectOk(await gateway.createPaymentIntent(order()));
      expect(retries.map((r) => [r.attempt, r.kind])).toEqual([
        [1, 'rate_limited'],
        [2, 'rate_limited'],
      ]);
      expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(2);
      expect(retries[0]!.delayMs).toBeLessThanOrEqual(5);
      expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(5);
      expect(retries[1]!.delayMs).toBeLessThanOrEqual(10);
      expect(keys).toHaveLength(3);
      expect(new Set(keys)).toEqual(new Set([`order-${ORDER_ID}-payment-intent`]));
      expect((await allIntents()).map((pi) => pi.id)).toEqual([intent.id]);
    });

    it('stops retrying 429s after the configured bound and answers rate_limited', async () => {
      const { gateway, keys } = setup({}, { rateLimitRetries: 2 });
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'rate_limit', count: 5 });
      const error = expectErr(await gateway.createPaymentIntent(order()));
      expect(error).toMatchObject({ kind: 'rate_limited', requestId: expect.stringMatching(/^req_/) });
      expect(keys).toHaveLength(3);
      expect((await control.faults())[0]).toMatchObject({ remaining: 2, hits: 3 });
      expect(await allIntents()).toEqual([]);
    });

    it('answers stripe_unavailable quickly when Stripe cannot be reached (a closed port)', async () => {
      const port = await closedPort();
      const stripe = createStripeClient({
        secretKey: SECRET_KEY,
        apiBase: `http://127.0.0.1:${port}`,
        timeoutMs: 500,
        maxNetworkRetries: 1,
      });
      const started = Date.now();
      const error = expectErr(await createStripePaymentGateway(stripe).createPaymentIntent(order()));
      expect(error).toMatchObject({ kind: 'stripe_unavailable', reason: 'connection', statusCode: null });
      expect(error.publicMessage).not.toContain('127.0.0.1');
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('answers stripe_unavailable (timeout) when Stripe does not answer in time', async () => {
      const { gateway } = setup({ timeoutMs: 300, maxNetworkRetries: 0 });
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'timeout', count: 1 });
      const started = Date.now();
      const error = expectErr(await gateway.createPaymentIntent(order()));
      expect(error).toMatchObject({ kind: 'stripe_unavailable', reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await allIntents()).toEqual([]);
    });

    it('lets stripe-node retry a timed-out create with the same key, yielding exactly one PaymentIntent', async () => {
      const { gateway, keys } = setup({ timeoutMs: 300, maxNetworkRetries: 2 });
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'timeout', count: 1 });
      const intent = expectOk(await gateway.createPaymentIntent(order()));
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(1);
      expect((await allIntents()).map((pi) => pi.id)).toEqual([intent.id]);
    });

    it('a per-gateway requestTimeoutMs overrides the client timeout', async () => {
      const { gateway } = setup({ timeoutMs: 10_000, maxNetworkRetries: 0 }, { requestTimeoutMs: 200 });
      await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'timeout', count: 1 });
      const started = Date.now();
      expect(expectErr(await gateway.createPaymentIntent(order()))).toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('maps an amount below the minimum to invalid_request on amount, without retrying', async () => {
      const { gateway, keys } = setup();
      const error = expectErr(await gateway.createPaymentIntent(order({ amount: money(10, 'usd') })));
      expect(error).toMatchObject({
        kind: 'invalid_request',
        param: 'amount',
        requestId: expect.stringMatching(/^req_/),
      });
      expect(error.publicMessage).toMatch(/minimum/);
      expect(keys).toHaveLength(1);
    });

    it('maps a bad API key to configuration', async () => {
      const { gateway } = setup({ secretKey: 'sk_live_not_a_real_key' });
      const error = expectErr(await gateway.createPaymentIntent(order()));
      expect(error).toMatchObject({ kind: 'configuration', reason: 'authentication' });
      expect(error.publicMessage).not.toMatch(/key/i);
    });

    it('maps a key reused with other parameters to idempotency_conflict, creating nothing more', async () => {
      const { gateway } = setup();
      const first = expectOk(await gateway.createPaymentIntent(order()));
      const error = expectErr(await gateway.createPaymentIntent(order({ amount: money(9900, 'usd') })));
      expect(error).toMatchObject({ kind: 'idempotency_conflict', reason: 'parameters_mismatch' });
      expect((await allIntents()).map((pi) => pi.id)).toEqual([first.id]);
    });

    it('refuses a missing idempotency key without calling Stripe', async () => {
      const { gateway, keys } = setup();
      const error = expectErr(await gateway.createPaymentIntent(order({ idempotencyKey: ' ' })));
      expect(error).toMatchObject({ kind: 'invalid_request', param: 'idempotencyKey' });
      expect(expectErr(await gateway.createPaymentIntent(order({ idempotencyKey: 'k'.repeat(256) })))).toMatchObject({
        param: 'idempotencyKey',
      });
      expect(keys).toEqual([]);
    });
  });

  describe('retrievePaymentIntent and declines', () => {
    it('maps a declined confirm to card_declined (insufficient_funds) and the retrieved snapshot shows it', async () => {
      const { gateway, stripe } = setup();
      const created = expectOk(await gateway.createPaymentIntent(order()));
      const thrown = await stripe.paymentIntents
        .confirm(created.id, {
          payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
          return_url: 'https://shop.example/return',
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      const error = mapStripeError(thrown);
      expect(error).toMatchObject({
        kind: 'card_declined',
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        paymentIntentId: created.id,
        chargeId: expect.stringMatching(/^ch_/),
        requestId: expect.stringMatching(/^req_/),
        publicMessage: 'Your card has insufficient funds. Try another card or payment method.',
      });
      expect(customerMessageFor(error)).toBe(error.publicMessage);

      const after = expectOk(await gateway.retrievePaymentIntent(created.id));
      expect(after).toMatchObject({
        id: created.id,
        status: 'requires_payment_method',
        amountReceived: 0,
        latestChargeId: error.kind === 'card_declined' ? error.chargeId : 'unreachable',
        lastPaymentError: {
          type: 'card_error',
          code: 'card_declined',
          declineCode: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      });
      const last = after.lastPaymentError!;
      expect(
        paymentErrorFromStripe({ type: last.type, code: last.code, decline_code: last.declineCode }).publicMessage,
      ).toBe(error.publicMessage);
    });

    it('shows a succeeded payment with its amount received', async () => {
      const { gateway, stripe } = setup();
      const created = expectOk(await gateway.createPaymentIntent(order()));
      await stripe.paymentIntents.confirm(created.id, {
        payment_method: 'pm_card_visa',
        return_url: 'https://shop.example/return',
      });
      const after = expectOk(await gateway.retrievePaymentIntent(created.id));
      expect(after).toMatchObject({ status: 'succeeded', amountReceived: 2400, latestChargeId: expect.any(String) });
    });

    it('maps an unknown PaymentIntent to not_found', async () => {
      const { gateway } = setup();
      const missing = parsePaymentIntentId('pi_doesnotexist') as PaymentIntentId;
      expect(expectErr(await gateway.retrievePaymentIntent(missing))).toMatchObject({ kind: 'not_found' });
    });

    it('retries a rate-limited retrieve as well', async () => {
      const { gateway } = setup();
      const created = expectOk(await gateway.createPaymentIntent(order()));
      await control.addFault({ method: 'GET', path: '/v1/payment_intents/*', action: 'rate_limit', count: 1 });
      expect(expectOk(await gateway.retrievePaymentIntent(created.id)).id).toBe(created.id);
    });
  });

  describe('createCustomer', () => {
    it('makes one Customer per key, with our account in its metadata', async () => {
      const { gateway } = setup();
      const input = { accountId: 'acc-1', email: 'ada@example.com', idempotencyKey: 'customer-acc-1' };
      const first = expectOk(await gateway.createCustomer(input));
      expect(expectOk(await gateway.createCustomer(input)).id).toBe(first.id);
      const seen = await observer.customers.retrieve(first.id);
      expect(seen).toMatchObject({ email: 'ada@example.com', metadata: { storepay_customer_id: 'acc-1' } });
    });

    it('pays a PaymentIntent as the Customer', async () => {
      const { gateway } = setup();
      const customer = expectOk(
        await gateway.createCustomer({ accountId: 'acc-2', email: 'b@example.com', idempotencyKey: 'customer-acc-2' }),
      );
      const intent = expectOk(await gateway.createPaymentIntent(order({ customer: customer.id })));
      expect((await observer.paymentIntents.retrieve(intent.id)).customer).toBe(customer.id);
    });

    it('deletes a Customer with its key; deleting one Stripe no longer has succeeds too', async () => {
      const { gateway, keys } = setup();
      const customer = expectOk(
        await gateway.createCustomer({ accountId: 'acc-9', email: 'z@example.com', idempotencyKey: 'customer-acc-9' }),
      ).id;
      expectOk(await gateway.deleteCustomer({ customer, idempotencyKey: 'erase-acc-9' }));
      expect(keys.at(-1)).toBe('erase-acc-9');
      await expect(observer.customers.retrieve(customer)).rejects.toMatchObject({ statusCode: 404 });
      expectOk(await gateway.deleteCustomer({ customer, idempotencyKey: 'erase-acc-9-again' }));
    });
  });

  describe('saved cards', () => {
    it('saves a card with a SetupIntent, lists it, makes it the default, and detaches it', async () => {
      const { gateway, stripe } = setup();
      const customer = expectOk(
        await gateway.createCustomer({ accountId: 'acc-3', email: 'c@example.com', idempotencyKey: 'customer-acc-3' }),
      ).id;
      expect(expectOk(await gateway.listSavedCards(customer))).toEqual({ cards: [], defaultId: null });
      const secret = expectOk(await gateway.createSetupIntent({ customer, idempotencyKey: 'setup-1' }));
      await stripe.setupIntents.confirm(secret.split('_secret_')[0]!, {
        payment_method: 'pm_card_visa',
        return_url: 'https://shop.example/account',
      });
      const { cards } = expectOk(await gateway.listSavedCards(customer));
      expect(cards).toEqual([
        {
          id: expect.stringMatching(/^pm_/),
          brand: 'visa',
          last4: '4242',
          expMonth: expect.any(Number),
          expYear: expect.any(Number),
        },
      ]);
      expectOk(
        await gateway.setDefaultPaymentMethod({ customer, paymentMethod: cards[0]!.id, idempotencyKey: 'default-1' }),
      );
      expect(expectOk(await gateway.listSavedCards(customer)).defaultId).toBe(cards[0]!.id);
      expectOk(await gateway.detachPaymentMethod({ paymentMethod: cards[0]!.id, idempotencyKey: 'detach-1' }));
      expect(expectOk(await gateway.listSavedCards(customer)).cards).toEqual([]);
      const session = expectOk(await gateway.createCustomerSession({ customer, idempotencyKey: 'session-1' }));
      expect(session).toMatch(/_secret_/);
    });
  });

  describe('capturePaymentIntent (manual capture)', () => {
    async function authorized(gateway: ReturnType<typeof setup>['gateway'], stripe: Stripe) {
      const created = expectOk(await gateway.createPaymentIntent(order({ captureMethod: 'manual' })));
      expect(created.captureMethod).toBe('manual');
      await stripe.paymentIntents.confirm(created.id, {
        payment_method: 'pm_card_visa',
        return_url: 'https://shop.example/return',
      });
      const held = expectOk(await gateway.retrievePaymentIntent(created.id));
      expect(held).toMatchObject({ status: 'requires_capture', amountCapturable: 2400, amountReceived: 0 });
      return created;
    }

    it('captures part of an authorisation with its key; the same key again answers the same capture', async () => {
      const { gateway, stripe, keys } = setup();
      const created = await authorized(gateway, stripe);
      const input = { paymentIntentId: created.id, amountToCapture: 1200, idempotencyKey: 'capture-key-1' };
      const captured = expectOk(await gateway.capturePaymentIntent(input));
      expect(captured).toMatchObject({ status: 'succeeded', amountReceived: 1200, amountCapturable: 0 });
      expect(expectOk(await gateway.capturePaymentIntent(input)).amountReceived).toBe(1200);
      expect(keys.slice(-2)).toEqual(['capture-key-1', 'capture-key-1']);
      expect((await observer.paymentIntents.retrieve(created.id)).amount_received).toBe(1200);
    });

    it('answers an unexpected-state error for a capture after a cancel, and takes nothing', async () => {
      const { gateway, stripe } = setup();
      const created = await authorized(gateway, stripe);
      expectOk(
        await gateway.cancelPaymentIntent({
          paymentIntentId: created.id,
          reason: 'requested_by_customer',
          idempotencyKey: 'cancel-auth-1',
        }),
      );
      const refused = expectErr(
        await gateway.capturePaymentIntent({ paymentIntentId: created.id, idempotencyKey: 'capture-after-cancel' }),
      );
      expect(isUnexpectedStateError(refused)).toBe(true);
      expect((await observer.paymentIntents.retrieve(created.id)).amount_received).toBe(0);
    });

    it('refuses a missing idempotency key without calling Stripe', async () => {
      const { gateway, keys } = setup();
      const id = parsePaymentIntentId('pi_nokey') as PaymentIntentId;
      expect(expectErr(await gateway.capturePaymentIntent({ paymentIntentId: id, idempotencyKey: ' ' }))).toMatchObject(
        {
          kind: 'invalid_request',
          param: 'idempotencyKey',
        },
      );
      expect(keys).toEqual([]);
    });
  });

  describe('cancelPaymentIntent', () => {
    it('cancels an unpaid PaymentIntent with its reason and key; the same key again answers the same', async () => {
      const { gateway, keys } = setup();
      const created = expectOk(await gateway.createPaymentIntent(order()));
      const input = { paymentIntentId: created.id, reason: 'abandoned' as const, idempotencyKey: 'cancel-key-1' };
      expect(expectOk(await gateway.cancelPaymentIntent(input))).toMatchObject({ id: created.id, status: 'canceled' });
      expect(expectOk(await gateway.cancelPaymentIntent(input)).status).toBe('canceled');
      expect(keys.slice(-2)).toEqual(['cancel-key-1', 'cancel-key-1']);
      const seen = await observer.paymentIntents.retrieve(created.id);
      expect(seen).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    });

    it('answers an unexpected-state error for a PaymentIntent that succeeded, and leaves it paid', async () => {
      const { gateway, stripe } = setup();
      const created = expectOk(await gateway.createPaymentIntent(order()));
      await stripe.paymentIntents.confirm(created.id, {
        payment_method: 'pm_card_visa',
        return_url: 'https://s.example',
      });
      const refused = expectErr(
        await gateway.cancelPaymentIntent({ paymentIntentId: created.id, reason: 'abandoned', idempotencyKey: 'k-2' }),
      );
      expect(isUnexpectedStateError(refused)).toBe(true);
      expect((await observer.paymentIntents.retrieve(created.id)).status).toBe('succeeded');
    });

    it('refuses a missing idempotency key without calling Stripe', async () => {
      const { gateway, keys } = setup();
      const id = parsePaymentIntentId('pi_nokey') as PaymentIntentId;
      const refused = expectErr(
        await gateway.cancelPaymentIntent({ paymentIntentId: id, reason: 'abandoned', idempotencyKey: '' }),
      );
      expect(refused).toMatchObject({ kind: 'invalid_request', param: 'idempotencyKey' });
      expect(keys).toEqual([]);
    });
  });

  describe('listRefunds and listDisputes (the drift check reads them)', () => {
    async function paid(card: string) {
      const { gateway, stripe } = setup();
      const created = expectOk(
        await gateway.createPaymentIntent(order({ idempotencyKey: `order-${ORDER_ID}-${card}` })),
      );
      await stripe.paymentIntents.confirm(created.id, { payment_method: card, return_url: 'https://shop.example/r' });
      return { gateway, stripe, id: created.id };
    }

    it("lists a PaymentIntent's refunds, read like refund events, and none of another's", async () => {
      const { gateway, stripe, id } = await paid('pm_card_visa');
      const other = await paid('pm_card_mastercard');
      const created = [];
      for (const amount of [100, 200, 300]) {
        created.push(
          await stripe.refunds.create({ payment_intent: id, amount, metadata: { storepay_refund_id: `r${amount}` } }),
        );
      }
      await stripe.refunds.create({ payment_intent: other.id, amount: 50 });
      const listed = expectOk(await gateway.listRefunds(id));
      expect(listed.map((refund) => refund.stripeRefundId).sort()).toEqual(created.map((refund) => refund.id).sort());
      expect(listed.find((refund) => refund.amount === 200)).toEqual({
        stripeRefundId: created[1]!.id,
        paymentIntentId: id,
        chargeId: expect.stringMatching(/^ch_/),
        ourRefundId: 'r200',
        amount: 200,
        currency: 'usd',
        status: expect.stringMatching(/^(pending|succeeded)$/),
        reason: null,
        failureReason: null,
      });
      expect(expectOk(await gateway.listDisputes(id))).toEqual([]);
    });

    it("lists a PaymentIntent's disputes with the time they were read standing in for an event's", async () => {
      const { gateway, stripe, id } = await paid('pm_card_createDispute');
      let disputes: Stripe.Dispute[] = [];
      for (let i = 0; i < 100 && disputes.length === 0; i++) {
        disputes = (await stripe.disputes.list({ payment_intent: id })).data;
        if (disputes.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const before = Date.now();
      const listed = expectOk(await gateway.listDisputes(id));
      expect(listed).toEqual([
        {
          stripeDisputeId: disputes[0]!.id,
          paymentIntentId: id,
          chargeId: expect.stringMatching(/^ch_/),
          amount: 2400,
          currency: 'usd',
          reason: 'fraudulent',
          status: 'needs_response',
          evidenceDueByMs: disputes[0]!.evidence_details.due_by! * 1000,
          eventCreatedAtMs: expect.any(Number),
        },
      ]);
      expect(listed[0]!.eventCreatedAtMs).toBeGreaterThanOrEqual(before);
    });

    it('maps a listing that keeps failing to an error, and retries a rate-limited one', async () => {
      const { gateway, id } = await paid('pm_card_visa');
      await control.addFault({ method: 'GET', path: '/v1/refunds', action: 'rate_limit', count: 1 });
      expect(expectOk(await gateway.listRefunds(id))).toEqual([]);
      await control.addFault({ method: 'GET', path: '/v1/disputes', action: 'rate_limit', count: 10 });
      expect(expectErr(await gateway.listDisputes(id))).toMatchObject({ kind: 'rate_limited' });
    });
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}
