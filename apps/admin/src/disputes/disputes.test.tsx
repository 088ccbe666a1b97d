import type { DisputeView } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  DISPUTE_ID,
  disputeView,
  hoursFromNow,
  jsonResponse,
  mockApi,
  ORDER_ID,
  paymentDetail,
  sessionFor,
} from '../test/fixtures';
import { renderApp } from '../test/render-app';

const detailPath = `/api/admin/disputes/${DISPUTE_ID}`;
const evidencePath = `${detailPath}/evidence`;
const filesPath = `${detailPath}/files`;
const submitPath = `${detailPath}/submit`;

describe('disputes page', () => {
  it('lists disputes in the API order (by deadline), marks overdue and soon-due ones, and shows the totals', async () => {
    const overdue = disputeView({
      id: 'd0d0d0d0-0000-4000-8000-0000000000d0',
      stripeDisputeId: 'dp_overdue',
      evidenceDueBy: hoursFromNow(-2),
      evidence: {},
      evidenceSavedAt: null,
    });
    const soon = disputeView({ id: DISPUTE_ID, stripeDisputeId: 'dp_soon', evidenceDueBy: hoursFromNow(20) });
    const won = disputeView({
      id: 'd2d2d2d2-0000-4000-8000-0000000000d2',
      stripeDisputeId: 'dp_won',
      status: 'won',
      open: false,
      currency: 'jpy',
      amount: 3600,
      evidenceDueBy: hoursFromNow(-200),
      evidenceSubmittedAt: '2026-11-24T10:00:00.000Z',
    });
    mockApi({
      'GET /api/admin/disputes': () =>
        jsonResponse({
          disputes: [overdue, soon, won],
          totals: { atRisk: { usd: 4800 }, won: { jpy: 3600 }, lost: {} },
        }),
    });
    renderApp('/disputes', { session: sessionFor('viewer') });

    const stats = await screen.findByLabelText('Dispute totals');
    expect(within(stats).getByText('At risk (open)').nextSibling?.textContent).toBe('$48.00');
    expect(within(stats).getByText('Won').nextSibling?.textContent).toBe('¥3,600');
    expect(within(stats).getByText('Lost').nextSibling?.textContent).toBe('—');

    const table = screen.getByRole('table', { name: 'Disputes, the soonest evidence deadline first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('link')[0]?.textContent)).toEqual([
      'Dispute dp_overdue',
      'Dispute dp_soon',
      'Dispute dp_won',
    ]);
    expect(rows[0]?.textContent).toContain('Overdue');
    expect(rows[0]?.textContent).toContain('None yet');
    expect(rows[1]?.textContent).toContain('Due soon');
    expect(rows[1]?.textContent).toContain('$24.00');
    expect(rows[1]?.textContent).toContain('Product not received');
    expect(rows[1]?.textContent).toContain('Needs response');
    expect(rows[1]?.textContent).toContain('Draft saved');
    expect(rows[2]?.textContent).not.toContain('Overdue');
    expect(rows[2]?.textContent).toContain('Submitted');
    expect(within(rows[1]!).getByRole('link', { name: 'Dispute dp_soon' }).getAttribute('href')).toBe(
      `/disputes/${DISPUTE_ID}`,
    );
    expect(within(rows[1]!).getByRole('link', { name: `Payment ${ORDER_ID.slice(0, 8)}` })).toBeDefined();
  });
});

/** A fake dispute API that keeps the draft as the real one does (a PUT changes only the fields it names). */
function disputeApi(initial: DisputeView = disputeView(), extra: Parameters<typeof mockApi>[0] = {}) {
  const state = { dispute: initial };
  const api = mockApi({
    [`GET ${detailPath}`]: () => jsonResponse(state.dispute),
    'GET /api/admin/disputes': () =>
      jsonResponse({ disputes: [state.dispute], totals: { atRisk: {}, won: {}, lost: {} } }),
    [`PUT ${evidencePath}`]: (call) => {
      const { evidence } = call.body as { evidence: Record<string, string> };
      const merged = { ...state.dispute.evidence, ...evidence };
      for (const [field, value] of Object.entries(merged)) if (value === '') delete merged[field];
      state.dispute = { ...state.dispute, evidence: merged, evidenceSavedAt: '2026-11-25T10:00:00.000Z' };
      return jsonResponse(state.dispute);
    },
    [`POST ${filesPath}`]: (call) => {
      const field = call.search.get('field') ?? '';
      state.dispute = { ...state.dispute, evidence: { ...state.dispute.evidence, [field]: 'file_receipt1' } };
      return jsonResponse({ fileId: 'file_receipt1', field }, 201);
    },
    [`POST ${submitPath}`]: () => {
      state.dispute = { ...state.dispute, status: 'under_review', evidenceSubmittedAt: '2026-11-25T11:00:00.000Z' };
      return jsonResponse(state.dispute);
    },
    ...extra,
  });
  return { ...api, state };
}

const evidenceForm = () => screen.getByRole('form', { name: 'Dispute evidence' });

describe('dispute page', () => {
  it('shows the dispute, and saves only the fields that changed ("" clears one)', async () => {
    const api = disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('support') });

    expect(await screen.findByRole('heading', { level: 1, name: 'Dispute dp_1' })).toBeDefined();
    const details = screen.getByLabelText('Dispute details');
    expect(details.textContent).toContain('$24.00');
    expect(details.textContent).toContain('Product not received');
    expect(
      within(details)
        .getByRole('link', { name: `Payment ${ORDER_ID.slice(0, 8)}` })
        .getAttribute('href'),
    ).toBe(`/payments/${ORDER_ID}`);

    const form = evidenceForm();
    const description = within(form).getByLabelText<HTMLTextAreaElement>('Product description');
    expect(description.tagName).toBe('TEXTAREA');
    expect(description.value).toBe('A linen tote bag');
    expect(within(form).getByLabelText('Customer name').tagName).toBe('INPUT');

    // Nothing changed: nothing is sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Save draft' }));
    expect(within(form).getByText('Nothing to save: no field changed since the last save.')).toBeDefined();
    expect(api.callsTo('PUT', evidencePath)).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Customer name'), { target: { value: 'Ada Lovelace' } });
    fireEvent.change(within(form).getByLabelText('Shipping tracking number'), { target: { value: '1Z999' } });
    fireEvent.change(description, { target: { value: '' } });
    expect(within(form).getAllByText('Changed, not saved yet')).toHaveLength(3);
    fireEvent.click(within(form).getByRole('button', { name: 'Save draft' }));

    expect(await within(form).findByText(/Draft saved: 3 fields changed/)).toBeDefined();
    expect(api.callsTo('PUT', evidencePath)[0]?.body).toEqual({
      evidence: { customer_name: 'Ada Lovelace', shipping_tracking_number: '1Z999', product_description: '' },
    });
    expect(api.callsTo('PUT', evidencePath)[0]?.headers['x-csrf-token']).toBe('csrf-support');
    expect(within(form).queryByText('Changed, not saved yet')).toBeNull();

    // The next save sends only what changed after this one.
    fireEvent.change(within(form).getByLabelText('Customer name'), { target: { value: 'Ada King' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.callsTo('PUT', evidencePath)).toHaveLength(2));
    expect(api.callsTo('PUT', evidencePath)[1]?.body).toEqual({ evidence: { customer_name: 'Ada King' } });
  });

  it("shows the API's complaint next to its field", async () => {
    disputeApi(disputeView(), {
      [`PUT ${evidencePath}`]: () =>
        apiError(422, 'evidence_invalid', 'The evidence is not acceptable.', { shipping_date: 'must be a date' }),
    });
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('support') });
    const field = await screen.findByLabelText('Shipping date');
    fireEvent.change(field, { target: { value: 'soon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('must be a date')).toBeDefined();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('The evidence is not acceptable.');
  });

  it('uploads a chosen document as its raw bytes with its type, and shows the file id', async () => {
    const api = disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('support') });
    const input = await screen.findByLabelText<HTMLInputElement>('Receipt');
    expect(input.type).toBe('file');
    expect(input.accept).toBe('application/pdf,image/jpeg,image/png');

    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const file = new File([bytes], 'receipt.pdf', { type: 'application/pdf' });
    fireEvent.change(input, { target: { files: [file] } });

    expect(await screen.findByText('file_receipt1')).toBeDefined();
    const [upload] = api.callsTo('POST', filesPath);
    expect(upload?.search.get('field')).toBe('receipt');
    expect(upload?.search.get('name')).toBe('receipt.pdf');
    expect(upload?.headers['Content-Type']).toBe('application/pdf');
    expect(upload?.headers['x-csrf-token']).toBe('csrf-support');
    expect(upload?.rawBody).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (upload?.rawBody as Blob).arrayBuffer())).toEqual(bytes);
    // The API saved the id in the draft: it is not an unsaved change, and a save does not send it again.
    fireEvent.change(screen.getByLabelText('Customer name'), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(api.callsTo('PUT', evidencePath)).toHaveLength(1));
    expect(api.callsTo('PUT', evidencePath)[0]?.body).toEqual({ evidence: { customer_name: 'Ada' } });
  });

  it('refuses other file types and files over 5 MB before sending anything', async () => {
    const api = disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('support') });
    const input = await screen.findByLabelText('Shipping documentation');

    fireEvent.change(input, { target: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] } });
    expect(
      await screen.findByText('notes.txt is not a PDF, JPEG or PNG (it is text/plain): choose one of those.'),
    ).toBeDefined();

    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'scan.png', { type: 'image/png' });
    fireEvent.change(input, { target: { files: [big] } });
    expect(await screen.findByText('scan.png is 5.0 MB: a document can be at most 5 MB.')).toBeDefined();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('POST', filesPath)).toHaveLength(0);
  });

  it('submits the evidence after a confirmation, saving unsaved changes first; then it is read-only', async () => {
    const api = disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('support') });
    await screen.findByRole('form', { name: 'Dispute evidence' });
    fireEvent.change(screen.getByLabelText('Shipping carrier'), { target: { value: 'UPS' } });

    fireEvent.click(screen.getByRole('button', { name: 'Submit evidence' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Submit the evidence to Stripe?' });
    expect(dialog.textContent).toContain('Evidence can be submitted once');
    expect(dialog.textContent).toContain('The 1 unsaved change is saved first.');
    expect(api.callsTo('POST', submitPath)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit to Stripe' }));

    expect(await screen.findByText(/Evidence submitted to Stripe/)).toBeDefined();
    expect(api.callsTo('PUT', evidencePath)[0]?.body).toEqual({ evidence: { shipping_carrier: 'UPS' } });
    expect(api.callsTo('POST', submitPath)).toHaveLength(1);
    const order = api.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);
    expect(order).toEqual([`PUT ${evidencePath}`, `POST ${submitPath}`]);
    // Read-only now: no form, the saved evidence listed.
    expect(screen.queryByRole('form', { name: 'Dispute evidence' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Submit evidence' })).toBeNull();
    expect(screen.getByText(/evidence can be submitted once, so it can no longer change/)).toBeDefined();
    expect(screen.getByLabelText('Saved evidence').textContent).toContain('UPS');
  });

  it('submits a saved draft without saving again', async () => {
    const api = disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('admin') });
    fireEvent.click(await screen.findByRole('button', { name: 'Submit evidence' }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit to Stripe' }));
    await waitFor(() => expect(api.callsTo('POST', submitPath)).toHaveLength(1));
    expect(api.callsTo('PUT', evidencePath)).toHaveLength(0);
  });

  it.each([
    ['closed', disputeView({ status: 'lost', open: false }), /This dispute is closed \(lost\)/],
    ['submitted', disputeView({ evidenceSubmittedAt: '2026-11-24T10:00:00.000Z' }), /submitted to Stripe on/],
  ])('is read-only once %s', async (_, dispute, message) => {
    disputeApi(dispute);
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('admin') });
    expect(await screen.findByText(message)).toBeDefined();
    expect(screen.queryByRole('form', { name: 'Dispute evidence' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
    expect(screen.getByLabelText('Saved evidence').textContent).toContain('A linen tote bag');
  });

  it('shows a viewer the saved evidence without the form', async () => {
    disputeApi();
    renderApp(`/disputes/${DISPUTE_ID}`, { session: sessionFor('viewer') });
    expect(await screen.findByText(/Support and admins write the evidence/)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Submit evidence' })).toBeNull();
  });

  it('links a disputed payment to its dispute', async () => {
    mockApiWithPayment();
    renderApp(`/payments/${ORDER_ID}`, { session: sessionFor('viewer') });
    const link = await screen.findByRole('link', { name: 'Answer the dispute with evidence' });
    expect(link.getAttribute('href')).toBe(`/disputes/${DISPUTE_ID}`);
  });
});

/** The payment page's API for a disputed payment. */
function mockApiWithPayment() {
  mockApi({
    [`GET /api/admin/payments/${ORDER_ID}`]: () =>
      jsonResponse(
        paymentDetail({
          status: 'disputed',
          dispute: { id: DISPUTE_ID, status: 'needs_response', amount: 2400, reason: 'fraudulent' },
        }),
      ),
  });
}
