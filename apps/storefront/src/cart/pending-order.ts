// The order the cart was last checked out as. Set when the API creates the order; used to empty the cart of what was
// bought once the payment is confirmed, whether the confirmation comes back to the checkout page (confirmPayment
// resolved) or only later, on the order page (a redirect-based payment method, or a payment that was processing).

import { forgetCheckoutAttempt } from '../checkout/idempotency-key';

const PENDING_ORDER_KEY = 'storepay.storefront.pending-order';

export interface PendingOrder {
  orderId: string;
  productIds: string[];
}

export function rememberPendingOrder(order: PendingOrder): void {
  try {
    window.localStorage.setItem(PENDING_ORDER_KEY, JSON.stringify(order));
  } catch {
    // Without storage the checkout page still empties the cart itself after a successful payment.
  }
}

export function readPendingOrder(): PendingOrder | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(PENDING_ORDER_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { orderId, productIds } = value as Record<string, unknown>;
    if (typeof orderId !== 'string' || !Array.isArray(productIds)) return null;
    return { orderId, productIds: productIds.filter((id): id is string => typeof id === 'string') };
  } catch {
    return null;
  }
}

export function forgetPendingOrder(): void {
  try {
    window.localStorage.removeItem(PENDING_ORDER_KEY);
  } catch {
    // Nothing to forget.
  }
}

/**
 * Once the payment for `orderId` is confirmed, takes what that order bought out of the cart (and only then: a failed
 * or abandoned payment leaves the cart as it was). Products added to the cart since the checkout stay. The products
 * come from the remembered pending order, or from `productIds` when the caller knows them (storage may be off).
 */
export function removePaidItems(
  orderId: string,
  remove: (...productIds: string[]) => void,
  productIds?: readonly string[],
): void {
  const pending = readPendingOrder();
  const isThisOrder = pending?.orderId === orderId;
  const bought = isThisOrder ? pending.productIds : productIds;
  if (!bought) return;
  remove(...bought);
  forgetCheckoutAttempt();
  if (isThisOrder) forgetPendingOrder();
}
