import type { StaffRole } from '@storepay/payments-core';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, mockFetch, sessionFor, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

function navLinks(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Admin sections' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('admin routes', () => {
  it('open the catalog from the root, inside the staff layout', async () => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    const { router } = renderApp('/');

    await waitFor(() => expect(router.state.location.pathname).toBe('/catalog'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Catalog' })).toBeDefined();
    expect(within(screen.getByRole('banner')).getByText('Staff dashboard')).toBeDefined();
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' })).toBeDefined();

    const nav = screen.getByRole('navigation', { name: 'Admin sections' });
    const catalog = within(nav).getByRole('link', { name: 'Catalog' });
    expect(catalog.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
  });

  it('answer an unknown path with a 404 page, without calling the API', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [] }));
    renderApp('/no-such-page');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByText('/no-such-page')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Admin sections' })).toBeDefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('role-based navigation', () => {
  it.each<[StaffRole, string[]]>([
    [
      'viewer',
      ['Payments', 'Authorisations', 'Reviews', 'Disputes', 'Customers', 'Webhooks', 'Catalog', 'Your account'],
    ],
    [
      'support',
      ['Payments', 'Authorisations', 'Reviews', 'Disputes', 'Customers', 'Webhooks', 'Catalog', 'Your account'],
    ],
    [
      'admin',
      [
        'Payments',
        'Authorisations',
        'Approvals',
        'Reviews',
        'Disputes',
        'Customers',
        'Privacy requests',
        'Webhooks',
        'Catalog',
        'Audit log',
        'Staff',
        'Your account',
      ],
    ],
  ])('shows a %s only the pages the role may use', async (role, links) => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    renderApp('/catalog', { session: sessionFor(role) });
    await screen.findByRole('heading', { level: 1, name: 'Catalog' });
    expect(navLinks()).toEqual(links);
  });

  it.each(['/audit', '/staff', '/approvals', '/privacy'])(
    'refuses %s to a viewer without asking the API',
    async (path) => {
      const api = mockApi({});
      renderApp(path, { session: sessionFor('viewer') });
      expect(await screen.findByRole('heading', { level: 1, name: "You can't open this page" })).toBeDefined();
      expect(api.calls).toEqual([]);
    },
  );
});
