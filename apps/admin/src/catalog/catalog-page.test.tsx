import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

/** The table as text, header row first: one array per row. */
function tableRows(): string[][] {
  const table = screen.getByRole('table', { name: 'Products and their prices per currency' });
  return within(table)
    .getAllByRole('row')
    .map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) =>
        cell.querySelector('.cell-title')
          ? (cell.querySelector('.cell-title')?.textContent ?? '')
          : (cell.textContent ?? ''),
      ),
    );
}

describe('catalog page', () => {
  it('lists every product with its price in each currency', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/catalog');

    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe('Loading products…');
    expect(await screen.findByRole('heading', { name: '3 products' })).toBeDefined();

    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/products');
    expect(tableRows()).toEqual([
      ['Product', 'USD', 'EUR', 'JPY', 'ID'],
      ['Linen tote', '$24.00', '€22.50', '¥3,600', tote.id],
      ['Ceramic mug', '$18.50', '—Not priced', '¥2,800', mug.id],
      ['Wool scarf', '—Not priced', '€45.00', '—Not priced', scarf.id],
    ]);
    expect(screen.getByRole('rowheader', { name: /Linen tote/ }).textContent).toContain('linen-tote');
  });

  it('has columns only for the currencies in use', async () => {
    mockFetch(() => jsonResponse({ products: [scarf] }));
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });
    expect(tableRows()[0]).toEqual(['Product', 'EUR', 'ID']);
  });

  it("shows the API's error with its code, and retrying refetches", async () => {
    const fetchMock = mockFetch(
      () => jsonResponse({ error: { code: 'internal_error', message: 'The catalog could not be read.' } }, 500),
      () => jsonResponse({ products: [tote] }),
    );
    renderApp('/catalog');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: "Couldn't load the catalog" })).toBeDefined();
    expect(within(alert).getByText('The catalog could not be read.')).toBeDefined();
    expect(alert.textContent).toContain('internal_error · HTTP 500');
    expect(screen.queryByRole('table')).toBeNull();

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: '1 product' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(tableRows()[1]).toEqual(['Linen tote', '$24.00', '€22.50', '¥3,600', tote.id]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('reports an unreachable API', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderApp('/catalog');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach the API');
    expect(alert.textContent).toContain('network_error · no response');
  });

  it('says so when there are no products', async () => {
    mockFetch(() => jsonResponse({ products: [] }));
    renderApp('/catalog');
    expect(await screen.findByRole('heading', { name: 'No products yet' })).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('refreshes on demand', async () => {
    const fetchMock = mockFetch(
      () => jsonResponse({ products: [tote] }),
      () => jsonResponse({ products: [tote, mug] }),
    );
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(await screen.findByRole('heading', { name: '2 products' })).toBeDefined();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
