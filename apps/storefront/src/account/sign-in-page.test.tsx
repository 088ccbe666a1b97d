import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiRoutes, jsonResponse, mockFetch, shopperSessionFixture, signInShopper, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

describe('signing in', () => {
  it('asks for a link by email, in the shopper’s language, and says the same whatever the address', async () => {
    const sent: unknown[] = [];
    mockFetch(
      apiRoutes({
        'POST /api/account/sign-in-link': (init) => {
          sent.push(JSON.parse(String(init?.body)));
          return jsonResponse({ sent: true }, 202);
        },
      }),
    );
    renderApp('/account/sign-in');
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeDefined();
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Email me a sign-in link' }));
    expect(screen.getByRole('alert').textContent).toContain('Enter a valid email address');
    expect(sent).toEqual([]);

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: ' ada@example.com ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Email me a sign-in link' }));
    expect(await screen.findByText(/if ada@example.com can receive email, a sign-in link is on its way/)).toBeDefined();
    expect(sent).toEqual([{ email: 'ada@example.com', locale: 'en' }]);
  });

  it('opens a link: the token from the fragment signs in once, leaves the address bar, and shows the account', async () => {
    const redeemed: unknown[] = [];
    mockFetch(
      apiRoutes({
        'GET /api/account/orders': () => jsonResponse({ orders: [], claimable: 0 }),
        'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: [] }),
        'POST /api/account/session': (init) => {
          redeemed.push(JSON.parse(String(init?.body)));
          signInShopper(shopperSessionFixture);
          return jsonResponse(shopperSessionFixture);
        },
      }),
    );
    window.history.replaceState(null, '', '/account/sign-in#token=abcdefghijklmnopqrstuvwxyz');
    renderApp('/account/sign-in#token=abcdefghijklmnopqrstuvwxyz');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your account' })).toBeDefined();
    expect(screen.getByText('Signed in as ada@example.com.')).toBeDefined();
    expect(redeemed).toEqual([{ token: 'abcdefghijklmnopqrstuvwxyz', locale: 'en' }]);
    expect(window.location.hash).toBe('');
    expect(screen.getByRole('link', { name: 'Your account' })).toBeDefined();
  });

  it('says a used or expired link no longer works, and offers to send another', async () => {
    mockFetch(
      apiRoutes({
        'POST /api/account/session': () =>
          jsonResponse(
            { error: { code: 'sign_in_link_invalid', message: 'This sign-in link was used already.' } },
            400,
          ),
      }),
    );
    renderApp('/account/sign-in#token=zyxwvutsrqponmlkjihgfedcba');
    expect((await screen.findByRole('alert')).textContent).toContain('used already or has expired');
    expect(screen.getByRole('button', { name: 'Email me a sign-in link' })).toBeDefined();
  });

  it('signs out with the session’s CSRF token', async () => {
    signInShopper(shopperSessionFixture);
    const headers: Headers[] = [];
    mockFetch(
      apiRoutes({
        'GET /api/products': () => jsonResponse({ products: [tote] }),
        'GET /api/account/orders': () => jsonResponse({ orders: [], claimable: 0 }),
        'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: [] }),
        'DELETE /api/account/session': (init) => {
          headers.push(new Headers(init?.headers));
          signInShopper(null);
          return new Response(null, { status: 204 });
        },
      }),
    );
    renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Sign in' })).toBeDefined());
    expect(headers[0]?.get('x-csrf-token')).toBe(shopperSessionFixture.csrfToken);
  });

  it('lists the account’s orders in the shopper’s words, and adds the guest orders of its email on request', async () => {
    signInShopper(shopperSessionFixture);
    const order = (id: string, status: string, amountRefunded = 0) => ({
      id,
      status,
      amount: 3600,
      amountRefunded,
      currency: 'jpy',
      createdAt: '2026-12-01T10:00:00.000Z',
      items: 2,
    });
    let claimed = false;
    const headers: Headers[] = [];
    mockFetch(
      apiRoutes({
        'GET /api/account/orders': () =>
          jsonResponse(
            claimed
              ? {
                  orders: [
                    order('a1b2c3d4-0000-4000-8000-000000000001', 'refunded', 3600),
                    order('b1b2c3d4-0000-4000-8000-000000000002', 'paid'),
                  ],
                  claimable: 0,
                }
              : { orders: [order('a1b2c3d4-0000-4000-8000-000000000001', 'refunded', 3600)], claimable: 1 },
          ),
        'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: [] }),
        'POST /api/account/orders/claim': (init) => {
          headers.push(new Headers(init?.headers));
          claimed = true;
          return jsonResponse({ claimed: 1 });
        },
      }),
    );
    renderApp('/account');
    const list = await screen.findByRole('list', { name: 'Your orders' });
    expect(list.textContent).toContain('Order A1B2C3D4');
    expect(list.textContent).toContain('2 items · Refunded · ¥3,600 refunded');
    expect(screen.getByRole('link', { name: 'Order A1B2C3D4' }).getAttribute('href')).toBe(
      '/orders/a1b2c3d4-0000-4000-8000-000000000001',
    );
    expect(screen.getByText('You placed 1 earlier order with this email as a guest.')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Add them to your account' }));
    expect(await screen.findByRole('link', { name: 'Order B1B2C3D4' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Add them to your account' })).toBeNull();
    expect(headers[0]?.get('x-csrf-token')).toBe(shopperSessionFixture.csrfToken);
  });
});
