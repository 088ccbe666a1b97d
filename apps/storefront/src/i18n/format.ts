import { useStore } from '@nanostores/react';
import { formatMoney, money, type Money, type ProductPrice, type ShopLocale } from '@storepay/payments-core';
import { computed } from 'nanostores';
import { locale } from './locale';

/** Numbers and dates as people in a language write them (`Intl`); amounts with their currency's exponent. */
export function formatsFor(code: ShopLocale) {
  const dateTime = new Intl.DateTimeFormat(code, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale: code,
    /** An amount in minor units of its currency: `$12.50`, `12,50 €`, `￥3,600` (JPY never has decimals). */
    amount: (value: Money) => formatMoney(value, code),
    price: (price: ProductPrice) => formatMoney(money(price.unitAmount, price.currency), code),
    /** An ISO timestamp from the API, with date and time; the text itself when it is not one. */
    dateTime: (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
    },
    number: (value: number) => new Intl.NumberFormat(code).format(value),
  };
}

export type Formats = ReturnType<typeof formatsFor>;

const formats = computed(locale, (code) => formatsFor(code));

/** The formats of the shopper's language, re-rendering when it changes. */
export function useFormats(): Formats {
  return useStore(formats);
}
