import { formatMoney, money, type CurrencyCode, type Money, type ProductPrice } from '@storepay/payments-core';

/** The currencies a shopper can choose in this storefront. */
export const STOREFRONT_CURRENCIES = ['usd', 'eur', 'jpy'] as const satisfies readonly CurrencyCode[];
export type StorefrontCurrency = (typeof STOREFRONT_CURRENCIES)[number];

export const DEFAULT_CURRENCY: StorefrontCurrency = 'usd';

/** The storefront's copy is English; prices follow the same locale. */
export const STOREFRONT_LOCALE = 'en-US';

export function isStorefrontCurrency(value: unknown): value is StorefrontCurrency {
  return typeof value === 'string' && (STOREFRONT_CURRENCIES as readonly string[]).includes(value);
}

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
