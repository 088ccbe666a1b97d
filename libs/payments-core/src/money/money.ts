import { currencyExponent, MAXIMUM_AMOUNT, minimumChargeAmount, type CurrencyCode } from './currency';

/** An amount of money: integer minor units of one currency (JPY yen, USD cents, KWD fils). */
export interface Money {
  readonly amount: number;
  readonly currency: CurrencyCode;
}

export class CurrencyMismatchError extends Error {
  constructor(a: CurrencyCode, b: CurrencyCode) {
    super(`cannot combine ${a} with ${b}`);
    this.name = 'CurrencyMismatchError';
  }
}

export class InvalidAmountError extends Error {
  constructor(amount: number) {
    super(`amount must be a safe integer number of minor units, got ${amount}`);
    this.name = 'InvalidAmountError';
  }
}

export function money(amount: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(amount)) throw new InvalidAmountError(amount);
  return Object.freeze({ amount, currency });
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(a: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new InvalidAmountError(factor);
  return money(a.amount * factor, a.currency);
}

/** Sums amounts of one currency; an empty list needs the currency to give zero. */
export function sumMoney(items: readonly Money[], currency: CurrencyCode): Money {
  return items.reduce((total, item) => addMoney(total, item), money(0, currency));
}

/** Whether Stripe accepts this amount as a charge in its currency. */
export function isChargeableAmount(value: Money): boolean {
  return value.amount >= minimumChargeAmount(value.currency) && value.amount <= MAXIMUM_AMOUNT;
}

/**
 * Converts a decimal string typed by a person ("12.34", "1500") into minor units, exactly:
 * no floating point, and no more fraction digits than the currency has (JPY takes none).
 */
export function parseMajorUnits(input: string, currency: CurrencyCode): Money | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(input.trim());
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? money(minor, currency) : null;
}

/** Formats minor units for people, with the currency's own number of decimals. */
export function formatMoney(value: Money, locale = 'en-US'): string {
  const exponent = currencyExponent(value.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: value.currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(value.amount / 10 ** exponent);
}

/**
 * Minor units as a plain decimal string in major units, exactly (no floating point, no symbol, no grouping):
 * 1234 USD → "12.34", 1500 JPY → "1500", 1234 KWD → "1.234". For machine-readable output such as CSV.
 */
export function toMajorUnitsString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const digits = Math.abs(value.amount)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = value.amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
