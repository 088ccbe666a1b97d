/**
 * Branded identifiers: a string that has been checked at the edge to be the right kind of id,
 * so an order id can never be passed where a PaymentIntent id is expected.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type OrderId = Brand<string, 'OrderId'>;
export type PaymentIntentId = Brand<string, 'PaymentIntentId'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a UUID (any version, any case): the one check for our own row ids. */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

function parseUuid<T>(value: unknown): T | null {
  return typeof value === 'string' && isUuid(value) ? (value.toLowerCase() as T) : null;
}

function parseStripeId<T>(prefix: string, value: unknown): T | null {
  return typeof value === 'string' && new RegExp(`^${prefix}_[A-Za-z0-9]{1,255}$`).test(value) ? (value as T) : null;
}

export const parseOrderId = (value: unknown): OrderId | null => parseUuid<OrderId>(value);
export const parsePaymentIntentId = (value: unknown): PaymentIntentId | null =>
  parseStripeId<PaymentIntentId>('pi', value);
