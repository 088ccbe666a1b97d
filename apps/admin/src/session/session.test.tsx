import type { AdminSession } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, jsonResponse, mockApi, sessionFor, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';
import { safeNextPath } from './sign-in-path';

function signInWith(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('sends a visitor without a session to sign-in, then back where they were going, with the CSRF token on writes', async () => {
    let session: AdminSession | null = null;
    const api = mockApi({
      'GET /api/admin/session': () => (session ? jsonResponse(session) : apiError(401, 'unauthenticated', 'Sign in')),
      'POST /api/admin/session': () => {
        session = sessionFor('support', 'csrf-from-sign-in');
        return jsonResponse(session);
      },
      'GET /api/admin/products': () => jsonResponse({ products: [tote] }),
      'DELETE /api/admin/session': () => new Response(null, { status: 204 }),
    });
    const { router } = renderApp('/catalog?view=all', { session: 'fetch' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/catalog?view=all')}`);
    expect(api.callsTo('GET', '/api/admin/products')).toHaveLength(0);

    signInWith('support@storepay.test', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 1, name: 'Catalog' })).toBeDefined();
    expect(router.state.location.pathname + router.state.location.search).toBe('/catalog?view=all');
    expect(api.callsTo('POST', '/api/admin/session')[0]?.body).toEqual({
      email: 'support@storepay.test',
      password: 'correct horse battery',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    const signOut = api.callsTo('DELETE', '/api/admin/session');
    expect(signOut).toHaveLength(1);
    expect(signOut[0]?.headers['x-csrf-token']).toBe('csrf-from-sign-in');
  });

  it.each([
    [apiError(401, 'invalid_credentials', 'The email or password is wrong.'), 'The email or password is wrong.'],
    [apiError(429, 'account_locked', 'Too many failed sign-ins.'), 'This account is locked'],
    [apiError(429, 'rate_limited', 'Rate limit exceeded'), 'Too many sign-in attempts from this address'],
  ])('shows why a sign-in failed (%#)', async (response, message) => {
    mockApi({
      'GET /api/admin/session': () => apiError(401, 'unauthenticated', 'Sign in'),
      'POST /api/admin/session': () => response.clone(),
    });
    const { router } = renderApp('/sign-in', { session: 'fetch' });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });

    signInWith('admin@storepay.test', 'wrong password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(message);
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('checks the form before asking the API', async () => {
    const api = mockApi({ 'GET /api/admin/session': () => apiError(401, 'unauthenticated', 'Sign in') });
    renderApp('/sign-in', { session: 'fetch' });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    signInWith('not-an-email', '');
    expect((await screen.findByRole('alert')).textContent).toContain('Enter a valid email address');
    expect(api.callsTo('POST', '/api/admin/session')).toHaveLength(0);
  });

  it('goes back to sign-in when any request answers 401 (the session expired)', async () => {
    mockApi({
      'GET /api/admin/session': () => apiError(401, 'unauthenticated', 'Sign in to continue.'),
      'GET /api/admin/products': () => apiError(401, 'unauthenticated', 'Sign in to continue.'),
    });
    const { router } = renderApp('/catalog');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/catalog')}`);
    expect(screen.queryByRole('navigation', { name: 'Admin sections' })).toBeNull();
  });

  it('skips the form for someone already signed in', async () => {
    mockApi({ 'GET /api/admin/products': () => jsonResponse({ products: [tote] }) });
    const { router } = renderApp('/sign-in?next=%2Fcatalog');
    await waitFor(() => expect(router.state.location.pathname).toBe('/catalog'));
    expect(within(screen.getByRole('banner')).getByText('Admin Person')).toBeDefined();
  });
});

describe('safeNextPath', () => {
  it('only returns paths of this app', () => {
    expect(safeNextPath('/payments?status=paid')).toBe('/payments?status=paid');
    expect(safeNextPath('https://evil.test/')).toBe('/');
    expect(safeNextPath('//evil.test/')).toBe('/');
    expect(safeNextPath('/sign-in?next=/x')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
