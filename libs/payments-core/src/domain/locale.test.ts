import { describe, expect, it } from 'vitest';
import { isShopLocale, pickShopLocale, shopLocaleOf } from './locale';

describe('shop locales', () => {
  it('reads the language of a BCP 47 tag', () => {
    expect(shopLocaleOf('de-AT')).toBe('de');
    expect(shopLocaleOf('JA')).toBe('ja');
    expect(shopLocaleOf('fr_CA')).toBe('fr');
    expect(shopLocaleOf('es-ES')).toBeNull();
  });

  it('picks the first language the shop speaks, else English', () => {
    expect(pickShopLocale(['es', 'fr-FR', 'de'])).toBe('fr');
    expect(pickShopLocale(['pt-BR'])).toBe('en');
    expect(pickShopLocale([])).toBe('en');
  });

  it('knows exactly its four languages', () => {
    expect(['en', 'de', 'fr', 'ja'].every(isShopLocale)).toBe(true);
    expect(isShopLocale('english')).toBe(false);
    expect(isShopLocale(undefined)).toBe(false);
  });
});
