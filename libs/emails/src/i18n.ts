import { createInstance, type TFunction } from 'i18next';
import { SHOP_LOCALES, type ShopLocale } from '@storepay/payments-core';
import { de } from './locales/de';
import { en } from './locales/en';
import { fr } from './locales/fr';
import { ja } from './locales/ja';

export const EMAIL_CATALOGS = { en, de, fr, ja } as const;

// One instance for the process, initialised synchronously: the catalogs are bundled, nothing is fetched. React
// escapes what the templates render, so i18next must not escape it a second time.
const i18n = createInstance();
void i18n.init({
  resources: Object.fromEntries(SHOP_LOCALES.map((locale) => [locale, { email: EMAIL_CATALOGS[locale] }])),
  ns: ['email'],
  defaultNS: 'email',
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translator(locale: ShopLocale): TFunction {
  return i18n.getFixedT(locale, 'email');
}
