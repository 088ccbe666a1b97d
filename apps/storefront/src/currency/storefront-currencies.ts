import type { CurrencyCode } from '@storepay/payments-core';

/**
 * A currency the shop sells in. Which ones it offers comes from the API (`GET /api/config`, see currency-context.tsx);
 * nothing in the storefront hard-codes them. Amounts are formatted for the shopper's language (i18n/format.ts).
 */
export type StorefrontCurrency = CurrencyCode;

export function currencyLabel(currency: CurrencyCode): string {
  return currency.toUpperCase();
}
