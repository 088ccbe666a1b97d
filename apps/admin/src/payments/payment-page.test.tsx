import type { PaymentDetail, RefundResponse } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  jsonResponse,
  foreignAnomaly,
  mockApi,
  ORDER_ID,
  paymentDetail,
  refundView,
  sessionFor,
  type ApiCall,
} from '../test/fixtures';
import { renderApp } from '../test/render-app';

const detailPath = `/api/admin/payments/${ORDER_ID}`;
const refundPath = `${detailPath}/refunds`;

function refundResponse(call: ApiCall, approvalRequired = false): RefundResponse {
  const body = call.body as { amount: number; reason: string };
  return {
    refund: refundView({
      amount: body.amount,
      status: approvalRequired ? 'awaiting_approval' : 'succeeded',
      reason: body.reason,
    }),
    approvalRequired,
  };
}

function openRefundForm() {
  fireEvent.click(screen.getByRole('button', { name: 'Refund' }));
  return screen.getByRole('region', { name: 'Refund this payment' });
}

describe('payment page', () => {
  it('shows amounts, customer, card, risk, items, refunds and the timeline', async () => {
    mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(
          paymentDetail({
            status: 'partially_refunded',
            amountRefunded: 1000,
            refundable: 1400,
            refunds: [refundView()],
            dispute: {
              id: 'a3f1c2d4-0000-4000-8000-00000000d001',
              status: 'needs_response',
              amount: 2400,
              reason: 'fraudulent',
            },
          }),
        ),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });

    expect(await screen.findByRole('heading', { level: 1, name: `Payment ${ORDER_ID.slice(0, 8)}` })).toBeDefined();
    const amounts = screen.getByRole('region', { name: 'Amounts' });
    expect(within(amounts).getByText('Paid').nextSibling?.textContent).toBe('$24.00');
    expect(within(amounts).getByText('Refunded').nextSibling?.textContent).toBe('$10.00');
    expect(within(amounts).getByText('Refundable').nextSibling?.textContent).toBe('$14.00');
    const customer = screen.getByRole('region', { name: 'Customer and card' });
    expect(customer.textContent).toContain('ada@example.test');
    expect(customer.textContent).toContain('•••• 4242');
    expect(customer.textContent).toContain('US');
    const risk = screen.getByRole('region', { name: 'Risk and disputes' });
    expect(risk.textContent).toContain('Normal');
    expect(risk.textContent).toContain('Authorized');
    expect(risk.textContent).toContain('Needs response');
    expect(screen.getByRole('table', { name: 'Items' }).textContent).toContain('Linen tote');
    expect(screen.getByRole('table', { name: 'Refunds' }).textContent).toContain('$10.00');
    const timeline = screen.getByRole('list', { name: 'Timeline' });
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(2);
    // A viewer reads but cannot refund.
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
    // No anomaly, no anomalies panel.
    expect(screen.queryByRole('table', { name: 'Payment anomalies' })).toBeNull();
  });

  it('lists the emails on the timeline, and lets support send a dead one again (a viewer cannot)', async () => {
    const notificationId = '0d5e8f7a-1111-4a2b-9c3d-000000000001';
    const entries: PaymentDetail['timeline'] = [
      {
        at: '2026-11-20T12:00:01.000Z',
        kind: 'notification',
        title: 'Order confirmation email sent to s***@example.com',
        detail: '1 attempt',
        status: 'sent',
        actor: null,
        notificationId: 'sent-one',
      },
      {
        at: '2026-11-20T12:05:00.000Z',
        kind: 'notification',
        title: 'Refund email not sent (gave up) to s***@example.com',
        detail: '10 attempts; last error: 550 mailbox unavailable',
        status: 'dead',
        actor: null,
        notificationId,
      },
    ];
    const replayPath = `/api/admin/notifications/${notificationId}/replay`;
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(paymentDetail({ timeline: entries })),
      [`POST ${replayPath}`]: () => jsonResponse({ id: notificationId }),
    });
    const view = renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(timeline.textContent).toContain('last error: 550 mailbox unavailable');
    // Only the dead one can be sent again.
    const buttons = within(timeline).getAllByRole('button', { name: 'Send again' });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]!);
    await waitFor(() => expect(api.callsTo('POST', replayPath)).toHaveLength(1));
    expect(await within(timeline).findByRole('status')).toHaveProperty(
      'textContent',
      ' Queued: the workers send it again.',
    );
    view.unmount();

    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });
    const viewersTimeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(within(viewersTimeline).queryByRole('button', { name: 'Send again' })).toBeNull();
  });

  it('flags a PaymentIntent that named this order but may not pay it', async () => {
    mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(
          paymentDetail({ status: 'pending', paymentStatus: 'requires_payment_method', anomalies: [foreignAnomaly] }),
        ),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });
    const table = await screen.findByRole('table', { name: 'Payment anomalies' });
    expect(table.textContent).toContain('A PaymentIntent that is not the order’s own named this order');
    expect(table.textContent).toContain('pi_foreign');
    expect(table.textContent).toContain('pi_123');
  });

  it('tells staff to fulfil or refund an order paid after it expired', async () => {
    const late = {
      ...foreignAnomaly,
      paymentIntentId: 'pi_123',
      kind: 'paid_after_expiry' as const,
      source: 'expiry' as const,
      eventId: null,
      expected: 'expired',
      actual: 'paid',
    };
    mockApi({ [`GET ${detailPath}`]: () => jsonResponse(paymentDetail({ anomalies: [late] })) });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });
    const table = await screen.findByRole('table', { name: 'Payment anomalies' });
    expect(table.textContent).toContain('Paid after the order expired');
    expect(screen.getByText(/A payment arrived after its order expired: the order is paid/)).toBeDefined();
    expect(screen.queryByText(/These payments were not applied to their order/)).toBeNull();
  });

  it('offers support staff a refund, in whole yen for JPY: "12.5" is refused before anything is sent', async () => {
    const api = mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(
          paymentDetail({ currency: 'jpy', amount: 3600, amountReceived: 3600, refundable: 3600, items: [] }),
        ),
      [`POST ${refundPath}`]: (call) => jsonResponse(refundResponse(call)),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    await screen.findByRole('button', { name: 'Refund' });

    const form = openRefundForm();
    const amount = within(form).getByLabelText<HTMLInputElement>('Amount');
    expect(amount.value).toBe('3600');
    expect(form.textContent).toContain('At most ¥3,600');
    fireEvent.change(amount, { target: { value: '12.5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Request refund' }));
    expect(within(form).getByText(/JPY has no decimals/)).toBeDefined();
    fireEvent.change(amount, { target: { value: '4000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Request refund' }));
    expect(within(form).getByText('At most ¥3,600 can be refunded')).toBeDefined();
    expect(api.callsTo('POST', refundPath)).toHaveLength(0);

    fireEvent.change(amount, { target: { value: '1200' } });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'duplicate' } });
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'charged twice' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Request refund' }));

    await waitFor(() => expect(api.callsTo('POST', refundPath)).toHaveLength(1));
    expect(api.callsTo('POST', refundPath)[0]?.body).toEqual({
      amount: 1200,
      reason: 'duplicate',
      note: 'charged twice',
    });
    expect(await screen.findByText(/Refund of ¥1,200 sent: succeeded/)).toBeDefined();
  });

  it('sends one idempotency key per refund request: a double submit makes one request, a retry reuses the key', async () => {
    let attempt = 0;
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(paymentDetail()),
      [`POST ${refundPath}`]: (call) => {
        attempt += 1;
        return attempt === 1
          ? apiError(503, 'stripe_unavailable', 'Stripe did not answer. Try again.')
          : jsonResponse(refundResponse(call));
      },
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    await screen.findByRole('button', { name: 'Refund' });
    const form = openRefundForm();
    fireEvent.change(within(form).getByLabelText('Amount'), { target: { value: '12.50' } });

    // Double click: both submits happen before React re-renders the disabled button.
    const submit = within(form).getByRole('button', { name: 'Request refund' });
    fireEvent.click(submit);
    fireEvent.click(submit);
    expect(await within(form).findByRole('alert')).toBeDefined();
    expect(api.callsTo('POST', refundPath)).toHaveLength(1);

    // Retry after the 503: same key.
    fireEvent.click(within(form).getByRole('button', { name: 'Request refund' }));
    expect(await screen.findByText(/Refund of \$12.50 sent/)).toBeDefined();
    const [first, second] = api.callsTo('POST', refundPath);
    const key = first?.headers['Idempotency-Key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers['Idempotency-Key']).toBe(key);
    expect(second?.headers['x-csrf-token']).toBe('csrf-support');
    expect(second?.body).toEqual({ amount: 1250, reason: 'requested_by_customer' });
    // The payment is refreshed after the refund.
    await waitFor(() => expect(api.callsTo('GET', detailPath).length).toBeGreaterThanOrEqual(2));

    // The next refund request is a new one: a new key.
    const again = openRefundForm();
    fireEvent.change(within(again).getByLabelText('Amount'), { target: { value: '1' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Request refund' }));
    await waitFor(() => expect(api.callsTo('POST', refundPath)).toHaveLength(3));
    expect(api.callsTo('POST', refundPath)[2]?.headers['Idempotency-Key']).not.toBe(key);
  });

  it('says when a refund waits for a second admin', async () => {
    mockApi({
      [`GET ${detailPath}`]: () =>
        jsonResponse(paymentDetail({ amount: 90000, amountReceived: 90000, refundable: 90000 })),
      [`POST ${refundPath}`]: (call) => jsonResponse(refundResponse(call, true), 202),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('support') });
    await screen.findByRole('button', { name: 'Refund' });
    const form = openRefundForm();
    expect(within(form).getByLabelText<HTMLInputElement>('Amount').value).toBe('900.00');
    fireEvent.click(within(form).getByRole('button', { name: 'Request refund' }));
    expect(await screen.findByText(/waiting for a second admin's approval/)).toBeDefined();
  });

  it("lets an admin approve or reject others' awaiting refunds, not their own", async () => {
    const admin = sessionFor('admin');
    const others = refundView({
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      status: 'awaiting_approval',
      amount: 70000,
    });
    const own = refundView({
      id: 'bbbbbbbb-0000-4000-8000-000000000002',
      status: 'awaiting_approval',
      amount: 60000,
      requestedBy: { id: admin.staff.id, email: admin.staff.email },
    });
    const detail: PaymentDetail = paymentDetail({
      amount: 200000,
      amountReceived: 200000,
      refundable: 70000,
      refunds: [others, own],
    });
    const api = mockApi({
      [`GET ${detailPath}`]: () => jsonResponse(detail),
      [`POST /api/admin/refunds/${others.id}/approve`]: () =>
        jsonResponse({ refund: { ...others, status: 'pending' }, approvalRequired: false }),
    });
    renderApp(`/payments/${ORDER_ID}`, { session: admin });

    const table = await screen.findByRole('table', { name: 'Refunds of this payment awaiting approval' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('button', { name: 'Approve' })).toBeDefined();
    expect(within(rows[0]!).getByRole('button', { name: 'Reject' })).toBeDefined();
    expect(within(rows[1]!).queryByRole('button')).toBeNull();
    expect(rows[1]!.textContent).toContain('Your request');

    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(api.callsTo('POST', `/api/admin/refunds/${others.id}/approve`)).toHaveLength(1));
    expect(api.callsTo('POST', `/api/admin/refunds/${others.id}/approve`)[0]?.headers['x-csrf-token']).toBe(
      'csrf-admin',
    );
    await waitFor(() => expect(api.callsTo('GET', detailPath).length).toBeGreaterThanOrEqual(2));
  });

  it('lists awaiting refunds on the Approvals page', async () => {
    mockApi({
      'GET /api/admin/refunds': ({ search }) =>
        search.get('status') === 'awaiting_approval'
          ? jsonResponse({ refunds: [refundView({ status: 'awaiting_approval', amount: 80000 })] })
          : apiError(400, 'bad', 'bad'),
    });
    renderApp('/approvals');
    const table = await screen.findByRole('table', { name: 'Refunds awaiting approval' });
    expect(table.textContent).toContain('$800.00');
    expect(within(table).getByRole('button', { name: 'Approve' })).toBeDefined();
  });
});
