import type { ReviewDecisionResponse, StaffRole } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  authorizedPayment,
  earlyFraudWarning,
  jsonResponse,
  mockApi,
  ORDER_ID,
  paymentDetail,
  refundView,
  REVIEW_ID,
  reviewView,
  sessionFor,
} from '../test/fixtures';
import { renderApp } from '../test/render-app';

const approvePath = `/api/admin/reviews/${REVIEW_ID}/approve`;
const refusePath = `/api/admin/reviews/${REVIEW_ID}/refuse`;
const detailPath = `/api/admin/payments/${ORDER_ID}`;
const refundPath = `${detailPath}/refunds`;
const order = ORDER_ID.slice(0, 8);
const noWarnings = () => jsonResponse({ warnings: [] });

describe('reviews page', () => {
  it('lists the open review queue, and all reviews on demand', async () => {
    const decided = reviewView({
      id: 'e2e2e2e2-0000-4000-8000-0000000000e2',
      orderId: '0a0a0a0a-0000-4000-8000-000000000002',
      open: false,
      reason: 'approved',
      closedReason: 'approved',
      decision: 'approved',
      decidedBy: { id: 'x', email: 'support@storepay.test' },
      decidedAt: '2026-11-21T10:00:00.000Z',
      currency: 'jpy',
      amount: 3600,
    });
    const api = mockApi({
      'GET /api/admin/reviews': ({ search }) =>
        jsonResponse({ reviews: search.get('status') === 'all' ? [reviewView(), decided] : [reviewView()] }),
      'GET /api/admin/early-fraud-warnings': noWarnings,
    });
    const { router } = renderApp('/reviews', { session: sessionFor('viewer') });

    const table = await screen.findByRole('table', { name: 'Radar reviews' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const text = rows[0]?.textContent ?? '';
    for (const expected of ['Rule', 'Elevated · 72', 'visa •••• 4242', 'ada@example.test', '$24.00', 'Paid', 'Open']) {
      expect(text).toContain(expected);
    }
    expect(
      within(rows[0]!)
        .getByRole('link', { name: `Payment ${order}` })
        .getAttribute('href'),
    ).toBe(`/payments/${ORDER_ID}`);
    expect(api.callsTo('GET', '/api/admin/reviews')[0]?.search.get('status')).toBe('open');
    // A viewer reads the queue but cannot decide.
    expect(within(table).queryByRole('button')).toBeNull();

    const group = screen.getByRole('group', { name: 'Reviews to show' });
    expect(within(group).getByRole('button', { name: 'Open' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(group).getByRole('button', { name: 'All' }));
    await waitFor(() =>
      expect(within(screen.getByRole('table', { name: 'Radar reviews' })).getAllByRole('row')).toHaveLength(3),
    );
    expect(router.state.location.search).toBe('?status=all');
    expect(api.callsTo('GET', '/api/admin/reviews').at(-1)?.search.get('status')).toBe('all');
    const decidedRow = within(screen.getByRole('table', { name: 'Radar reviews' })).getAllByRole('row')[2];
    expect(decidedRow?.textContent).toContain('Approved by support@storepay.test');
    expect(decidedRow?.textContent).toContain('¥3,600');
  });

  it('approves a review with a note, shows the outcome and refreshes the queue', async () => {
    let open = true;
    const api = mockApi({
      'GET /api/admin/reviews': () => jsonResponse({ reviews: open ? [reviewView()] : [] }),
      'GET /api/admin/early-fraud-warnings': noWarnings,
      [`POST ${approvePath}`]: () => {
        open = false;
        const answer: ReviewDecisionResponse = {
          review: reviewView({ open: false, decision: 'approved', closedReason: 'approved' }),
          refund: null,
          released: false,
        };
        return jsonResponse(answer);
      },
    });
    renderApp('/reviews', { session: sessionFor('support') });

    fireEvent.click(await screen.findByRole('button', { name: `Approve order ${order}` }));
    const dialog = screen.getByRole('alertdialog', { name: `Approve the payment of order ${order}?` });
    fireEvent.change(within(dialog).getByLabelText('Decision note'), { target: { value: 'known customer' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));

    expect(
      await screen.findByText(`Review of order ${order} approved: the payment stands and the order can be fulfilled.`),
    ).toBeDefined();
    const [call] = api.callsTo('POST', approvePath);
    expect(call?.body).toEqual({ note: 'known customer' });
    expect(call?.headers['x-csrf-token']).toBe('csrf-support');
    expect(api.callsTo('POST', refusePath)).toHaveLength(0);
    expect(await screen.findByRole('heading', { name: 'No open reviews' })).toBeDefined();
  });

  it('refuses a review only after saying it refunds in full as fraudulent and cancels the order', async () => {
    const api = mockApi({
      'GET /api/admin/reviews': () => jsonResponse({ reviews: [reviewView()] }),
      'GET /api/admin/early-fraud-warnings': noWarnings,
      [`POST ${refusePath}`]: () =>
        jsonResponse({
          review: reviewView({ open: false, decision: 'refused', closedReason: 'refunded_as_fraud' }),
          refund: refundView({ amount: 2400, status: 'pending', reason: 'fraudulent' }),
          released: false,
        }),
    });
    renderApp('/reviews', { session: sessionFor('support') });

    fireEvent.click(await screen.findByRole('button', { name: `Refuse order ${order}` }));
    const dialog = screen.getByRole('alertdialog', { name: `Refuse the payment of order ${order}?` });
    expect(dialog.textContent).toContain('refunds the payment in full as fraudulent and cancels the order');
    expect(api.callsTo('POST', refusePath)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refuse and refund' }));

    expect(
      await screen.findByText(`Review of order ${order} refused: full refund of $24.00 as fraudulent, pending.`),
    ).toBeDefined();
    expect(api.callsTo('POST', refusePath)[0]?.body).toEqual({});
    expect(api.callsTo('POST', approvePath)).toHaveLength(0);
  });

  it('says when someone else decided first (409), and refreshes the queue', async () => {
    const api = mockApi({
      'GET /api/admin/reviews': () => jsonResponse({ reviews: [reviewView()] }),
      'GET /api/admin/early-fraud-warnings': noWarnings,
      [`POST ${approvePath}`]: () => apiError(409, 'review_decided', 'This review was refused by another member.'),
    });
    renderApp('/reviews', { session: sessionFor('admin') });
    fireEvent.click(await screen.findByRole('button', { name: `Approve order ${order}` }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm approval' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This review was refused by another member.');
    expect(alert.textContent).toContain('review_decided');
    await waitFor(() => expect(api.callsTo('GET', '/api/admin/reviews').length).toBeGreaterThanOrEqual(2));
  });

  it('lists the actionable early fraud warnings, with a full fraudulent refund for support', async () => {
    const api = mockApi({
      'GET /api/admin/reviews': () => jsonResponse({ reviews: [] }),
      'GET /api/admin/early-fraud-warnings': () =>
        jsonResponse({ warnings: [earlyFraudWarning({ refundable: 1400 })] }),
      [`POST ${refundPath}`]: () =>
        jsonResponse(
          { refund: refundView({ amount: 1400, status: 'pending', reason: 'fraudulent' }), approvalRequired: false },
          201,
        ),
    });
    renderApp('/reviews', { session: sessionFor('support') });
    const table = await screen.findByRole('table', { name: 'Actionable early fraud warnings' });
    expect(api.callsTo('GET', '/api/admin/early-fraud-warnings')[0]?.search.get('actionable')).toBe('true');
    expect(table.textContent).toContain('Made with stolen card');
    expect(table.textContent).toContain('$14.00');

    fireEvent.click(within(table).getByRole('button', { name: `Refund in full (fraudulent) order ${order}` }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, refund in full' }));
    expect(await screen.findByText('Full refund of $14.00 (fraudulent) sent: pending.')).toBeDefined();
    const [refund] = api.callsTo('POST', refundPath);
    expect(refund?.body).toEqual({ reason: 'fraudulent' });
    expect(refund?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('payment page: reviews and early fraud warnings', () => {
  it('one-click refunds in full as fraudulent on an actionable warning, after a confirmation', async () => {
    let detail = paymentDetail({ earlyFraudWarnings: [earlyFraudWarning()] });
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(detail),
      [`POST ${refundPath}`]: () => {
        const refund = refundView({ amount: 2400, status: 'pending', reason: 'fraudulent' });
        detail = paymentDetail({
          status: 'refunded',
          refundable: 0,
          refunds: [refund],
          earlyFraudWarnings: [earlyFraudWarning({ actionable: false, refundable: 0 })],
        });
        return jsonResponse({ refund, approvalRequired: false }, 201);
      },
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });

    const panel = await screen.findByRole('region', { name: 'Early fraud warnings' });
    expect(within(panel).getByRole('table', { name: 'Early fraud warnings on this payment' }).textContent).toContain(
      'Made with stolen card',
    );
    fireEvent.click(within(panel).getByRole('button', { name: 'Refund in full (fraudulent)' }));
    const dialog = within(panel).getByRole('alertdialog', { name: 'Refund in full as fraudulent?' });
    expect(dialog.textContent).toContain('Refunds $24.00');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, refund in full' }));

    expect(await within(panel).findByText('Full refund of $24.00 (fraudulent) sent: pending.')).toBeDefined();
    const calls = api.callsTo('POST', refundPath);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({ reason: 'fraudulent' });
    expect(calls[0]?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    // Refreshed: nothing is left to refund, the button is gone, the outcome stays.
    await waitFor(() =>
      expect(within(panel).queryByRole('button', { name: 'Refund in full (fraudulent)' })).toBeNull(),
    );
    expect(within(panel).getByText('Full refund of $24.00 (fraudulent) sent: pending.')).toBeDefined();
  });

  it.each<StaffRole>(['viewer'])('shows a %s the warning without the refund button', async (role) => {
    mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(paymentDetail({ earlyFraudWarnings: [earlyFraudWarning()] })),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor(role) });
    const panel = await screen.findByRole('region', { name: 'Early fraud warnings' });
    expect(panel.textContent).toContain('may be fraudulent');
    expect(within(panel).queryByRole('button')).toBeNull();
  });

  it('offers no fraudulent refund for a payment only authorised (its release is the authorisation panel’s)', async () => {
    mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(authorizedPayment({ earlyFraudWarnings: [earlyFraudWarning({ refundable: 0 })] })),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const panel = await screen.findByRole('region', { name: 'Early fraud warnings' });
    expect(panel.textContent).toContain('release the authorisation');
    expect(within(panel).queryByRole('button', { name: 'Refund in full (fraudulent)' })).toBeNull();
  });

  it("lists the payment's reviews, and lets support approve the open one there", async () => {
    const closed = reviewView({
      id: 'e3e3e3e3-0000-4000-8000-0000000000e3',
      open: false,
      reason: 'refunded_as_fraud',
      closedReason: 'refunded_as_fraud',
      decision: 'refused',
      decidedBy: { id: 'x', email: 'admin@storepay.test' },
      decidedAt: '2026-11-19T10:00:00.000Z',
      stripeReviewId: 'prv_0',
    });
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(paymentDetail({ reviews: [closed, reviewView()] })),
      [`POST ${approvePath}`]: () =>
        jsonResponse({ review: reviewView({ open: false, decision: 'approved' }), refund: null, released: false }),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const panel = await screen.findByRole('region', { name: 'Radar reviews' });
    const rows = within(within(panel).getByRole('table', { name: 'Radar reviews of this payment' })).getAllByRole(
      'row',
    );
    expect(rows[1]?.textContent).toContain('Refused by admin@storepay.test');
    expect(rows[2]?.textContent).toContain('Open');
    expect(panel.textContent).toContain('the order is not fulfilled until someone approves it');

    fireEvent.click(within(panel).getByRole('button', { name: 'Approve the payment' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirm approval' }));
    expect(await within(panel).findByText(/approved: the payment stands/)).toBeDefined();
    expect(api.callsTo('POST', approvePath)).toHaveLength(1);
  });
});
