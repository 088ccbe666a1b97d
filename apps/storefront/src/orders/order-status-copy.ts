import { SETTLED_ORDER_STATUSES, type OrderStatus } from '@storepay/payments-core';

/** Statuses in which the payment is still being decided: the order page polls the server while in one of these. */
export const UNSETTLED_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'processing', 'requires_action'];

export const isUnsettled = (status: OrderStatus) => UNSETTLED_ORDER_STATUSES.includes(status);
/** The customer has paid (later refunds or a dispute do not change that the payment was received). */
export const isSettled = (status: OrderStatus) => SETTLED_ORDER_STATUSES.includes(status);

export interface StatusCopy {
  headline: string;
  detail: string;
  tone: 'waiting' | 'success' | 'problem';
}

/**
 * What the order page says for each status. Derived from the server's status only: "Payment received" for paid
 * and the statuses after it, never for a payment still pending.
 */
export function statusCopy(status: OrderStatus): StatusCopy {
  switch (status) {
    case 'pending':
      return {
        headline: 'Confirming your payment',
        detail: "We're waiting for the payment provider to confirm your payment. This page updates by itself.",
        tone: 'waiting',
      };
    case 'processing':
      return {
        headline: 'Your payment is processing',
        detail: 'Your bank is processing the payment. This page updates by itself, and we email you once it is done.',
        tone: 'waiting',
      };
    case 'requires_action':
      return {
        headline: 'Your payment needs your confirmation',
        detail: 'Your bank asked you to confirm this payment. Complete the verification, or go back to checkout.',
        tone: 'waiting',
      };
    case 'paid':
      return { headline: 'Payment received', detail: 'Thank you! Your order is confirmed.', tone: 'success' };
    case 'partially_refunded':
      return { headline: 'Payment received', detail: 'Part of this payment has been refunded.', tone: 'success' };
    case 'refunded':
      return { headline: 'Payment received', detail: 'This payment has been refunded in full.', tone: 'success' };
    case 'disputed':
      return {
        headline: 'Payment received',
        detail: 'This payment is being disputed with your bank.',
        tone: 'success',
      };
    case 'failed':
      return {
        headline: 'Payment failed',
        detail: "Your payment didn't go through and you haven't been charged. Your cart still has your items.",
        tone: 'problem',
      };
    case 'canceled':
      return {
        headline: 'Order canceled',
        detail: 'This order was canceled and nothing was charged.',
        tone: 'problem',
      };
    case 'expired':
      return {
        headline: 'This order expired',
        detail:
          "It wasn't paid in time, so we canceled it and nothing was charged. You can order the same items again.",
        tone: 'problem',
      };
  }
}
