import { formatMoney, money, type CurrencyCode, type Money, type ProductPrice } from '@storepay/payments-core';

/**
 * A currency the shop sells in. Which ones it offers comes from the API (`GET /api/config`, see currency-context.tsx);
 * nothing in the storefront hard-codes them.
 */
export type StorefrontCurrency = CurrencyCode;

/** The storefront's copy is English; prices follow the same locale. */
export const STOREFRONT_LOCALE = 'en-US';

export function currencyLabel(currency: CurrencyCode): string {
  return currency.toUpperCase();
}

export function formatPrice(price: ProductPrice): string {
  return formatMoney(money(price.unitAmount, price.currency), STOREFRONT_LOCALE);
}

/** Formats an amount (integer minor units of its currency) for the shop's locale. */
export function formatAmount(value: Money): string {
  return formatMoney(value, STOREFRONT_LOCALE);
}
