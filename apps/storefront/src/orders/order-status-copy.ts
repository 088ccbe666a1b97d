import { SETTLED_ORDER_STATUSES, type OrderStatus } from '@storepay/payments-core';
import type { StoreValue } from 'nanostores';
import { i18n } from '../i18n/i18n';

/** Statuses in which the payment is still being decided: the order page polls the server while in one of these. */
export const UNSETTLED_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'processing', 'requires_action'];

export const isUnsettled = (status: OrderStatus) => UNSETTLED_ORDER_STATUSES.includes(status);
/** The customer has paid (later refunds or a dispute do not change that the payment was received). */
export const isSettled = (status: OrderStatus) => SETTLED_ORDER_STATUSES.includes(status);

export const messages = i18n('orderStatus', {
  pendingHeadline: 'Confirming your payment',
  pendingDetail: "We're waiting for the payment provider to confirm your payment. This page updates by itself.",
  processingHeadline: 'Your payment is processing',
  processingDetail:
    'Your bank is processing the payment. This page updates by itself, and we email you once it is done.',
  requiresActionHeadline: 'Your payment needs your confirmation',
  requiresActionDetail:
    'Your bank asked you to confirm this payment. Complete the verification, or go back to checkout.',
  authorizedHeadline: 'Order confirmed',
  authorizedDetail:
    'Your card has been authorised: the amount is held, and you are charged when your order ships. We email you then.',
  paidHeadline: 'Payment received',
  paidDetail: 'Thank you! Your order is confirmed.',
  partiallyRefundedDetail: 'Part of this payment has been refunded.',
  refundedDetail: 'This payment has been refunded in full.',
  disputedDetail: 'This payment is being disputed with your bank.',
  failedHeadline: 'Payment failed',
  failedDetail: "Your payment didn't go through and you haven't been charged. Your cart still has your items.",
  canceledHeadline: 'Order canceled',
  canceledDetail: 'This order was canceled and nothing was charged.',
  expiredHeadline: 'This order expired',
  expiredDetail:
    "It wasn't paid in time, so we canceled it and nothing was charged. You can order the same items again.",
});

export type StatusText = StoreValue<typeof messages>;

export interface StatusCopy {
  headline: string;
  detail: string;
  tone: 'waiting' | 'success' | 'problem';
}

/**
 * What the order page says for each status. Derived from the server's status only: "Payment received" for paid
 * and the statuses after it, never for a payment still pending.
 */
export function statusCopy(status: OrderStatus, t: StatusText): StatusCopy {
  switch (status) {
    case 'pending':
      return { headline: t.pendingHeadline, detail: t.pendingDetail, tone: 'waiting' };
    case 'processing':
      return { headline: t.processingHeadline, detail: t.processingDetail, tone: 'waiting' };
    case 'requires_action':
      return { headline: t.requiresActionHeadline, detail: t.requiresActionDetail, tone: 'waiting' };
    case 'authorized':
      return { headline: t.authorizedHeadline, detail: t.authorizedDetail, tone: 'success' };
    case 'paid':
      return { headline: t.paidHeadline, detail: t.paidDetail, tone: 'success' };
    case 'partially_refunded':
      return { headline: t.paidHeadline, detail: t.partiallyRefundedDetail, tone: 'success' };
    case 'refunded':
      return { headline: t.paidHeadline, detail: t.refundedDetail, tone: 'success' };
    case 'disputed':
      return { headline: t.paidHeadline, detail: t.disputedDetail, tone: 'success' };
    case 'failed':
      return { headline: t.failedHeadline, detail: t.failedDetail, tone: 'problem' };
    case 'canceled':
      return { headline: t.canceledHeadline, detail: t.canceledDetail, tone: 'problem' };
    case 'expired':
      return { headline: t.expiredHeadline, detail: t.expiredDetail, tone: 'problem' };
  }
}
