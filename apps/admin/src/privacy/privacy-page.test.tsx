import type { StaffRole } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, erasureResult, jsonResponse, mockApi, personalDataExport, sessionFor } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const exportForm = () => screen.getByRole('region', { name: "Export a person's data" });
const erasureForm = () => screen.getByRole('region', { name: "Erase a person's data" });
const type = (region: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(region).getByLabelText(label), { target: { value } });

/** URL.createObjectURL, recording the blobs the page offers. */
function stubObjectUrls() {
  const blobs: Blob[] = [];
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return `blob:http://admin.test/export-${blobs.length}`;
  });
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  return { blobs, create, revoke };
}

describe('privacy requests: who may open them', () => {
  it.each<StaffRole>(['viewer', 'support'])(
    'are neither in the sidebar nor open to %s, without asking the API',
    async (role) => {
      const api = mockApi({});
      renderApp('/privacy', { session: sessionFor(role) });
      expect(await screen.findByRole('heading', { level: 1, name: "You can't open this page" })).toBeDefined();
      const nav = screen.getByRole('navigation', { name: 'Admin sections' });
      expect(within(nav).getByRole('link', { name: 'Customers' })).toBeDefined();
      expect(within(nav).queryByRole('link', { name: 'Privacy requests' })).toBeNull();
      expect(screen.queryByRole('region', { name: "Erase a person's data" })).toBeNull();
      expect(api.calls).toEqual([]);
    },
  );

  it('are in an admin’s sidebar', async () => {
    mockApi({});
    renderApp('/privacy');
    expect(await screen.findByRole('heading', { level: 1, name: 'Privacy requests' })).toBeDefined();
    const nav = screen.getByRole('navigation', { name: 'Admin sections' });
    expect(within(nav).getByRole('link', { name: 'Privacy requests' }).getAttribute('aria-current')).toBe('page');
  });
});

describe('privacy export', () => {
  it('checks the email, posts it with the CSRF token, offers the JSON as a file and sums it up', async () => {
    const urls = stubObjectUrls();
    const api = mockApi({
      'POST /api/admin/privacy/export': () => jsonResponse(personalDataExport()),
    });
    renderApp('/privacy');
    await screen.findByRole('heading', { level: 1, name: 'Privacy requests' });

    type(exportForm(), 'Email', 'not an email');
    fireEvent.click(within(exportForm()).getByRole('button', { name: 'Export data' }));
    expect(within(exportForm()).getByText('Email must be an email address')).toBeDefined();
    expect(within(exportForm()).getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls).toEqual([]);

    type(exportForm(), 'Email', ' ada@example.test ');
    fireEvent.click(within(exportForm()).getByRole('button', { name: 'Export data' }));
    const link = await within(exportForm()).findByRole('link', { name: 'Download personal-data-2026-11-26.json' });
    const [call] = api.callsTo('POST', '/api/admin/privacy/export');
    expect(call?.body).toEqual({ email: 'ada@example.test' });
    expect(call?.headers['x-csrf-token']).toBe('csrf-admin');
    expect(link.getAttribute('href')).toBe('blob:http://admin.test/export-1');
    expect(link.getAttribute('download')).toBe('personal-data-2026-11-26.json');
    expect(urls.blobs[0]?.type).toBe('application/json');
    expect(JSON.parse(await urls.blobs[0]!.text())).toEqual(personalDataExport());

    const summary = within(exportForm()).getByRole('status');
    expect(summary.textContent).toContain('an account, 1 order, 1 payment, 1 refund, 2 notifications');
    const list = within(exportForm()).getByLabelText('Export summary');
    expect(within(list).getByText('Notifications').nextElementSibling?.textContent).toBe('2');

    // A second export replaces the first, whose object URL is let go.
    fireEvent.click(within(exportForm()).getByRole('button', { name: 'Export data' }));
    await waitFor(() => expect(urls.create).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(urls.revoke).toHaveBeenCalledWith('blob:http://admin.test/export-1'));
    expect((await within(exportForm()).findByRole('link', { name: /Download/ })).getAttribute('href')).toBe(
      'blob:http://admin.test/export-2',
    );
  });

  it('says when a guest has no account, and shows the API’s field error next to the field', async () => {
    stubObjectUrls();
    mockApi({
      'POST /api/admin/privacy/export': (call) =>
        (call.body as { email: string }).email === 'guest@example.test'
          ? jsonResponse(personalDataExport({ email: 'guest@example.test', account: null, refunds: [] }))
          : apiError(400, 'validation_failed', 'The email cannot be used.', { email: 'is too long' }),
    });
    renderApp('/privacy');
    await screen.findByRole('heading', { level: 1, name: 'Privacy requests' });

    type(exportForm(), 'Email', 'someone@example.test');
    fireEvent.click(within(exportForm()).getByRole('button', { name: 'Export data' }));
    expect(await within(exportForm()).findByText('Email is too long')).toBeDefined();
    expect(within(exportForm()).queryByRole('alert')).toBeNull();

    type(exportForm(), 'Email', 'guest@example.test');
    fireEvent.click(within(exportForm()).getByRole('button', { name: 'Export data' }));
    const summary = await within(exportForm()).findByRole('status');
    expect(summary.textContent).toContain('no account (a guest), 1 order, 1 payment, 0 refunds');
  });
});

describe('privacy erasure', () => {
  it('asks for the email twice, sends both, shows the API’s field error, then the counts', async () => {
    let attempts = 0;
    const api = mockApi({
      'POST /api/admin/privacy/erasure': () =>
        ++attempts === 1
          ? apiError(400, 'validation_failed', 'The confirmEmail cannot be used.', {
              confirmEmail: 'must be the same email',
            })
          : jsonResponse(erasureResult),
    });
    renderApp('/privacy');
    await screen.findByRole('heading', { level: 1, name: 'Privacy requests' });
    // What goes and what stays is said before anything is asked.
    expect(within(erasureForm()).getByText(/their Stripe Customer and the cards saved to it/)).toBeDefined();
    expect(within(erasureForm()).getByText(/amounts, currencies, dates, statuses and ids/)).toBeDefined();
    expect(within(erasureForm()).getByText(/never the email/)).toBeDefined();

    // Typed differently: refused here, nothing sent.
    type(erasureForm(), 'Email', 'ada@example.test');
    type(erasureForm(), 'Email again', 'ada@example.tset');
    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    expect(within(erasureForm()).getByText('Email again must be the same email')).toBeDefined();
    expect(api.calls).toEqual([]);

    // The server checks too: its field error lands next to the field.
    type(erasureForm(), 'Email again', 'ADA@example.test ');
    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/admin/privacy/erasure')).toHaveLength(1));
    const [first] = api.callsTo('POST', '/api/admin/privacy/erasure');
    expect(first?.body).toEqual({ email: 'ada@example.test', confirmEmail: 'ADA@example.test' });
    expect(first?.headers['x-csrf-token']).toBe('csrf-admin');
    expect(await within(erasureForm()).findByText('Email again must be the same email')).toBeDefined();
    expect(within(erasureForm()).getByLabelText('Email again').getAttribute('aria-invalid')).toBe('true');
    expect(within(erasureForm()).queryByRole('alert')).toBeNull();

    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    const status = await within(erasureForm()).findByRole('status');
    expect(status.textContent).toContain('The data of ada@example.test is erased.');
    const result = within(erasureForm()).getByLabelText('Erasure result');
    const value = (term: string) => within(result).getByText(term).nextElementSibling?.textContent;
    expect(value('Account')).toBe('Deleted');
    expect(value('Stripe Customer')).toBe('Deleted, with its saved cards');
    expect(value('Orders')).toBe('1 anonymised');
    expect(value('Payments')).toBe('1 anonymised');
    expect(value('Refunds')).toBe('1 anonymised');
    expect(value('Notifications')).toBe('2 anonymised');
    expect(value('Stripe events')).toBe('4 anonymised');
    expect(value('Sign-ins')).toBe('3 deleted');
    // The fields are cleared for the next request.
    expect(within(erasureForm()).getByLabelText<HTMLInputElement>('Email').value).toBe('');
    expect(within(erasureForm()).getByLabelText<HTMLInputElement>('Email again').value).toBe('');
  });

  it('says nothing changed and they can try again when Stripe cannot be reached', async () => {
    const api = mockApi({
      'POST /api/admin/privacy/erasure': () =>
        apiError(503, 'stripe_unavailable', 'The payment provider could not be reached.'),
    });
    renderApp('/privacy');
    await screen.findByRole('heading', { level: 1, name: 'Privacy requests' });
    type(erasureForm(), 'Email', 'ada@example.test');
    type(erasureForm(), 'Email again', 'ada@example.test');
    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    const alert = await within(erasureForm()).findByRole('alert');
    expect(alert.textContent).toContain('nothing was erased. Try again in a moment.');
    expect(alert.textContent).toContain('stripe_unavailable');
    expect(within(erasureForm()).getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.test');

    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/admin/privacy/erasure')).toHaveLength(2));
  });

  it('says so when nothing was stored about the email', async () => {
    mockApi({
      'POST /api/admin/privacy/erasure': () =>
        jsonResponse({
          account: false,
          stripeCustomerDeleted: false,
          orders: 0,
          payments: 0,
          refunds: 0,
          notifications: 0,
          stripeEvents: 0,
          signIns: 0,
        }),
    });
    renderApp('/privacy');
    await screen.findByRole('heading', { level: 1, name: 'Privacy requests' });
    type(erasureForm(), 'Email', 'nobody@example.test');
    type(erasureForm(), 'Email again', 'nobody@example.test');
    fireEvent.click(within(erasureForm()).getByRole('button', { name: 'Erase data' }));
    expect((await within(erasureForm()).findByRole('status')).textContent).toContain(
      'Nothing was stored about nobody@example.test: nothing changed.',
    );
  });
});
