import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  adminCustomer,
  apiError,
  CUSTOMER_ID,
  customerDetail,
  jsonResponse,
  mockApi,
  ORDER_ID,
  sessionFor,
} from '../test/fixtures';
import { renderApp } from '../test/render-app';

const searchForm = () => screen.getByRole('search', { name: 'Customer search' });

describe('customer list', () => {
  it('lists the newest accounts, searches through the URL, and links each row to its customer', async () => {
    const bob = adminCustomer({
      id: '0b0b0b0b-0000-4000-8000-000000000002',
      email: 'bob@example.test',
      stripeCustomerId: null,
      lastSignInAt: null,
      orders: 0,
    });
    const api = mockApi({
      'GET /api/admin/customers': ({ search }) =>
        jsonResponse({ customers: search.get('q') ? [adminCustomer()] : [adminCustomer(), bob], emailsMasked: false }),
    });
    const { router } = renderApp('/customers');

    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeDefined();
    expect(await screen.findByRole('heading', { name: '2 accounts, newest first' })).toBeDefined();
    expect(Object.fromEntries(api.callsTo('GET', '/api/admin/customers')[0]!.search)).toEqual({ limit: '50' });
    const table = screen.getByRole('table', { name: 'Customer accounts' });
    const ada = within(table).getByRole('row', { name: /ada@example.test/ });
    expect(within(ada).getByRole('link', { name: 'ada@example.test' }).getAttribute('href')).toBe(
      `/customers/${CUSTOMER_ID}`,
    );
    expect(within(ada).getByText('cus_ada')).toBeDefined();
    expect(within(ada).getByText('2')).toBeDefined();
    const bobRow = within(table).getByRole('row', { name: /bob@example.test/ });
    expect(within(bobRow).getAllByText('—')).toHaveLength(2);
    // Admins search by part of an email.
    expect(within(searchForm()).getByText(/Part of an email/)).toBeDefined();

    fireEvent.change(within(searchForm()).getByLabelText('Search'), { target: { value: '  ada@  ' } });
    fireEvent.click(within(searchForm()).getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=ada%40'));
    expect(await screen.findByRole('heading', { name: '1 account' })).toBeDefined();
    expect(Object.fromEntries(api.callsTo('GET', '/api/admin/customers').at(-1)!.search)).toEqual({
      q: 'ada@',
      limit: '50',
    });

    fireEvent.click(within(searchForm()).getByRole('button', { name: 'Show newest' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('heading', { name: '2 accounts, newest first' })).toBeDefined();
  });

  it('tells a viewer that masked emails find an account only by its whole email or an id', async () => {
    const api = mockApi({
      'GET /api/admin/customers': ({ search }) =>
        jsonResponse({
          customers: search.get('q') === 'ada@example.test' ? [adminCustomer({ email: 'a***@example.test' })] : [],
          emailsMasked: true,
        }),
    });
    renderApp('/customers?q=ada', { session: sessionFor('viewer') });

    const input = within(searchForm()).getByLabelText<HTMLInputElement>('Search');
    expect(input.value).toBe('ada');
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toContain('enter a whole email, an account id or a Stripe Customer id');
    expect(await screen.findByRole('heading', { name: 'No accounts match “ada”' })).toBeDefined();
    expect(
      screen.getByText(/only a whole email, an account id or a Stripe Customer id finds an account/),
    ).toBeDefined();

    fireEvent.change(input, { target: { value: 'ada@example.test' } });
    fireEvent.click(within(searchForm()).getByRole('button', { name: 'Search' }));
    expect(await screen.findByRole('link', { name: 'a***@example.test' })).toBeDefined();
    expect(screen.getByText('Emails are masked: support and admins see them whole.')).toBeDefined();
    expect(api.callsTo('GET', '/api/admin/customers').at(-1)?.search.get('q')).toBe('ada@example.test');
  });

  it('shows an empty list and the API error', async () => {
    mockApi({ 'GET /api/admin/customers': () => jsonResponse({ customers: [], emailsMasked: false }) });
    const first = renderApp('/customers');
    expect(await screen.findByRole('heading', { name: 'No customer accounts yet' })).toBeDefined();
    first.unmount();

    mockApi({
      'GET /api/admin/customers': () =>
        apiError(400, 'validation_failed', 'The q cannot be used.', { q: 'is too long' }),
    });
    renderApp('/customers?q=x');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The q cannot be used.');
    expect(alert.textContent).toContain('validation_failed');
  });
});

describe('customer page', () => {
  it('shows the account, its orders with their payment links, saved cards and emails', async () => {
    const api = mockApi({ [`GET /api/admin/customers/${CUSTOMER_ID}`]: () => jsonResponse(customerDetail()) });
    renderApp(`/customers/${CUSTOMER_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'ada@example.test' })).toBeDefined();
    expect(api.calls).toHaveLength(1);
    const account = screen.getByRole('region', { name: 'Account' });
    expect(within(account).getByText('cus_ada')).toBeDefined();
    expect(within(account).getByText(CUSTOMER_ID)).toBeDefined();

    const orders = screen.getByRole('table', { name: /Orders of this customer/ });
    const usd = within(orders).getByRole('row', { name: new RegExp(`Payment ${ORDER_ID.slice(0, 8)}`) });
    expect(within(usd).getByRole('link').getAttribute('href')).toBe(`/payments/${ORDER_ID}`);
    expect(within(usd).getByText('$24.00')).toBeDefined();
    expect(within(usd).getByText('$10.00')).toBeDefined();
    expect(within(usd).getByText('visa •••• 4242')).toBeDefined();
    expect(within(usd).getByText('Partially refunded')).toBeDefined();
    // Zero-decimal currencies are whole: 1500 JPY is ¥1,500, not ¥15.00.
    const jpy = within(orders).getByRole('row', { name: /Payment 0a0a0a0a/ });
    expect(within(jpy).getByText('¥1,500')).toBeDefined();
    expect(within(jpy).getByText('mastercard •••• 4444')).toBeDefined();

    const cards = screen.getByRole('list', { name: 'Saved cards' });
    const items = within(cards).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'visa •••• 4242, expires 04/2031 (default)',
      'amex •••• 0005, expires 12/2029',
    ]);

    const emails = screen.getByRole('table', { name: /Emails sent to this customer/ });
    const receipt = within(emails).getByRole('row', { name: /Payment receipt/ });
    expect(within(receipt).getByText('a***@example.test')).toBeDefined();
    expect(within(receipt).getByText('Sent')).toBeDefined();
  });

  it('says when Stripe could not be asked for the saved cards, and marks masked emails', async () => {
    mockApi({
      [`GET /api/admin/customers/${CUSTOMER_ID}`]: () =>
        jsonResponse(
          customerDetail({
            customer: adminCustomer({ email: 'a***@example.test' }),
            emailsMasked: true,
            savedCards: null,
            orders: [],
            notifications: [],
          }),
        ),
    });
    renderApp(`/customers/${CUSTOMER_ID}`, { session: sessionFor('viewer') });

    expect(await screen.findByRole('heading', { level: 1, name: 'a***@example.test' })).toBeDefined();
    expect(screen.getByText('Emails are masked for your role: support and admins see them whole.')).toBeDefined();
    const cards = screen.getByRole('region', { name: 'Saved cards' });
    expect(within(cards).getByRole('status').textContent).toContain('Stripe could not be asked for the saved cards');
    expect(screen.queryByRole('list', { name: 'Saved cards' })).toBeNull();
    expect(screen.getByText('No orders yet.')).toBeDefined();
    expect(screen.getByText('No emails yet.')).toBeDefined();
  });

  it('answers an unknown account, and an id that is no account id, with the not-found state', async () => {
    const api = mockApi({});
    const first = renderApp(`/customers/${CUSTOMER_ID}`);
    expect(await screen.findByRole('heading', { name: 'No such customer' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the customer list' }).getAttribute('href')).toBe('/customers');
    expect(api.calls).toHaveLength(1);
    first.unmount();

    const none = mockApi({});
    renderApp('/customers/cus_ada');
    expect(await screen.findByRole('heading', { name: 'No such customer' })).toBeDefined();
    expect(none.calls).toEqual([]);
  });
});
