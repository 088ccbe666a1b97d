import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiRoutes, jsonResponse, mockFetch, shopperSessionFixture, signInShopper } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const visa = { id: 'pm_visa', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034, isDefault: true };
const amex = { id: 'pm_amex', brand: 'amex', last4: '0005', expMonth: 3, expYear: 2031, isDefault: false };

describe('the account’s payment methods', () => {
  it('lists the saved cards, and removes one or makes one the default with the session’s CSRF token', async () => {
    signInShopper(shopperSessionFixture);
    let cards = [visa, amex];
    const writes: string[] = [];
    mockFetch(
      apiRoutes({
        'GET /api/account/orders': () => jsonResponse({ orders: [], claimable: 0 }),
        'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: cards }),
        'POST /api/account/payment-methods/pm_amex/default': (init) => {
          writes.push(`default ${new Headers(init?.headers).get('x-csrf-token')}`);
          cards = [
            { ...visa, isDefault: false },
            { ...amex, isDefault: true },
          ];
          return new Response(null, { status: 204 });
        },
        'DELETE /api/account/payment-methods/pm_visa': (init) => {
          writes.push(`remove ${new Headers(init?.headers).get('x-csrf-token')}`);
          cards = cards.filter((card) => card.id !== 'pm_visa');
          return new Response(null, { status: 204 });
        },
      }),
    );
    renderApp('/account');
    const list = await screen.findByRole('list', { name: 'Payment methods' });
    expect(list.textContent).toContain('Visa ending in 4242');
    expect(list.textContent).toContain('Expires 12/2034');
    expect(within(list).getAllByText('Default')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Make default: Visa ending in 4242' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Make default: American Express ending in 0005' }));
    expect(await screen.findByRole('button', { name: 'Make default: Visa ending in 4242' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Remove: Visa ending in 4242' }));
    await waitFor(() => expect(screen.queryByText('Visa ending in 4242')).toBeNull());
    expect(writes).toEqual([`default ${shopperSessionFixture.csrfToken}`, `remove ${shopperSessionFixture.csrfToken}`]);
  });

  it('says so when nothing is saved', async () => {
    signInShopper(shopperSessionFixture);
    mockFetch(
      apiRoutes({
        'GET /api/account/orders': () => jsonResponse({ orders: [], claimable: 0 }),
        'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: [] }),
      }),
    );
    renderApp('/account');
    expect(await screen.findByText(/No saved cards/)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Add a card' })).toBeDefined();
  });
});
