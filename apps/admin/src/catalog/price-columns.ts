import { CURRENCY_CODES, formatMoney, money, type CurrencyCode, type Product } from '@storepay/payments-core';

/** Staff screens use one fixed locale so amounts read the same for everyone. */
export const ADMIN_LOCALE = 'en-US';

/** The currencies any of these products is priced in, in the order payments-core lists them. */
export function priceCurrencies(products: readonly Product[]): CurrencyCode[] {
  const used = new Set(products.flatMap((product) => product.prices.map((price) => price.currency)));
  return CURRENCY_CODES.filter((code) => used.has(code));
}

/** The product's price in a currency, formatted with that currency's decimals; null when it has none. */
export function formattedPrice(product: Product, currency: CurrencyCode): string | null {
  const price = product.prices.find((candidate) => candidate.currency === currency);
  return price ? formatMoney(money(price.unitAmount, price.currency), ADMIN_LOCALE) : null;
}
