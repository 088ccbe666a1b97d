import { describe, expect, it } from 'vitest';
import {
  addMoney,
  CurrencyMismatchError,
  formatMoney,
  isChargeableAmount,
  money,
  multiplyMoney,
  parseMajorUnits,
  sumMoney,
} from './money';
import { currencyExponent, parseCurrency } from './currency';

describe('money', () => {
  it('knows zero-, two- and three-decimal currencies', () => {
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('kwd')).toBe(3);
    expect(currencyExponent('bhd')).toBe(3);
  });

  it('refuses to mix currencies', () => {
    expect(() => addMoney(money(100, 'usd'), money(100, 'eur'))).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([money(1, 'usd')], 'jpy')).toThrow(CurrencyMismatchError);
  });

  it('only holds integer minor units', () => {
    expect(() => money(10.5, 'usd')).toThrow();
    expect(() => multiplyMoney(money(10, 'usd'), 1.5)).toThrow();
    expect(multiplyMoney(money(1500, 'jpy'), 3)).toEqual({ amount: 4500, currency: 'jpy' });
  });

  it('parses what people type, exactly, per currency', () => {
    expect(parseMajorUnits('12.34', 'usd')).toEqual({ amount: 1234, currency: 'usd' });
    expect(parseMajorUnits('0.1', 'usd')).toEqual({ amount: 10, currency: 'usd' });
    expect(parseMajorUnits('1500', 'jpy')).toEqual({ amount: 1500, currency: 'jpy' });
    expect(parseMajorUnits('1500.5', 'jpy')).toBeNull();
    expect(parseMajorUnits('1.234', 'kwd')).toEqual({ amount: 1234, currency: 'kwd' });
    expect(parseMajorUnits('1.2345', 'kwd')).toBeNull();
    expect(parseMajorUnits('-1', 'usd')).toBeNull();
    expect(parseMajorUnits('abc', 'usd')).toBeNull();
  });

  it('formats with the currency exponent', () => {
    expect(formatMoney(money(1234, 'usd'))).toBe('$12.34');
    expect(formatMoney(money(1500, 'jpy'))).toBe('¥1,500');
    expect(formatMoney(money(1234, 'kwd'))).toMatch(/1\.234/);
    expect(formatMoney(money(1234, 'eur'), 'de-DE')).toBe('12,34\u00a0€');
  });

  it("enforces Stripe's charge limits", () => {
    expect(isChargeableAmount(money(49, 'usd'))).toBe(false);
    expect(isChargeableAmount(money(50, 'usd'))).toBe(true);
    expect(isChargeableAmount(money(100_000_000, 'jpy'))).toBe(false);
  });

  it('parses currency codes from untrusted input', () => {
    expect(parseCurrency(' USD ')).toBe('usd');
    expect(parseCurrency('xyz')).toBeNull();
  });
});
