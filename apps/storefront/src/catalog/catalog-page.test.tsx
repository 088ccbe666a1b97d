import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CURRENCY_STORAGE_KEY } from '../currency/currency-context';
import { jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

function productList() {
  return screen.getByRole('list', { name: /products priced in/i });
}

function displayedPrices(): string[] {
  return within(productList())
    .getAllByRole('article')
    .map((card) => card.querySelector('.product-card__price')?.textContent?.replace('Price: ', '') ?? '');
}

describe('catalog page', () => {
  it('shows a loading state, then the products from GET /api/products priced in USD', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/');

    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe('Loading products…');
    expect(await screen.findByRole('heading', { level: 1, name: 'Catalog' })).toBeDefined();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/products');
    expect(screen.getByRole('heading', { name: 'Linen tote' })).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Ceramic mug' })).toBeDefined();
    // The scarf has no USD price, so it is not offered in USD.
    expect(screen.queryByRole('heading', { name: 'Wool scarf' })).toBeNull();
    expect(displayedPrices()).toEqual(['$24.00', '$18.50']);
    expect(screen.getByRole('link', { name: 'Linen tote' }).getAttribute('href')).toBe('/products/linen-tote');
  });

  it('switches currency: shows only products priced in it, formatted for it, and remembers the choice', async () => {
    mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/');
    await screen.findByRole('heading', { name: 'Linen tote' });

    const currency = screen.getByRole('combobox', { name: 'Currency' });
    fireEvent.change(currency, { target: { value: 'jpy' } });

    // JPY has no minor unit: no decimals.
    expect(displayedPrices()).toEqual(['¥3,600', '¥2,800']);
    expect(displayedPrices().some((price) => price.includes('.'))).toBe(false);
    expect(window.localStorage.getItem(CURRENCY_STORAGE_KEY)).toBe('jpy');

    fireEvent.change(currency, { target: { value: 'eur' } });
    expect(displayedPrices()).toEqual(['€22.50', '€45.00']);
    expect(screen.queryByRole('heading', { name: 'Ceramic mug' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Wool scarf' })).toBeDefined();
    expect(screen.getByText('2 products · prices in EUR')).toBeDefined();
  });

  it('starts in the currency stored from an earlier visit', async () => {
    window.localStorage.setItem(CURRENCY_STORAGE_KEY, 'jpy');
    mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/');
    await screen.findByRole('heading', { name: 'Linen tote' });

    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Currency' }).value).toBe('jpy');
    expect(displayedPrices()).toEqual(['¥3,600', '¥2,800']);
  });

  it('ignores an unknown stored currency', async () => {
    window.localStorage.setItem(CURRENCY_STORAGE_KEY, 'doubloons');
    mockFetch(() => jsonResponse({ products: [tote] }));
    renderApp('/');
    await screen.findByRole('heading', { name: 'Linen tote' });
    expect(displayedPrices()).toEqual(['$24.00']);
  });

  it("shows the API's error message, and retrying loads the catalog again", async () => {
    const fetchMock = mockFetch(
      () => jsonResponse({ error: { code: 'service_unavailable', message: 'The catalog is being updated.' } }, 503),
      () => jsonResponse({ products: [tote] }),
    );
    renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: "We couldn't load the catalog" })).toBeDefined();
    expect(within(alert).getByText('The catalog is being updated.')).toBeDefined();
    expect(screen.queryByRole('list', { name: /products priced in/i })).toBeNull();

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: 'Linen tote' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('explains a network failure', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderApp('/');
    expect(await screen.findByText(/could not reach the shop/i)).toBeDefined();
  });

  it('treats a response that breaks the contract as an error', async () => {
    mockFetch(() => jsonResponse({ products: [{ ...tote, prices: [{ currency: 'usd', unitAmount: 12.5 }] }] }));
    renderApp('/');
    expect(await screen.findByText(/unexpected format/i)).toBeDefined();
  });

  it('says so when the catalog is empty', async () => {
    mockFetch(() => jsonResponse({ products: [] }));
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'No products yet' })).toBeDefined();
  });

  it('offers the currencies that have products when none is priced in the chosen one', async () => {
    mockFetch(() => jsonResponse({ products: [scarf] }));
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Nothing is priced in USD yet' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Show prices in EUR' }));

    expect(screen.getByRole('heading', { name: 'Wool scarf' })).toBeDefined();
    expect(displayedPrices()).toEqual(['€45.00']);
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Currency' }).value).toBe('eur');
  });
});
