// The storefront's translations (@nanostores/i18n): each component declares its English messages next to its code
// (`i18n('cart', {...})`); the other languages are JSON catalogs in ./locales, one chunk per language, downloaded
// only when that language is shown. A catalog is loaded before the first render (see `loadLanguage`), so a German
// shopper never sees English first.
import { createI18n, type ComponentsJSON } from '@nanostores/i18n';
import { DEFAULT_SHOP_LOCALE, type ShopLocale } from '@storepay/payments-core';
import { locale } from './locale';

const catalogs = import.meta.glob<ComponentsJSON>('./locales/*.json', { import: 'default' });

/** The JSON catalog of a language (the base language, English, lives in the components). */
export async function loadCatalog(code: string): Promise<ComponentsJSON> {
  const load = catalogs[`./locales/${code}.json`];
  return load ? load() : {};
}

export const i18n = createI18n(locale, { get: (code) => loadCatalog(code) });

/** Makes the catalog of `code` available before anything renders in it. */
export async function loadLanguage(code: ShopLocale): Promise<void> {
  if (code === DEFAULT_SHOP_LOCALE || i18n.cache[code]) return;
  (i18n.cache as unknown as Record<string, ComponentsJSON>)[code] = await loadCatalog(code);
}
