import type { OrderRepository, PaymentTransactions } from '@storepay/db';
import { err, ok, type OrderStatus, type OrderView, type Result } from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { mirrorPaymentIntent } from './mirror-payment-intent';
import type { Logger } from './ports';
import { notFound, type NotFound } from './refusals';

export interface ViewOrderPorts {
  orders: Pick<OrderRepository, 'find' | 'view'>;
  gateway: Pick<PaymentGateway, 'retrievePaymentIntent'>;
  paymentTransactions: PaymentTransactions;
  log: Logger;
}

/** Statuses in which the order still waits on Stripe; reading the order then asks Stripe for the truth. */
const UNSETTLED: readonly OrderStatus[] = ['pending', 'processing', 'requires_action', 'failed'];

/**
 * The order as the shopper sees it. While it waits on Stripe, its PaymentIntent is read from Stripe first and
 * mirrored (webhooks may not have arrived yet); the status never comes from the browser. Stripe being unreachable
 * is logged and the stored order answered.
 */
export async function viewOrder(ports: ViewOrderPorts, orderId: string): Promise<Result<OrderView, NotFound>> {
  const order = await ports.orders.find(orderId);
  if (!order) return err(notFound('order'));
  if (UNSETTLED.includes(order.status) && order.paymentIntentId) {
    const intent = await ports.gateway.retrievePaymentIntent(order.paymentIntentId);
    if (intent.ok) await mirrorPaymentIntent(ports.paymentTransactions, order.id, intent.value);
    else ports.log.warn({ error: intent.error.internalMessage }, 'could not refresh the order from Stripe');
  }
  const view = await ports.orders.view(order.id);
  return view ? ok(view) : err(notFound('order'));
}
