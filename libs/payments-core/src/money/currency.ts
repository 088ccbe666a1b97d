/**
 * Currencies the system knows, with their ISO 4217 minor-unit exponent as Stripe uses it,
 * and Stripe's minimum and maximum charge amounts in minor units.
 *
 * Minimums follow Stripe's "minimum and maximum charge amounts" table (roughly 0.50 USD);
 * the maximum is Stripe's 8-digit limit on `amount` (99,999,999 minor units).
 */
export const CURRENCIES = {
  usd: { exponent: 2, minimumAmount: 50 },
  eur: { exponent: 2, minimumAmount: 50 },
  gbp: { exponent: 2, minimumAmount: 30 },
  jpy: { exponent: 0, minimumAmount: 50 },
  krw: { exponent: 0, minimumAmount: 100 },
  kwd: { exponent: 3, minimumAmount: 100 },
  bhd: { exponent: 3, minimumAmount: 100 },
} as const satisfies Record<string, { exponent: 0 | 2 | 3; minimumAmount: number }>;

export type CurrencyCode = keyof typeof CURRENCIES;

export const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/** Stripe rejects amounts above eight digits in any currency. */
export const MAXIMUM_AMOUNT = 99_999_999;

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, value);
}

/** Parses a currency code from untrusted input (case-insensitive); returns null when unknown. */
export function parseCurrency(value: string): CurrencyCode | null {
  const lower = value.trim().toLowerCase();
  return isCurrencyCode(lower) ? lower : null;
}

export function currencyExponent(currency: CurrencyCode): number {
  return CURRENCIES[currency].exponent;
}

export function minimumChargeAmount(currency: CurrencyCode): number {
  return CURRENCIES[currency].minimumAmount;
}
