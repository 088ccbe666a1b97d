// Labels and validation messages of the emulator's Payment Element. English, German, French and Japanese are
// translated; every other locale falls back to English. Country names come from Intl.DisplayNames.

const en = {
  paymentMethod: 'Payment method',
  sepaTab: 'SEPA Debit',
  name: 'Full name',
  email: 'Email',
  iban: 'IBAN',
  business: 'the business',
  mandate:
    'By providing your payment information and confirming this payment, you authorise (A) {business} and Stripe, our payment service provider, to send instructions to your bank to debit your account and (B) your bank to debit your account in accordance with those instructions. As part of your rights, you are entitled to a refund from your bank under the terms and conditions of your agreement with your bank. A refund must be claimed within 8 weeks starting from the date on which your account was debited. Your rights are explained in a statement that you can obtain from your bank. You agree to receive notifications for future debits up to 2 days before they occur.',
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
    incomplete_iban: 'Your IBAN is incomplete.',
    invalid_iban: 'Your IBAN is invalid.',
    invalid_iban_country_code: "Your IBAN's country code is invalid or not supported.",
    incomplete_name: 'Please enter your full name.',
    incomplete_email: 'Your email address is incomplete.',
    invalid_email: 'Your email address is invalid.',
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
  paymentMethod: 'Zahlungsmethode',
  sepaTab: 'SEPA-Lastschrift',
  name: 'Vollständiger Name',
  email: 'E-Mail',
  iban: 'IBAN',
  business: 'das Unternehmen',
  mandate:
    'Durch Angabe Ihrer Zahlungsinformationen und der Bestätigung der vorliegenden Zahlung ermächtigen Sie (A) {business} und Stripe, unseren Zahlungsdienstleister, Ihrem Kreditinstitut Anweisungen zur Belastung Ihres Kontos zu erteilen, und (B) Ihr Kreditinstitut, Ihr Konto gemäß diesen Anweisungen zu belasten. Im Rahmen Ihrer Rechte haben Sie, entsprechend den Vertragsbedingungen mit Ihrem Kreditinstitut, Anspruch auf eine Rückerstattung von Ihrem Kreditinstitut. Eine Rückerstattung muss innerhalb von 8 Wochen ab dem Tag, an dem Ihr Konto belastet wurde, geltend gemacht werden. Eine Erläuterung Ihrer Rechte können Sie von Ihrem Kreditinstitut anfordern. Sie erklären sich einverstanden, Benachrichtigungen über künftige Belastungen bis spätestens 2 Tage vor dem Buchungsdatum zu erhalten.',
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
    incomplete_iban: 'Ihre IBAN ist unvollständig.',
    invalid_iban: 'Ihre IBAN ist ungültig.',
    invalid_iban_country_code: 'Der Ländercode Ihrer IBAN ist ungültig oder wird nicht unterstützt.',
    incomplete_name: 'Bitte geben Sie Ihren vollständigen Namen ein.',
    incomplete_email: 'Ihre E-Mail-Adresse ist unvollständig.',
    invalid_email: 'Ihre E-Mail-Adresse ist ungültig.',
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
  paymentMethod: 'Moyen de paiement',
  sepaTab: 'Prélèvement SEPA',
  name: 'Nom complet',
  email: 'E-mail',
  iban: 'IBAN',
  business: "l'entreprise",
  mandate:
    'En fournissant vos informations de paiement et en confirmant ce paiement, vous autorisez (A) {business} et Stripe, notre prestataire de services de paiement, à envoyer des instructions à votre banque pour débiter votre compte, et (B) votre banque à débiter votre compte conformément à ces instructions. Vous avez, entre autres, le droit de vous faire rembourser par votre banque selon les modalités et conditions du contrat conclu avec votre banque. La demande de remboursement doit être soumise dans un délai de 8 semaines à compter de la date à laquelle votre compte a été débité. Vos droits sont expliqués dans une déclaration disponible auprès de votre banque. Vous acceptez de recevoir des notifications des débits à venir dans les 2 jours précédant leur réalisation.',
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
    incomplete_iban: 'Votre IBAN est incomplet.',
    invalid_iban: 'Votre IBAN est invalide.',
    invalid_iban_country_code: "Le code pays de votre IBAN n'est pas valide ou n'est pas pris en charge.",
    incomplete_name: 'Veuillez saisir votre nom complet.',
    incomplete_email: 'Votre adresse e-mail est incomplète.',
    invalid_email: "Votre adresse e-mail n'est pas valide.",
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
  paymentMethod: '支払い方法',
  sepaTab: 'SEPA ダイレクトデビット',
  name: '氏名',
  email: 'メールアドレス',
  iban: 'IBAN',
  business: '事業者',
  mandate:
    '支払い情報を入力してこの支払いを確定することにより、お客様は (A) {business} および当社の決済サービスプロバイダーである Stripe が、お客様の口座から引き落とすよう銀行に指示を送信すること、ならびに (B) お客様の銀行がその指示に従ってお客様の口座から引き落とすことを承認します。お客様は、銀行との契約条件に基づき、銀行から返金を受ける権利があります。返金は、口座から引き落とされた日から 8 週間以内に請求する必要があります。お客様の権利については、銀行から入手できる説明書に記載されています。お客様は、今後の引き落としについて、実行の 2 日前までに通知を受け取ることに同意します。',
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
    incomplete_iban: 'IBAN が不完全です。',
    invalid_iban: 'IBAN が無効です。',
    invalid_iban_country_code: 'IBAN の国コードが無効か、サポートされていません。',
    incomplete_name: '氏名を入力してください。',
    incomplete_email: 'メールアドレスが不完全です。',
    invalid_email: 'メールアドレスが無効です。',
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
