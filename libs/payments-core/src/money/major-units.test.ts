import { describe, expect, it } from 'vitest';
import { money, toMajorUnitsString } from './money';

describe('toMajorUnitsString', () => {
  it("writes minor units in major units with the currency's exponent, exactly", () => {
    expect(toMajorUnitsString(money(1234, 'usd'))).toBe('12.34');
    expect(toMajorUnitsString(money(5, 'eur'))).toBe('0.05');
    expect(toMajorUnitsString(money(0, 'gbp'))).toBe('0.00');
    expect(toMajorUnitsString(money(1500, 'jpy'))).toBe('1500');
    expect(toMajorUnitsString(money(1234, 'kwd'))).toBe('1.234');
    expect(toMajorUnitsString(money(99_999_999, 'usd'))).toBe('999999.99');
    expect(toMajorUnitsString(money(-250, 'usd'))).toBe('-2.50');
  });
});
