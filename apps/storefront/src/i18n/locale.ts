// The shopper's language: the one they chose in the header (remembered in localStorage, in step across tabs), else
// the first of the browser's languages the shop speaks, else English. Kept free of the API client: the header and
// every page read it before any route chunk has loaded.
import { persistentAtom } from '@nanostores/persistent';
import { isShopLocale, pickShopLocale, type ShopLocale } from '@storepay/payments-core';
import { atom, computed } from 'nanostores';

export const LOCALE_STORAGE_KEY = 'storepay.storefront.locale';

/** The language chosen in the header; undefined until the shopper chooses one (or when storage holds nonsense). */
export const chosenLocale = persistentAtom<ShopLocale | undefined>(LOCALE_STORAGE_KEY, undefined, {
  encode: (value) => value,
  decode: (stored) => (isShopLocale(stored) ? stored : undefined),
});

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The first of the browser's languages the shop speaks (`de-AT` → `de`), else English. */
export const browserLocale = atom<ShopLocale>(pickShopLocale(browserLanguages()));

/** The language the shop speaks to this shopper now. */
export const locale = computed([chosenLocale, browserLocale], (chosen, browser): ShopLocale => chosen ?? browser);

export function setLocale(next: ShopLocale): void {
  chosenLocale.set(next);
}
