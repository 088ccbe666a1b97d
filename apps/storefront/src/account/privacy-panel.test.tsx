import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRoutes, jsonResponse, mockFetch, shopperSessionFixture, signInShopper } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const exported = {
  exportedAt: '2026-12-07T10:00:00.000Z',
  email: shopperSessionFixture.customer.email,
  account: null,
  orders: [],
  payments: [],
  refunds: [],
  disputes: [],
  paymentAnomalies: [],
  notifications: [],
  signIns: { links: [], sessions: [] },
  stripeEvents: [],
};
const erased = {
  account: true,
  stripeCustomerDeleted: true,
  orders: 1,
  payments: 1,
  refunds: 0,
  notifications: 2,
  stripeEvents: 4,
  signIns: 2,
};
const base = {
  'GET /api/account/orders': () => jsonResponse({ orders: [], claimable: 0 }),
  'GET /api/account/payment-methods': () => jsonResponse({ paymentMethods: [] }),
};

describe('the account’s data: download and delete', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads every row about the shopper as a JSON file', async () => {
    signInShopper(shopperSessionFixture);
    mockFetch(apiRoutes({ ...base, 'GET /api/account/data': () => jsonResponse(exported) }));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:my-data'));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('my-data-2026-12-07.json');
    });
    renderApp('/account');
    fireEvent.click(await screen.findByRole('button', { name: 'Download my data' }));
    await vi.waitFor(() => expect(click).toHaveBeenCalledOnce());
    expect(JSON.parse(await blobs[0]!.text())).toEqual(exported);
  });

  it('deletes the account only when the shopper types their own email, then says it is done', async () => {
    signInShopper(shopperSessionFixture);
    const deletions: unknown[] = [];
    mockFetch(
      apiRoutes({
        ...base,
        'DELETE /api/account': (init) => {
          deletions.push([JSON.parse(String(init?.body)), new Headers(init?.headers).get('x-csrf-token')]);
          return jsonResponse(erased);
        },
      }),
    );
    renderApp('/account');
    const confirm = await screen.findByLabelText('Type your email to confirm');
    fireEvent.change(confirm, { target: { value: 'someone@else.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(await screen.findByText('That is not the email of this account.')).toBeDefined();
    expect(confirm.getAttribute('aria-invalid')).toBe('true');
    expect(deletions).toEqual([]);

    fireEvent.change(confirm, { target: { value: shopperSessionFixture.customer.email.toUpperCase() } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(await screen.findByRole('heading', { name: 'Your account is deleted' })).toBeDefined();
    expect(deletions).toEqual([
      [{ confirmEmail: shopperSessionFixture.customer.email.toUpperCase() }, shopperSessionFixture.csrfToken],
    ]);
  });

  it('says nothing was deleted when Stripe cannot be reached', async () => {
    signInShopper(shopperSessionFixture);
    mockFetch(
      apiRoutes({
        ...base,
        'DELETE /api/account': () =>
          jsonResponse({ error: { code: 'stripe_unavailable', message: 'Stripe is unreachable' } }, 503),
      }),
    );
    renderApp('/account');
    fireEvent.change(await screen.findByLabelText('Type your email to confirm'), {
      target: { value: shopperSessionFixture.customer.email },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Nothing was deleted/);
  });
});
