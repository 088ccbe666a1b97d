// Types for locales.js (plain JavaScript served to the browser as-is).
export interface Translation {
  savedCards: string;
  newCard: string;
  saveCard: string;
  expires: string;
  tab: string;
  number: string;
  expiry: string;
  expiryPlaceholder: string;
  cvc: string;
  cvcPlaceholder: string;
  country: string;
  zip: string;
  postalCode: string;
  paymentMethod: string;
  sepaTab: string;
  name: string;
  email: string;
  iban: string;
  /** Named in the mandate when the Payment Element has no `business.name`. */
  business: string;
  /** The SEPA Debit mandate; `{business}` is replaced by the business's name. */
  mandate: string;
  errors: Record<string, string>;
}

export declare const COUNTRIES: string[];
export declare function resolveLocale(locale: string | undefined, browserLanguage?: string): string;
export declare function translations(locale: string): Translation;
export declare function countryName(code: string, locale: string): string;
