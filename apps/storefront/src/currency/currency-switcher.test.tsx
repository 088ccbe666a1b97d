import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CURRENCY_STORAGE_KEY } from './currency-context';
import { jsonResponse, mockFetchWithConfig, storefrontConfig, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const switcherOptions = async () => {
  const select = screen.getByRole('combobox', { name: 'Currency' });
  await within(select).findAllByRole('option');
  return within(select)
    .getAllByRole('option')
    .map((option) => option.textContent);
};

describe('the currency switcher', () => {
  it('offers exactly the currencies GET /api/config names', async () => {
    mockFetchWithConfig({ ...storefrontConfig, currencies: ['eur', 'gbp'] }, () => jsonResponse({ products: [tote] }));
    renderApp('/');
    await screen.findByRole('option', { name: 'GBP' });
    expect(await switcherOptions()).toEqual(['EUR', 'GBP']);
    // A shop that does not sell in the default shows its first currency.
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Currency' }).value).toBe('eur');
  });

  it('keeps a remembered currency the shop offers, and drops one it no longer does', async () => {
    window.localStorage.setItem(CURRENCY_STORAGE_KEY, 'jpy');
    mockFetchWithConfig({ ...storefrontConfig, currencies: ['usd', 'jpy'] }, () => jsonResponse({ products: [tote] }));
    const { unmount } = renderApp('/');
    await screen.findByRole('option', { name: 'USD' });
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Currency' }).value).toBe('jpy');
    unmount();
    mockFetchWithConfig({ ...storefrontConfig, currencies: ['usd'] }, () => jsonResponse({ products: [tote] }));
    renderApp('/');
    await waitFor(async () => expect(await switcherOptions()).toEqual(['USD']));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Currency' }).value).toBe('usd');
  });
});
