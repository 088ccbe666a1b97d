import type { OrderRepository, PaymentTransactions, StoredOrder } from '@storepay/db';
import { err, ok, type OrderStatus, type OrderView, type Result } from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { mirrorPaymentIntent } from './mirror-payment-intent';
import type { Clock, Logger, RateLimits } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { maskEmail } from './views';

export interface ViewOrderPorts {
  orders: Pick<OrderRepository, 'find' | 'view'>;
  gateway: Pick<PaymentGateway, 'retrievePaymentIntent'>;
  paymentTransactions: PaymentTransactions;
  limits: RateLimits;
  clock: Clock;
  log: Logger;
  /** No refresh from Stripe once the order is this old (webhooks and the reconciler settle it). */
  refreshMaxAgeMs: number;
  /** The page answers in full until this many days after the order settled (or was abandoned). */
  viewDays: number;
}

/**
 * Statuses in which the order still waits on Stripe; reading the order then asks Stripe for the truth. An expired
 * order too: its PaymentIntent may have been paid before the cancellation reached Stripe.
 */
const UNSETTLED: readonly OrderStatus[] = ['pending', 'processing', 'requires_action', 'failed', 'expired'];

/** When the order stopped changing: paid (or refunded, disputed) then, or abandoned when it was placed. */
function settledAt(order: StoredOrder): Date {
  if (UNSETTLED.includes(order.status)) return order.createdAt;
  return order.updatedAt;
}

/**
 * The order as the shopper sees it, by the unguessable id in their link. Reads take from the budget of the client's
 * address. While the order waits on Stripe, young enough, and not refreshed in the last `order_refresh` window, its
 * PaymentIntent is read from Stripe first and mirrored (webhooks may not have arrived yet) under the same rule as a
 * webhook: only the order's own PaymentIntent, for its amount, currency and mode, moves it. The status never comes
 * from the browser; Stripe being unreachable is logged and the stored order answered. The email is masked, and
 * `viewDays` after the order settled only its status and totals are shown.
 */
export async function viewOrder(
  ports: ViewOrderPorts,
  { orderId, clientIp }: { orderId: string; clientIp: string },
): Promise<Result<OrderView, NotFound | RefusalOf<'rate_limited'>>> {
  const retryAfterSeconds = await ports.limits.take('order_read_ip', clientIp);
  if (retryAfterSeconds !== null) return err({ kind: 'rate_limited', limit: 'order_read_ip', retryAfterSeconds });
  const order = await ports.orders.find(orderId);
  if (!order) return err(notFound('order'));
  const now = ports.clock.now().getTime();
  const young = now - order.createdAt.getTime() < ports.refreshMaxAgeMs;
  if (UNSETTLED.includes(order.status) && order.paymentIntentId && young) {
    if ((await ports.limits.take('order_refresh', order.id)) === null) {
      const intent = await ports.gateway.retrievePaymentIntent(order.paymentIntentId);
      if (!intent.ok)
        ports.log.warn({ error: intent.error.internalMessage }, 'could not refresh the order from Stripe');
      else {
        const mirrored = await mirrorPaymentIntent(ports.paymentTransactions, order.id, intent.value, 'refresh');
        if (mirrored?.anomaly) {
          ports.log.warn(
            { orderId: order.id, paymentIntentId: intent.value.id, anomaly: mirrored.anomaly },
            'a PaymentIntent may not pay the order it names: recorded for staff, the order left as it was',
          );
        }
      }
    }
  }
  const view = await ports.orders.view(order.id);
  if (!view) return err(notFound('order'));
  const archived = now - settledAt(order).getTime() > ports.viewDays * 24 * 3600_000;
  return ok({
    ...view,
    email: archived ? '' : maskEmail(view.email),
    items: archived ? [] : view.items,
    archived,
  });
}
