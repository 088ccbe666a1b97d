import {
  currencyExponent,
  formatMoney,
  money,
  parseCurrency,
  parseMajorUnits,
  type CurrencyCode,
} from '@storepay/payments-core';
import { ADMIN_LOCALE } from '../catalog/price-columns';

/** Formats minor units of a currency the API sent as a string; unknown currencies show the raw amount. */
export function formatAmount(amount: number, currency: string): string {
  const code = parseCurrency(currency);
  return code ? formatMoney(money(amount, code), ADMIN_LOCALE) : `${amount} ${currency.toUpperCase()} (minor units)`;
}

/** Minor units as the plain decimal a person types for that currency: 1250 USD → "12.50", 1500 JPY → "1500". */
export function toMajorInput(amount: number, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(amount);
  const text = String(amount).padStart(exponent + 1, '0');
  return `${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

export type AmountParse = { ok: true; minor: number } | { ok: false; error: string };

/** What a currency allows, for hints and errors: "whole yen, no decimals" / "up to 2 decimals". */
export function decimalsRule(currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  return exponent === 0
    ? `${currency.toUpperCase()} has no decimals: enter a whole number`
    : `${currency.toUpperCase()} takes up to ${exponent} decimals`;
}

/** A short hint for an amount field: "whole numbers only" (JPY) / "up to 2 decimals" (USD). */
export function decimalsHint(currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? 'whole numbers only' : `up to ${exponent} decimals`;
}

/**
 * Parses an amount typed in major units ("12.50") into the currency's minor units, exactly (no floating point):
 * JPY refuses "12.5", USD accepts two decimals, KWD three.
 */
export function parseAmountInput(input: string, currency: CurrencyCode): AmountParse {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter an amount' };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: 'Enter a number like 12 or 12.50, without symbols' };
  const parsed = parseMajorUnits(text, currency);
  if (!parsed) return { ok: false, error: decimalsRule(currency) };
  return { ok: true, minor: parsed.amount };
}
