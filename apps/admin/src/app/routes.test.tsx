import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

describe('admin routes', () => {
  it('open the catalog from the root, inside the staff layout', async () => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    const { router } = renderApp('/');

    await waitFor(() => expect(router.state.location.pathname).toBe('/catalog'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Catalog' })).toBeDefined();
    expect(within(screen.getByRole('banner')).getByText('Staff dashboard')).toBeDefined();

    const nav = screen.getByRole('navigation', { name: 'Admin sections' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Catalog']);
    expect(links[0]?.getAttribute('aria-current')).toBe('page');
  });

  it('answer an unknown path with a 404 page, without calling the API', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [] }));
    renderApp('/payments/does-not-exist');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByText('/payments/does-not-exist')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Admin sections' })).toBeDefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
