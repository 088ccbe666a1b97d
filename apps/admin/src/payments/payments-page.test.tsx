import type { DisputeTotals, PaymentListItem } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, jsonResponse, mockApi, paymentItem } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const NO_DISPUTES: DisputeTotals = { atRisk: {}, won: {}, lost: {} };
/** A page of the explorer as the API answers it. */
const page = (payments: PaymentListItem[], nextCursor: string | null, disputeTotals = NO_DISPUTES) => ({
  payments,
  nextCursor,
  disputeTotals,
});

const form = () => screen.getByRole('form', { name: 'Payment filters' });
const input = (label: string) => within(form()).getByLabelText<HTMLInputElement>(label);
const checkbox = (label: string) => within(form()).getByRole<HTMLInputElement>('checkbox', { name: label });

function listCalls(api: ReturnType<typeof mockApi>) {
  return api.callsTo('GET', '/api/admin/payments').map((call) => Object.fromEntries(call.search));
}

describe('payments explorer', () => {
  it('reads every filter from the URL, sends it to the API in minor units, and writes changes back to the URL', async () => {
    const api = mockApi({
      'GET /api/admin/payments': () => jsonResponse(page([paymentItem()], null)),
    });
    const { router } = renderApp(
      '/payments?status=paid,refunded&currency=usd&min=12.50&max=100&from=2026-11-01&to=2026-11-30&q=ada%40example.test&sort=amount_desc',
      { session: undefined },
    );

    expect(await screen.findByRole('heading', { name: '1 payment' })).toBeDefined();
    expect(listCalls(api)[0]).toEqual({
      status: 'paid,refunded',
      currency: 'usd',
      minAmount: '1250',
      maxAmount: '10000',
      from: '2026-11-01',
      to: '2026-12-01',
      q: 'ada@example.test',
      sort: 'amount_desc',
      limit: '50',
    });
    // The form shows the URL's filters.
    expect(checkbox('Paid').checked).toBe(true);
    expect(checkbox('Refunded').checked).toBe(true);
    expect(checkbox('Failed').checked).toBe(false);
    expect(input('Currency').value).toBe('usd');
    expect(input('Minimum amount').value).toBe('12.50');
    expect(input('Maximum amount').value).toBe('100');
    expect(input('Search').value).toBe('ada@example.test');
    expect(input('Sort').value).toBe('amount_desc');
    // The CSV export carries the same filters, without paging.
    const csv = screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href') ?? '';
    expect(csv.startsWith('/api/admin/payments/export.csv?')).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(csv.split('?')[1]))).toEqual({
      status: 'paid,refunded',
      currency: 'usd',
      minAmount: '1250',
      maxAmount: '10000',
      from: '2026-11-01',
      to: '2026-12-01',
      q: 'ada@example.test',
      sort: 'amount_desc',
    });

    // Change to JPY: "12.5" is refused (no decimals), nothing is sent.
    fireEvent.click(checkbox('Refunded'));
    fireEvent.change(input('Currency'), { target: { value: 'jpy' } });
    fireEvent.change(input('Minimum amount'), { target: { value: '1500' } });
    fireEvent.change(input('Maximum amount'), { target: { value: '12.5' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Apply filters' }));
    expect(await within(form()).findByText(/JPY has no decimals/)).toBeDefined();
    expect(input('Maximum amount').getAttribute('aria-invalid')).toBe('true');
    expect(router.state.location.search).toContain('currency=usd');

    fireEvent.change(input('Maximum amount'), { target: { value: '3000' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(router.state.location.search).toContain('currency=jpy'));
    const search = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(search)).toEqual({
      status: 'paid',
      currency: 'jpy',
      min: '1500',
      max: '3000',
      from: '2026-11-01',
      to: '2026-11-30',
      q: 'ada@example.test',
      sort: 'amount_desc',
    });
    await waitFor(() =>
      expect(listCalls(api).at(-1)).toMatchObject({
        currency: 'jpy',
        minAmount: '1500',
        maxAmount: '3000',
        status: 'paid',
      }),
    );

    // Back: the previous URL, and the form follows it.
    await router.navigate(-1);
    await waitFor(() => expect(input('Currency').value).toBe('usd'));
    expect(input('Minimum amount').value).toBe('12.50');
    expect(checkbox('Refunded').checked).toBe(true);
  });

  it('narrows to disputed payments and shows what their disputes put at risk, won and lost', async () => {
    const api = mockApi({
      'GET /api/admin/payments': () =>
        jsonResponse(page([paymentItem()], null, { atRisk: { usd: 2400 }, won: { jpy: 5000, usd: 1000 }, lost: {} })),
    });
    const { router } = renderApp('/payments');
    const totals = await screen.findByLabelText('Dispute totals');
    expect(totals.textContent).toContain('At risk (open)$24.00');
    expect(totals.textContent).toContain('Won¥5,000 · $10.00');
    expect(totals.textContent).toContain('Lost—');

    fireEvent.change(input('Disputes'), { target: { value: 'won' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?dispute=won'));
    await waitFor(() => expect(listCalls(api).at(-1)).toMatchObject({ dispute: 'won' }));
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain('dispute=won');
  });

  it('loads the next keyset page on "Load more"', async () => {
    const second = paymentItem({ orderId: '0a0a0a0a-0000-4000-8000-000000000002', email: 'bob@example.test' });
    const api = mockApi({
      'GET /api/admin/payments': ({ search }) =>
        search.get('cursor') === 'next-1'
          ? jsonResponse(page([second], null))
          : jsonResponse(page([paymentItem()], 'next-1')),
    });
    renderApp('/payments');

    expect(await screen.findByRole('heading', { name: '1 payment shown, more available' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('heading', { name: '2 payments' })).toBeDefined();
    expect(screen.getByText('bob@example.test')).toBeDefined();
    expect(listCalls(api)[1]).toMatchObject({ cursor: 'next-1', sort: 'created_desc' });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const row = screen.getByRole('row', { name: /ada@example.test/ });
    expect(within(row).getByText('$24.00')).toBeDefined();
    expect(within(row).getByRole('link').getAttribute('href')).toBe(`/payments/${paymentItem().orderId}`);
  });

  it('has empty and error states', async () => {
    mockApi({ 'GET /api/admin/payments': () => jsonResponse(page([], null)) });
    const first = renderApp('/payments?status=failed');
    expect(await screen.findByRole('heading', { name: 'No payments match these filters' })).toBeDefined();
    first.unmount();

    mockApi({ 'GET /api/admin/payments': () => apiError(400, 'invalid_query', 'minAmount needs currency') });
    renderApp('/payments');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('minAmount needs currency');
  });
});
