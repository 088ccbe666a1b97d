import { describe, expect, it } from 'vitest';
import {
  brandOf,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostalCode,
  formatCvc,
  formatExpiry,
  formatNumber,
  luhn,
} from './assets/card.js';
import { checkIban, formatIban, normalizeIban } from './assets/iban.js';
import { resolveLocale, translations } from './assets/locales.js';

describe('Payment Element card logic (served to the browser as-is)', () => {
  it('detects brands and formats numbers with their grouping and length', () => {
    expect(brandOf('4242').brand).toBe('visa');
    expect(brandOf('5555 5555').brand).toBe('mastercard');
    expect(brandOf('2223').brand).toBe('mastercard');
    expect(brandOf('3782').brand).toBe('amex');
    expect(brandOf('6011').brand).toBe('discover');
    expect(brandOf('9999').brand).toBe('unknown');
    expect(formatNumber('4242424242424242999')).toBe('4242 4242 4242 4242');
    expect(formatNumber('378282246310005')).toBe('3782 822463 10005');
    expect(formatNumber('42a4-2')).toBe('4242');
  });

  it('checks numbers with Luhn: complete, invalid as soon as full length, incomplete while typing', () => {
    expect(luhn('4242424242424242')).toBe(true);
    expect(luhn('4242424242424241')).toBe(false);
    expect(checkNumber('')).toEqual({ state: 'empty', code: 'incomplete_number' });
    expect(checkNumber('4242 4242')).toEqual({ state: 'incomplete', code: 'incomplete_number' });
    expect(checkNumber('4242 4242 4242 4242')).toEqual({ state: 'complete', code: null });
    expect(checkNumber('4000 0027 6000 3184').state).toBe('complete');
    expect(checkNumber('4242 4242 4242 4241')).toEqual({ state: 'invalid', code: 'invalid_number' });
    expect(checkNumber('378282246310005').state).toBe('complete');
    // UnionPay has lengths 16-19: a 16-digit failing Luhn may still be typed on, until the field is left.
    expect(checkNumber('6200000000000001').state).toBe('incomplete');
    expect(checkNumber('6200000000000001', true).state).toBe('invalid');
  });

  it('formats and checks expiry dates against today', () => {
    const now = new Date(2026, 10, 15); // November 2026
    expect(formatExpiry('4')).toBe('04 / ');
    expect(formatExpiry('12')).toBe('12 / ');
    expect(formatExpiry('12', true)).toBe('12');
    expect(formatExpiry('1234')).toBe('12 / 34');
    expect(formatExpiry('12 / 345')).toBe('12 / 34');
    expect(checkExpiry('', now).code).toBe('incomplete_expiry');
    expect(checkExpiry('12 / 3', now)).toEqual({ state: 'incomplete', code: 'incomplete_expiry' });
    expect(checkExpiry('13 / 30', now)).toEqual({ state: 'invalid', code: 'invalid_expiry_month' });
    expect(checkExpiry('01 / 20', now)).toEqual({ state: 'invalid', code: 'invalid_expiry_year_past' });
    expect(checkExpiry('10 / 26', now)).toEqual({ state: 'invalid', code: 'invalid_expiry_month_past' });
    expect(checkExpiry('11 / 26', now)).toMatchObject({ state: 'complete', month: 11, year: 2026 });
    expect(checkExpiry('12 / 99', now)).toEqual({ state: 'invalid', code: 'invalid_expiry_year' });
  });

  it('checks CVC length by brand and US ZIP codes', () => {
    expect(formatCvc('12345', '4242')).toBe('123');
    expect(formatCvc('12345', '3782')).toBe('1234');
    expect(checkCvc('12', '4242')).toEqual({ state: 'incomplete', code: 'incomplete_cvc' });
    expect(checkCvc('123', '4242').state).toBe('complete');
    expect(checkCvc('123', '378282246310005').state).toBe('incomplete');
    expect(checkPostalCode('9410', 'US')).toEqual({ state: 'incomplete', code: 'incomplete_zip' });
    expect(checkPostalCode('94107', 'US').state).toBe('complete');
    expect(checkPostalCode('ABC', 'US')).toEqual({ state: 'invalid', code: 'invalid_zip' });
    expect(checkPostalCode('SW1A 1AA', 'GB').state).toBe('complete');
    expect(checkPostalCode(' ', 'GB').state).toBe('empty');
  });

  it('formats IBANs in groups of four and checks country, length and checksum as they are typed', () => {
    expect(formatIban('at61 1904-3002 3457 3201 99')).toBe('AT61 1904 3002 3457 3201');
    expect(formatIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(checkIban('')).toEqual({ state: 'empty', code: 'incomplete_iban' });
    expect(checkIban('A')).toEqual({ state: 'incomplete', code: 'incomplete_iban' });
    expect(checkIban('AT61 1904')).toEqual({ state: 'incomplete', code: 'incomplete_iban' });
    expect(checkIban('AT61 1904 3002 3457 3201')).toEqual({ state: 'complete', code: null });
    expect(checkIban('AT61 1904 3002 3457 3202')).toEqual({ state: 'invalid', code: 'invalid_iban' });
    expect(checkIban('US12 3456')).toEqual({ state: 'invalid', code: 'invalid_iban_country_code' });
    expect(checkIban('1234')).toEqual({ state: 'invalid', code: 'invalid_iban_country_code' });
    expect(checkIban('ATX1')).toEqual({ state: 'invalid', code: 'invalid_iban' });
    // The same check as the API's: what the form takes, POST /v1/payment_methods takes.
    expect(normalizeIban('at61 1904 3002 3457 3201')).toBe('AT611904300234573201');
    expect(normalizeIban('AT61 1904 3002 3457 3201 0')).toBeNull();
  });

  it('resolves locales and has a message for every validation code in each language', () => {
    expect(resolveLocale('de-CH')).toBe('de');
    expect(resolveLocale('auto', 'ja-JP')).toBe('ja');
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('pt-BR')).toBe('en');
    const codes = Object.keys(translations('en').errors);
    const labels = Object.keys(translations('en'));
    for (const locale of ['de', 'fr', 'ja']) {
      expect(Object.keys(translations(locale))).toEqual(labels);
      expect(Object.keys(translations(locale).errors)).toEqual(codes);
      expect(translations(locale).number).not.toBe(translations('en').number);
      expect(translations(locale).mandate).toContain('{business}');
      expect(translations(locale).mandate).not.toBe(translations('en').mandate);
    }
  });
});
