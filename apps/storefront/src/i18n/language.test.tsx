import { fireEvent, screen, within } from '@testing-library/react';
import { money } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';
import { formatsFor } from './format';
import { loadLanguage } from './i18n';
import { browserLocale, chosenLocale, LOCALE_STORAGE_KEY, locale } from './locale';

const catalogHeading = (name: string) => screen.findByRole('heading', { level: 1, name });

describe('the shop’s languages', () => {
  it('speaks the first of the browser’s languages it knows, before anything is chosen', async () => {
    browserLocale.set('fr');
    await loadLanguage('fr');
    mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/');
    expect(await catalogHeading('Catalogue')).toBeDefined();
    expect(document.documentElement.lang).toBe('fr');
  });

  it('switches language from the header, everywhere at once, and remembers the choice', async () => {
    mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/');
    await catalogHeading('Catalog');
    expect(screen.getByText('2 products · prices in USD')).toBeDefined();

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'de' } });
    expect(await catalogHeading('Katalog')).toBeDefined();
    // The switcher now names itself in German; the choice is stored; the document says its language.
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sprache' }).value).toBe('de');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    // German prices and numbers; the cart link's name follows.
    const prices = within(screen.getByRole('list', { name: /USD/ }))
      .getAllByRole('article')
      .map((card) => card.querySelector('.product-card__price')?.textContent);
    expect(prices).toEqual(['Preis: 24,00\u00a0$', 'Preis: 18,50\u00a0$']);
    expect(screen.getByRole('link', { name: 'Warenkorb (0)' })).toBeDefined();
  });

  it('follows a language chosen in another tab', async () => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    renderApp('/');
    await catalogHeading('Catalog');
    await loadLanguage('ja');
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'ja');
    window.dispatchEvent(new StorageEvent('storage', { key: LOCALE_STORAGE_KEY, newValue: 'ja' }));
    expect(await catalogHeading('商品一覧')).toBeDefined();
    expect(locale.get()).toBe('ja');
  });

  it('ignores a stored language the shop does not speak', () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'tlh');
    window.dispatchEvent(new StorageEvent('storage', { key: LOCALE_STORAGE_KEY, newValue: 'tlh' }));
    expect(chosenLocale.get()).toBeUndefined();
    expect(locale.get()).toBe('en');
  });

  it('formats amounts for each language with the currency’s exponent: yen never has decimals', () => {
    const yen = money(360000, 'jpy');
    expect(['en', 'de', 'fr', 'ja'].map((code) => formatsFor(code as 'en').amount(yen))).toEqual([
      '¥360,000',
      '360.000\u00a0¥',
      '360\u202f000\u00a0JPY',
      '￥360,000',
    ]);
    expect(formatsFor('fr').amount(money(1234, 'eur'))).toBe('12,34\u00a0€');
    expect(formatsFor('de').dateTime('2026-01-05T10:00:00.000Z')).toMatch(/05\.01\.2026/);
  });
});
