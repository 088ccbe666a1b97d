/** The languages the shop speaks: the storefront, the Payment Element and the order's emails. */
export const SHOP_LOCALES = ['en', 'de', 'fr', 'ja'] as const;

export type ShopLocale = (typeof SHOP_LOCALES)[number];

export const DEFAULT_SHOP_LOCALE: ShopLocale = 'en';

export function isShopLocale(value: unknown): value is ShopLocale {
  return typeof value === 'string' && (SHOP_LOCALES as readonly string[]).includes(value);
}

/**
 * The shop's language for a BCP 47 tag (`de-AT` → `de`), or null when the shop does not speak it. For choosing from
 * a browser's `navigator.languages` in order.
 */
export function shopLocaleOf(tag: string): ShopLocale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isShopLocale(language) ? language : null;
}

/** The first of `tags` the shop speaks, else English. */
export function pickShopLocale(tags: readonly string[]): ShopLocale {
  for (const tag of tags) {
    const locale = shopLocaleOf(tag);
    if (locale) return locale;
  }
  return DEFAULT_SHOP_LOCALE;
}
