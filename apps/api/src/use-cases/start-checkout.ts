import { createHash } from 'node:crypto';
import type { OrderRepository, ProductRepository, StoredCustomer, StoredOrder } from '@storepay/db';
import {
  DEFAULT_SHOP_LOCALE,
  err,
  money,
  ok,
  priceOrder,
  type CaptureMethod,
  type CheckoutRequest,
  type CheckoutResponse,
  type Result,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { paymentIntentFacts } from './mirror-payment-intent';
import { stripeCustomerOf, type StripeCustomerPorts } from './stripe-customer';
import type { Clock, Logger, RateLimits } from './ports';
import type { RefusalOf } from './refusals';

export interface StartCheckoutPorts {
  products: Pick<ProductRepository, 'catalogEntries'>;
  orders: Pick<OrderRepository, 'find' | 'findByIdempotencyKey' | 'create' | 'recordPaymentIntent'>;
  gateway: Pick<
    PaymentGateway,
    'createPaymentIntent' | 'retrievePaymentIntent' | 'cancelPaymentIntent' | 'createCustomer' | 'createCustomerSession'
  >;
  clock: Clock;
  /** Signed-in shoppers' accounts: their Stripe Customer is recorded there. */
  customers: StripeCustomerPorts['customers'];
  limits: RateLimits;
  log: Logger;
  /** Orders are placed in the mode of the shop's Stripe key: only a PaymentIntent of that mode may pay them. */
  livemode: boolean;
  /** CAPTURE_METHOD: `manual` orders are only authorised at checkout; staff capture them. Default automatic. */
  captureMethod?: CaptureMethod;
}

export interface StartCheckoutInput {
  request: CheckoutRequest;
  /** The request's Idempotency-Key: the same key returns the same order and PaymentIntent. */
  idempotencyKey: string | null;
  /** The client's address (behind trusted proxies, the forwarded one). */
  clientIp: string;
  /** The signed-in shopper, whose order it becomes and whose Stripe Customer pays it (null for a guest). */
  customer?: Pick<StoredCustomer, 'id' | 'email' | 'stripeCustomerId'> | null;
}

export type StartCheckoutRefusal = RefusalOf<
  | 'invalid_cart'
  | 'idempotency_key_reused'
  | 'order_expired'
  | 'payment_failed'
  | 'payment_setup_failed'
  | 'rate_limited'
>;

/** A fingerprint of what was asked, so one key cannot be reused for a different cart. */
export function checkoutRequestHash(request: CheckoutRequest): string {
  const canonical = JSON.stringify({
    items: request.items.map((item) => [item.productId.toLowerCase(), item.quantity]),
    currency: request.currency,
    email: request.email.trim().toLowerCase(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The order's PaymentIntent: created once per order with an idempotency key derived from the order, so concurrent
 * or retried checkouts of the same order reach Stripe with the same key and get the same PaymentIntent.
 */
async function paymentIntentFor(ports: StartCheckoutPorts, order: StoredOrder, stripeCustomer: string | null) {
  const result = order.paymentIntentId
    ? await ports.gateway.retrievePaymentIntent(order.paymentIntentId)
    : await ports.gateway.createPaymentIntent({
        amount: money(order.amount, order.currency),
        orderId: order.id,
        email: order.email,
        description: `Order ${order.id}`,
        idempotencyKey: `order-${order.id}-payment-intent`,
        ...(stripeCustomer ? { customer: stripeCustomer } : {}),
        // The order's own method, fixed when it was placed (the shop's setting may change since).
        ...(order.captureMethod === 'manual' ? { captureMethod: 'manual' as const } : {}),
      });
  if (result.ok && !order.paymentIntentId) {
    const recorded = await ports.orders.recordPaymentIntent(order.id, paymentIntentFacts(result.value), order.email);
    // The order expired while its PaymentIntent was being made: that PaymentIntent must never be paid.
    if (!recorded && (await ports.orders.find(order.id))?.status === 'expired') {
      const canceled = await ports.gateway.cancelPaymentIntent({
        paymentIntentId: result.value.id,
        reason: 'abandoned',
        idempotencyKey: `order-${order.id}-late-payment-intent-cancel`,
      });
      if (!canceled.ok)
        ports.log.warn({ orderId: order.id, error: canceled.error.internalMessage }, LATE_CANCEL_FAILED);
      return 'expired' as const;
    }
  }
  return result;
}

/**
 * The CustomerSession that lets the Payment Element show a signed-in shopper's saved cards and save a new one: one
 * per order and quarter of an hour (it lasts 30 minutes), so a retried request gets the same. Without it the shopper
 * still pays with a new card: a failure here is logged, not refused.
 */
async function customerSessionFor(ports: StartCheckoutPorts, order: StoredOrder, customer: string) {
  const quarter = Math.floor(ports.clock.now().getTime() / (15 * 60_000));
  const session = await ports.gateway.createCustomerSession({
    customer,
    idempotencyKey: `order-${order.id}-customer-session-${quarter}`,
  });
  if (session.ok) return session.value;
  ports.log.warn({ orderId: order.id, error: session.error.internalMessage }, 'no customer session for a checkout');
  return null;
}

const LATE_CANCEL_FAILED =
  'could not cancel the PaymentIntent made for an order that expired meanwhile; it was never shown to the shopper';

/**
 * Checkout: prices the cart on the server (a price from the client is never read), records the order, and creates
 * its PaymentIntent. A repeated Idempotency-Key answers what the first request made, without pricing again, even
 * while that first request is still running; the same key for a different cart is refused. A new order takes from
 * the budgets of the client's address and of the email (card testers create PaymentIntents by the hundred); a retry
 * of one takes nothing.
 */
export async function startCheckout(
  ports: StartCheckoutPorts,
  { request, idempotencyKey, clientIp, customer = null }: StartCheckoutInput,
): Promise<Result<CheckoutResponse, StartCheckoutRefusal>> {
  const hash = checkoutRequestHash(request);
  let order = idempotencyKey ? await ports.orders.findByIdempotencyKey(idempotencyKey) : null;
  if (!order) {
    for (const [limit, key] of [
      ['checkout_ip', clientIp],
      ['checkout_email', request.email.trim().toLowerCase()],
    ] as const) {
      const retryAfterSeconds = await ports.limits.take(limit, key);
      if (retryAfterSeconds !== null) return err({ kind: 'rate_limited', limit, retryAfterSeconds });
    }
    const catalog = await ports.products.catalogEntries(request.items.map((item) => item.productId));
    const priced = priceOrder(request.items, request.currency, catalog);
    if (!priced.ok) return err({ kind: 'invalid_cart', fields: priced.problems });
    ({ order } = await ports.orders.create({
      email: request.email.trim(),
      priced: priced.order,
      idempotencyKey,
      requestHash: hash,
      livemode: ports.livemode,
      locale: request.locale ?? DEFAULT_SHOP_LOCALE,
      customerId: customer?.id ?? null,
      captureMethod: ports.captureMethod ?? 'automatic',
    }));
  }
  if (order.requestHash !== hash) return err({ kind: 'idempotency_key_reused', scope: 'checkout' });
  // Its PaymentIntent is canceled (or being canceled) at Stripe: it must not be offered for payment again.
  if (order.status === 'expired') return err({ kind: 'order_expired' });

  // A signed-in shopper pays as their Stripe Customer (made at their first checkout), so a card can be saved to them.
  let stripeCustomer: string | null = null;
  if (customer) {
    const found = await stripeCustomerOf({ customers: ports.customers, gateway: ports.gateway }, customer);
    if (!found.ok) return err({ kind: 'payment_failed', error: found.error });
    stripeCustomer = found.value;
  }
  const intent = await paymentIntentFor(ports, order, stripeCustomer);
  if (intent === 'expired') return err({ kind: 'order_expired' });
  if (!intent.ok) return err({ kind: 'payment_failed', error: intent.error });
  if (!intent.value.clientSecret) return err({ kind: 'payment_setup_failed' });
  const customerSessionClientSecret = stripeCustomer ? await customerSessionFor(ports, order, stripeCustomer) : null;
  return ok({
    orderId: order.id,
    paymentIntentId: intent.value.id,
    clientSecret: intent.value.clientSecret,
    amount: order.amount,
    currency: order.currency,
    ...(customerSessionClientSecret ? { customerSessionClientSecret } : {}),
  });
}
