// Labels and validation messages of the emulator's Payment Element. English, German, French and Japanese are
// translated; every other locale falls back to English. Country names come from Intl.DisplayNames.

const en = {
  savedCards: 'Saved cards',
  newCard: 'Use a new card',
  saveCard: 'Save this card for future purchases',
  expires: 'expires',
  tab: 'Card',
  number: 'Card number',
  expiry: 'Expiration date',
  expiryPlaceholder: 'MM / YY',
  cvc: 'Security code',
  cvcPlaceholder: 'CVC',
  country: 'Country',
  zip: 'ZIP code',
  postalCode: 'Postal code',
  errors: {
    incomplete_number: 'Your card number is incomplete.',
    invalid_number: 'Your card number is invalid.',
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration date is invalid.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    incomplete_cvc: "Your card's security code is incomplete.",
    incomplete_zip: 'Your postal code is incomplete.',
    invalid_zip: 'Your postal code is invalid.',
  },
};

const de = {
  savedCards: 'Gespeicherte Karten',
  newCard: 'Neue Karte verwenden',
  saveCard: 'Diese Karte für künftige Käufe speichern',
  expires: 'gültig bis',
  tab: 'Karte',
  number: 'Kartennummer',
  expiry: 'Ablaufdatum',
  expiryPlaceholder: 'MM / JJ',
  cvc: 'Sicherheitscode',
  cvcPlaceholder: 'CVC',
  country: 'Land',
  zip: 'Postleitzahl',
  postalCode: 'Postleitzahl',
  errors: {
    incomplete_number: 'Ihre Kartennummer ist unvollständig.',
    invalid_number: 'Ihre Kartennummer ist ungültig.',
    incomplete_expiry: 'Das Ablaufdatum Ihrer Karte ist unvollständig.',
    invalid_expiry_month: 'Das Ablaufdatum Ihrer Karte ist ungültig.',
    invalid_expiry_month_past: 'Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.',
    invalid_expiry_year_past: 'Das Ablaufjahr Ihrer Karte liegt in der Vergangenheit.',
    invalid_expiry_year: 'Das Ablaufjahr Ihrer Karte ist ungültig.',
    incomplete_cvc: 'Der Sicherheitscode Ihrer Karte ist unvollständig.',
    incomplete_zip: 'Ihre Postleitzahl ist unvollständig.',
    invalid_zip: 'Ihre Postleitzahl ist ungültig.',
  },
};

const fr = {
  savedCards: 'Cartes enregistrées',
  newCard: 'Utiliser une nouvelle carte',
  saveCard: 'Enregistrer cette carte pour vos prochains achats',
  expires: 'expire fin',
  tab: 'Carte',
  number: 'Numéro de carte',
  expiry: "Date d'expiration",
  expiryPlaceholder: 'MM / AA',
  cvc: 'Code de sécurité',
  cvcPlaceholder: 'CVC',
  country: 'Pays',
  zip: 'Code postal',
  postalCode: 'Code postal',
  errors: {
    incomplete_number: 'Votre numéro de carte est incomplet.',
    invalid_number: 'Votre numéro de carte est invalide.',
    incomplete_expiry: "La date d'expiration de votre carte est incomplète.",
    invalid_expiry_month: "La date d'expiration de votre carte n'est pas valide.",
    invalid_expiry_month_past: "La date d'expiration de votre carte est dépassée.",
    invalid_expiry_year_past: "L'année d'expiration de votre carte est dépassée.",
    invalid_expiry_year: "L'année d'expiration de votre carte n'est pas valide.",
    incomplete_cvc: 'Le code de sécurité de votre carte est incomplet.',
    incomplete_zip: 'Votre code postal est incomplet.',
    invalid_zip: "Votre code postal n'est pas valide.",
  },
};

const ja = {
  savedCards: '保存済みのカード',
  newCard: '新しいカードを使う',
  saveCard: '今後の購入のためにこのカードを保存する',
  expires: '有効期限',
  tab: 'カード',
  number: 'カード番号',
  expiry: '有効期限',
  expiryPlaceholder: 'MM / YY',
  cvc: 'セキュリティコード',
  cvcPlaceholder: 'CVC',
  country: '国または地域',
  zip: '郵便番号',
  postalCode: '郵便番号',
  errors: {
    incomplete_number: 'カード番号が不完全です。',
    invalid_number: 'カード番号が無効です。',
    incomplete_expiry: 'カードの有効期限が不完全です。',
    invalid_expiry_month: 'カードの有効期限が無効です。',
    invalid_expiry_month_past: 'カードの有効期限が過ぎています。',
    invalid_expiry_year_past: 'カードの有効期限の年が過ぎています。',
    invalid_expiry_year: 'カードの有効期限の年が無効です。',
    incomplete_cvc: 'カードのセキュリティコードが不完全です。',
    incomplete_zip: '郵便番号が不完全です。',
    invalid_zip: '郵便番号が無効です。',
  },
};

const TRANSLATIONS = { en, de, fr, ja };

/** Countries offered in the billing country select (ISO 3166-1 alpha-2). */
export const COUNTRIES = 'AT AU BE BR CA CH DE DK ES FI FR GB IE IN IT JP MX NL NO NZ PL PT SE SG US'.split(' ');

/** `de-CH` → `de`; `auto` uses the browser's language. */
export function resolveLocale(locale, browserLanguage = 'en') {
  const requested = !locale || locale === 'auto' ? browserLanguage : locale;
  const base = String(requested).toLowerCase().split('-')[0];
  return base in TRANSLATIONS ? base : 'en';
}

export function translations(locale) {
  return TRANSLATIONS[locale] ?? en;
}

export function countryName(code, locale) {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
