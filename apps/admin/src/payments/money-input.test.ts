import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmountInput, toMajorInput } from './money-input';
import { toApiFilters, EMPTY_FILTERS, validateFilters } from './payment-filters';

describe('amounts typed in major units', () => {
  it.each([
    ['12.50', 'usd', 1250],
    ['12.5', 'usd', 1250],
    ['12', 'usd', 1200],
    ['0.01', 'usd', 1],
    ['1500', 'jpy', 1500],
    ['1.250', 'kwd', 1250],
    ['1.5', 'kwd', 1500],
    ['3', 'kwd', 3000],
  ] as const)('%s %s is %d minor units', (input, currency, minor) => {
    expect(parseAmountInput(input, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['12.5', 'jpy', 'JPY has no decimals'],
    ['12.345', 'usd', 'USD takes up to 2 decimals'],
    ['1.2345', 'kwd', 'KWD takes up to 3 decimals'],
    ['-5', 'usd', 'Enter a number'],
    ['$5', 'usd', 'Enter a number'],
    ['1e3', 'usd', 'Enter a number'],
    ['', 'usd', 'Enter an amount'],
  ] as const)('refuses %j in %s', (input, currency, message) => {
    const parsed = parseAmountInput(input, currency);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });

  it('writes minor units back as the plain decimal a person types', () => {
    expect(toMajorInput(1250, 'usd')).toBe('12.50');
    expect(toMajorInput(5, 'usd')).toBe('0.05');
    expect(toMajorInput(1500, 'jpy')).toBe('1500');
    expect(toMajorInput(1250, 'kwd')).toBe('1.250');
  });

  it('formats with the currency’s own decimals', () => {
    expect(formatAmount(1250, 'usd')).toBe('$12.50');
    expect(formatAmount(1500, 'jpy')).toBe('¥1,500');
    expect(formatAmount(1250, 'kwd')).toMatch(/^KWD\s1\.250$/);
  });
});

describe('explorer filters to the API query', () => {
  it.each([
    ['usd', '12.50', '100', '1250', '10000'],
    ['jpy', '1500', '3000', '1500', '3000'],
    ['kwd', '1.250', '2', '1250', '2000'],
  ])('converts %s amounts with the currency exponent', (currency, min, max, minAmount, maxAmount) => {
    expect(toApiFilters({ ...EMPTY_FILTERS, currency, min, max })).toMatchObject({ currency, minAmount, maxAmount });
  });

  it('needs a currency for amounts, and whole yen', () => {
    expect(validateFilters({ ...EMPTY_FILTERS, min: '10' })).toEqual({ min: 'Choose a currency to filter by amount' });
    expect(validateFilters({ ...EMPTY_FILTERS, currency: 'jpy', max: '12.5' }).max).toContain('JPY has no decimals');
    expect(toApiFilters({ ...EMPTY_FILTERS, currency: 'jpy', max: '12.5' }).maxAmount).toBeUndefined();
  });

  it('makes the inclusive "To" date exclusive for the API', () => {
    expect(toApiFilters({ ...EMPTY_FILTERS, from: '2026-11-01', to: '2026-11-30' })).toMatchObject({
      from: '2026-11-01',
      to: '2026-12-01',
    });
  });
});
