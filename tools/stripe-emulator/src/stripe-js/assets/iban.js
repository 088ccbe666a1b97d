// IBANs, as the Payment Element's SEPA Debit form checks them while the customer types and as the emulator's API
// checks them on POST /v1/payment_methods: one module, served to the browser as-is and imported by the server.

/** IBAN length per country of the SEPA scheme (ISO 13616 registry). */
export const IBAN_LENGTHS = Object.freeze({
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22,
  GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18,
  NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
}); // prettier-ignore

/** The electronic form of what was typed: no spaces, upper case. */
export function compactIban(value) {
  return String(value ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** ISO 7064 mod 97-10: the first four characters moved to the end, letters as 10..35; the remainder must be 1. */
function checksumHolds(iban) {
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** An IBAN as typed (spaces allowed, any case) in its electronic form, or null when it is not a valid IBAN. */
export function normalizeIban(raw) {
  const iban = compactIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return null;
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return null;
  return checksumHolds(iban) ? iban : null;
}

/** As printed on a bank statement: groups of four, letters and digits only, at most the country's length. */
export function formatIban(value) {
  const compact = compactIban(value).replace(/[^A-Z0-9]/g, '');
  const length = IBAN_LENGTHS[compact.slice(0, 2)] ?? 34;
  return (
    compact
      .slice(0, length)
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

/**
 * The IBAN field's state: `empty`, `incomplete` while it is shorter than its country's IBANs, `invalid` (a
 * country outside SEPA, a malformed or mistyped IBAN), or `complete`. Codes are Stripe.js's.
 */
export function checkIban(value) {
  const iban = compactIban(value);
  if (iban === '') return { state: 'empty', code: 'incomplete_iban' };
  const country = iban.slice(0, 2);
  if (!/^[A-Z]{1,2}$/.test(country) || (country.length === 2 && !(country in IBAN_LENGTHS))) {
    return { state: 'invalid', code: 'invalid_iban_country_code' };
  }
  if (!/^[A-Z]{1,2}$|^[A-Z]{2}\d{1,2}$|^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban))
    return { state: 'invalid', code: 'invalid_iban' };
  if (country.length < 2 || iban.length < IBAN_LENGTHS[country])
    return { state: 'incomplete', code: 'incomplete_iban' };
  return normalizeIban(iban) ? { state: 'complete', code: null } : { state: 'invalid', code: 'invalid_iban' };
}
