// Card field logic of the emulator's Payment Element: brand detection, formatting and validation.
// Plain ES2020 module, served as-is to the payment frame and imported by the unit tests (types in card.d.ts).

/** Brands by leading digits (first match wins), with their lengths, CVC length and display grouping. */
export const BRANDS = [
  { brand: 'amex', pattern: /^3[47]/, lengths: [15], cvcLength: 4, gaps: [4, 10] },
  { brand: 'diners', pattern: /^3(0[0-5]|[689])/, lengths: [14, 16], cvcLength: 3, gaps: [4, 10] },
  { brand: 'jcb', pattern: /^35/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'discover', pattern: /^(6011|64[4-9]|65)/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'unionpay', pattern: /^62/, lengths: [16, 17, 18, 19], cvcLength: 3, gaps: [4, 8, 12] },
  {
    brand: 'mastercard',
    pattern: /^(5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/,
    lengths: [16],
    cvcLength: 3,
    gaps: [4, 8, 12],
  },
  { brand: 'visa', pattern: /^4/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
];

const UNKNOWN = { brand: 'unknown', pattern: /^/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] };

export const digitsOf = (value) => String(value ?? '').replace(/\D/g, '');

export function brandOf(number) {
  const digits = digitsOf(number);
  return BRANDS.find((entry) => entry.pattern.test(digits)) ?? UNKNOWN;
}

/** Luhn checksum (mod 10). */
export function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** `4242424242424242` → `4242 4242 4242 4242` (Amex: `3782 822463 10005`), cut at the brand's longest length. */
export function formatNumber(value) {
  const info = brandOf(value);
  const digits = digitsOf(value).slice(0, Math.max(...info.lengths));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (info.gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

/**
 * `1234` → `12 / 34`; a first digit 2-9 is a month and gets a leading zero (`4` → `04 / `).
 * `deleting` (the user pressed backspace) keeps a trailing ` / ` from reappearing.
 */
export function formatExpiry(value, deleting = false) {
  let digits = digitsOf(value).slice(0, 4);
  if (digits.length === 1 && digits > '1') digits = `0${digits}`;
  if (digits.length < 2) return digits;
  if (digits.length === 2) return deleting ? digits : `${digits} / `;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export function formatCvc(value, number) {
  return digitsOf(value).slice(0, brandOf(number).cvcLength);
}

/**
 * Each check returns `{state, code}`: state `empty` | `incomplete` | `invalid` | `complete`, and the error code
 * Stripe.js uses (`incomplete_number`, `invalid_number`, ...) when the field is not complete.
 * `final` is true on blur and on submit: a value that might still grow is judged as it stands.
 */
export function checkNumber(value, final = false) {
  const digits = digitsOf(value);
  if (!digits) return { state: 'empty', code: 'incomplete_number' };
  const info = brandOf(digits);
  const max = Math.max(...info.lengths);
  if (info.lengths.includes(digits.length) && luhn(digits)) return { state: 'complete', code: null };
  if (digits.length >= max || (final && digits.length >= Math.min(...info.lengths))) {
    return { state: 'invalid', code: 'invalid_number' };
  }
  return { state: 'incomplete', code: 'incomplete_number' };
}

/** Expiry `MM / YY` against `now` (a Date): past dates and years more than 50 years ahead are invalid. */
export function checkExpiry(value, now = new Date()) {
  const digits = digitsOf(value);
  if (!digits) return { state: 'empty', code: 'incomplete_expiry' };
  const month = Number(digits.slice(0, 2));
  if (digits.length >= 2 && (month < 1 || month > 12)) return { state: 'invalid', code: 'invalid_expiry_month' };
  if (digits.length < 4) return { state: 'incomplete', code: 'incomplete_expiry' };
  const year = 2000 + Number(digits.slice(2, 4));
  const thisYear = now.getFullYear();
  if (year < thisYear) return { state: 'invalid', code: 'invalid_expiry_year_past' };
  if (year === thisYear && month < now.getMonth() + 1) return { state: 'invalid', code: 'invalid_expiry_month_past' };
  if (year > thisYear + 50) return { state: 'invalid', code: 'invalid_expiry_year' };
  return { state: 'complete', code: null, month, year };
}

export function checkCvc(value, number) {
  const digits = digitsOf(value);
  if (!digits) return { state: 'empty', code: 'incomplete_cvc' };
  if (digits.length < brandOf(number).cvcLength) return { state: 'incomplete', code: 'incomplete_cvc' };
  return { state: 'complete', code: null };
}

/** US ZIP codes need 5 digits (or ZIP+4); elsewhere any non-empty postal code is accepted. */
export function checkPostalCode(value, country) {
  const trimmed = String(value ?? '').trim();
  if (!trimmed) return { state: 'empty', code: 'incomplete_zip' };
  if (country === 'US') {
    if (/^\d{5}(-?\d{4})?$/.test(trimmed)) return { state: 'complete', code: null };
    return /^\d{0,4}$/.test(trimmed)
      ? { state: 'incomplete', code: 'incomplete_zip' }
      : { state: 'invalid', code: 'invalid_zip' };
  }
  return { state: 'complete', code: null };
}
