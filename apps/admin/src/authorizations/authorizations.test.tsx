import type { AuthorizationResponse, PaymentDetail } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  authorizationAction,
  authorizationView,
  authorizedPayment,
  hoursFromNow,
  jsonResponse,
  mockApi,
  openAuthorization,
  ORDER_ID,
  paymentDetail,
  sessionFor,
} from '../test/fixtures';
import { renderApp } from '../test/render-app';

const detailPath = `/api/admin/payments/${ORDER_ID}`;
const capturePath = `${detailPath}/capture`;
const cancelPath = `${detailPath}/cancel`;
const KEY = /^[0-9a-f-]{36}$/;

const panel = () => screen.getByRole('region', { name: 'Authorisation' });

/** The payment after a capture of `amount` of $24.00: paid, the rest released, the decision listed. */
function capturedPayment(amount: number): PaymentDetail {
  return paymentDetail({
    amountReceived: amount,
    refundable: amount,
    authorization: authorizationView({ amountCapturable: 0, actions: [authorizationAction({ amount })] }),
  });
}

describe('authorisation panel', () => {
  it('captures half an authorisation: sends the amount with an Idempotency-Key and shows the new state', async () => {
    let detail = authorizedPayment();
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(detail),
      [`POST ${capturePath}`]: (call) => {
        const { amount } = call.body as { amount: number };
        detail = capturedPayment(amount);
        const answer: AuthorizationResponse = { action: authorizationAction({ amount }), orderStatus: 'paid' };
        return jsonResponse(answer, 201);
      },
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });

    const region = await screen.findByRole('region', { name: 'Authorisation' });
    expect(within(region).getByText('Capturable').nextSibling?.textContent).toBe('$24.00');
    // Only authorised: nothing to refund, the panel captures or releases.
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();

    const amount = within(region).getByLabelText<HTMLInputElement>('Amount to capture');
    expect(amount.value).toBe('24.00');
    fireEvent.change(amount, { target: { value: '12.00' } });
    fireEvent.change(within(region).getByLabelText('Capture note'), { target: { value: 'half shipped' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));

    expect(
      await within(panel()).findByText(
        'Captured $12.00; the remaining $12.00 goes back to the shopper. The order is paid.',
      ),
    ).toBeDefined();
    const [capture] = api.callsTo('POST', capturePath);
    expect(capture?.body).toEqual({ amount: 1200, note: 'half shipped' });
    expect(capture?.headers['Idempotency-Key']).toMatch(KEY);
    expect(capture?.headers['x-csrf-token']).toBe('csrf-support');

    // The payment is refreshed: the decision is listed, nothing is left to capture.
    const decisions = await within(panel()).findByRole('table', { name: 'Decisions on this authorisation' });
    expect(decisions.textContent).toContain('$12.00');
    expect(decisions.textContent).toContain('support@storepay.test');
    expect(within(panel()).queryByRole('button', { name: 'Capture' })).toBeNull();
    expect(within(panel()).queryByRole('button', { name: 'Release authorisation' })).toBeNull();
  });

  it('refuses an amount above what is authorised, and decimals for JPY, before sending anything', async () => {
    const api = mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(
          authorizedPayment({
            currency: 'jpy',
            amount: 3600,
            authorization: authorizationView({ amountCapturable: 3600 }),
          }),
        ),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const region = await screen.findByRole('region', { name: 'Authorisation' });
    const amount = within(region).getByLabelText<HTMLInputElement>('Amount to capture');
    expect(amount.value).toBe('3600');
    fireEvent.change(amount, { target: { value: '12.5' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));
    expect(within(region).getByText(/JPY has no decimals/)).toBeDefined();
    fireEvent.change(amount, { target: { value: '4000' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));
    expect(within(region).getByText('At most ¥3,600 can be captured')).toBeDefined();
    expect(api.callsTo('POST', capturePath)).toHaveLength(0);
  });

  it('keeps the Idempotency-Key for a retry after a 503, and makes a new one when the amount changes', async () => {
    let attempt = 0;
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(authorizedPayment()),
      [`POST ${capturePath}`]: () => {
        attempt += 1;
        return apiError(503, 'stripe_unavailable', 'The decision is recorded but Stripe could not be reached.');
      },
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const region = await screen.findByRole('region', { name: 'Authorisation' });
    const submit = within(region).getByRole('button', { name: 'Capture' });
    // A double click makes one request.
    fireEvent.click(submit);
    fireEvent.click(submit);
    expect((await within(region).findByRole('alert')).textContent).toContain('Stripe could not be reached');
    expect(api.callsTo('POST', capturePath)).toHaveLength(1);

    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));
    await waitFor(() => expect(api.callsTo('POST', capturePath)).toHaveLength(2));
    fireEvent.change(within(region).getByLabelText('Amount to capture'), { target: { value: '10' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));
    await waitFor(() => expect(api.callsTo('POST', capturePath)).toHaveLength(3));

    const [first, retry, changed] = api.callsTo('POST', capturePath).map((call) => call.headers['Idempotency-Key']);
    expect(first).toMatch(KEY);
    expect(retry).toBe(first);
    expect(changed).not.toBe(first);
    expect(api.callsTo('POST', capturePath)[2]?.body).toEqual({ amount: 1000 });
    expect(attempt).toBe(3);
  });

  it('says so when another decision won (409), and refreshes the payment', async () => {
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(authorizedPayment()),
      [`POST ${capturePath}`]: () => apiError(409, 'authorization_decided', 'This authorisation is already released.'),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const region = await screen.findByRole('region', { name: 'Authorisation' });
    fireEvent.click(within(region).getByRole('button', { name: 'Capture' }));

    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('This authorisation is already released.');
    expect(alert.textContent).toContain('The payment was refreshed to show the decision that was made.');
    expect(alert.textContent).toContain('authorization_decided');
    await waitFor(() => expect(api.callsTo('GET', detailPath).length).toBeGreaterThanOrEqual(2));
  });

  it('releases the authorisation after a reason and a confirmation', async () => {
    let detail = authorizedPayment();
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(detail),
      [`POST ${cancelPath}`]: () => {
        const action = authorizationAction({ kind: 'cancel', amount: 2400, reason: 'fraudulent' });
        detail = paymentDetail({
          status: 'canceled',
          amountReceived: 0,
          refundable: 0,
          authorization: authorizationView({ amountCapturable: 0, actions: [action] }),
        });
        return jsonResponse({ action, orderStatus: 'canceled' }, 201);
      },
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('admin') });
    const region = await screen.findByRole('region', { name: 'Authorisation' });
    fireEvent.click(within(region).getByRole('button', { name: 'Release authorisation' }));

    const dialog = within(region).getByRole('alertdialog', { name: 'Release the authorisation?' });
    expect(dialog.textContent).toContain('all of $24.00 goes back to the shopper and the order is canceled');
    // Backing out sends nothing.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep the authorisation' }));
    expect(within(region).queryByRole('alertdialog')).toBeNull();
    expect(api.callsTo('POST', cancelPath)).toHaveLength(0);

    fireEvent.click(within(region).getByRole('button', { name: 'Release authorisation' }));
    const again = within(region).getByRole('alertdialog', { name: 'Release the authorisation?' });
    fireEvent.change(within(again).getByLabelText('Release reason'), { target: { value: 'fraudulent' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Confirm release' }));

    expect(
      await within(panel()).findByText(
        'Authorisation released: $24.00 goes back to the shopper. The order is canceled.',
      ),
    ).toBeDefined();
    const [release] = api.callsTo('POST', cancelPath);
    expect(release?.body).toEqual({ reason: 'fraudulent' });
    expect(release?.headers['Idempotency-Key']).toMatch(KEY);
    expect(await within(panel()).findByText('Fraudulent')).toBeDefined();
  });

  it('shows a viewer the authorisation, its deadline warning and its decisions, without Capture or Release', async () => {
    mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(
          authorizedPayment({
            authorization: authorizationView({
              captureBefore: hoursFromNow(5),
              expiringSoon: true,
              actions: [
                authorizationAction({
                  kind: 'capture',
                  status: 'failed',
                  failureReason: 'The authorisation expired.',
                  requestedBy: null,
                  reason: 'authorization_expiring',
                }),
              ],
            }),
          }),
        ),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });
    const region = await screen.findByRole('region', { name: 'Authorisation' });
    expect(within(region).getByText('Expires within 24 h')).toBeDefined();
    expect(region.textContent).toContain('This authorisation lapses within 24 hours');
    const decisions = within(region).getByRole('table', { name: 'Decisions on this authorisation' });
    expect(decisions.textContent).toContain('Expiry sweep');
    expect(decisions.textContent).toContain('The authorisation expired.');
    expect(within(region).queryByRole('button', { name: 'Capture' })).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Release authorisation' })).toBeNull();
    expect(within(region).queryByLabelText('Amount to capture')).toBeNull();
  });

  it('offers no refund while the payment is only authorised: releasing it is the panel’s job', async () => {
    // Even were something counted as refundable, a refund of an uncaptured payment would be a release.
    mockApi({ [`GET ${detailPath}`]: () => jsonResponse(authorizedPayment({ refundable: 2400 })) });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('admin') });
    await screen.findByRole('region', { name: 'Authorisation' });
    expect(screen.getByRole('button', { name: 'Release authorisation' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
  });

  it('has no authorisation panel for an automatic-capture payment', async () => {
    mockApi({ [`GET ${detailPath}`]: () => jsonResponse(paymentDetail()) });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    await screen.findByRole('button', { name: 'Refund' });
    expect(screen.queryByRole('region', { name: 'Authorisation' })).toBeNull();
  });
});

describe('authorisations page', () => {
  it('lists open authorisations, soonest first, each linked to its payment; filters those expiring within 24 h', async () => {
    const soon = openAuthorization({
      orderId: '0a0a0a0a-0000-4000-8000-000000000002',
      captureBefore: hoursFromNow(3),
      expiringSoon: true,
      amountCapturable: 1500,
      amount: 1500,
      currency: 'jpy',
      pendingAction: 'capture',
    });
    const later = openAuthorization();
    const api = mockApi({
      'GET /api/admin/authorizations': ({ search }) =>
        jsonResponse({ authorizations: search.get('expiring') === 'true' ? [soon] : [soon, later] }),
    });
    const { router } = renderApp('/authorizations', { session: sessionFor('viewer') });

    const table = await screen.findByRole('table', { name: 'Open authorisations, the soonest to lapse first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('¥1,500');
    expect(rows[0]?.textContent).toContain('Expires within 24 h');
    expect(rows[0]?.textContent).toContain('Capture pending');
    expect(rows[1]?.textContent).toContain('$24.00');
    expect(rows[1]?.textContent).not.toContain('Expires within 24 h');
    expect(
      within(rows[1]!)
        .getByRole('link', { name: `Payment ${ORDER_ID.slice(0, 8)}` })
        .getAttribute('href'),
    ).toBe(`/payments/${ORDER_ID}`);
    expect(api.calls[0]?.search.get('limit')).toBe('100');
    expect(api.calls[0]?.search.get('expiring')).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Expiring within 24 h' }));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    expect(router.state.location.search).toBe('?expiring=true');
    expect(api.calls.at(-1)?.search.get('expiring')).toBe('true');
  });

  it('says when nothing is open', async () => {
    mockApi({ 'GET /api/admin/authorizations': () => jsonResponse({ authorizations: [] }) });
    renderApp('/authorizations');
    expect(await screen.findByRole('heading', { name: 'No open authorisations' })).toBeDefined();
  });
});
