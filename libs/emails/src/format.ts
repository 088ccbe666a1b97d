import { formatMoney, money, parseCurrency, type ShopLocale } from '@storepay/payments-core';

/** The region each language's numbers and dates are written for. */
const INTL_LOCALES: Record<ShopLocale, string> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', ja: 'ja-JP' };

/** Minor units in the language's format, with the currency's own decimals (JPY none, in every language). */
export function formatAmount(amount: number, currency: string, locale: ShopLocale): string {
  const code = parseCurrency(currency);
  if (!code) throw new Error(`unknown currency ${currency}`);
  return formatMoney(money(amount, code), INTL_LOCALES[locale]);
}

/** A day, in UTC (an email is read anywhere). */
export function formatDate(date: Date, locale: ShopLocale): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A day and time, in UTC, said so. */
export function formatDateTime(date: Date, locale: ShopLocale): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
}

/** The short reference people read an order by: the first 8 characters of its id, upper case. */
export function orderRef(orderId: string): string {
  return orderId.slice(0, 8).toUpperCase();
}
