import type { AuditEntryView, StaffMemberView } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, jsonResponse, mockApi, sessionFor } from '../test/fixtures';
import { renderApp } from '../test/render-app';

const viewer: StaffMemberView = { ...sessionFor('viewer').staff, email: 'vera@storepay.test', name: 'Vera' };

function entry(id: string, action: string): AuditEntryView {
  return {
    id,
    occurredAt: '2026-11-26T10:00:00.000Z',
    actorId: null,
    actorEmail: 'admin@storepay.test',
    action,
    targetType: 'staff',
    targetId: 'x',
    details: { role: 'viewer' },
    ip: '127.0.0.1',
  };
}

describe('staff page', () => {
  it('lists staff, changes a role, deactivates, and shows API errors next to their field', async () => {
    const api = mockApi({
      'GET /api/admin/staff': () => jsonResponse({ staff: [sessionFor('admin').staff, viewer] }),
      [`PATCH /api/admin/staff/${viewer.id}`]: (call) => jsonResponse({ ...viewer, ...(call.body as object) }),
      'POST /api/admin/staff': () =>
        apiError(409, 'email_taken', 'A staff member with this email exists.', { email: 'is taken' }),
    });
    renderApp('/staff');
    const table = await screen.findByRole('table', { name: 'Staff members' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    fireEvent.change(within(table).getByLabelText('Role of vera@storepay.test'), { target: { value: 'support' } });
    await waitFor(() => expect(api.callsTo('PATCH', `/api/admin/staff/${viewer.id}`)).toHaveLength(1));
    expect(api.callsTo('PATCH', `/api/admin/staff/${viewer.id}`)[0]?.body).toEqual({ role: 'support' });

    fireEvent.click(within(table).getByRole('button', { name: 'Deactivate vera@storepay.test' }));
    await waitFor(() => expect(api.callsTo('PATCH', `/api/admin/staff/${viewer.id}`)).toHaveLength(2));
    expect(api.callsTo('PATCH', `/api/admin/staff/${viewer.id}`)[1]?.body).toEqual({ active: false });

    const form = screen.getByRole('region', { name: 'Add a staff member' });
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'vera@storepay.test' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Vera Two' } });
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'support' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add staff member' }));
    expect(within(form).getByText('Password must be at least 12 characters')).toBeDefined();
    expect(api.callsTo('POST', '/api/admin/staff')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'a long enough password' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add staff member' }));
    expect(await within(form).findByText('Email is taken')).toBeDefined();
    expect(within(form).getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('POST', '/api/admin/staff')[0]?.body).toEqual({
      email: 'vera@storepay.test',
      name: 'Vera Two',
      role: 'support',
      password: 'a long enough password',
    });
  });
});

describe('audit log page', () => {
  it('shows entries newest first, loads more, and filters by action through the URL', async () => {
    const api = mockApi({
      'GET /api/admin/audit': ({ search }) =>
        search.get('cursor')
          ? jsonResponse({ entries: [entry('2', 'staff.signed_in')], nextCursor: null })
          : jsonResponse({ entries: [entry('1', search.get('action') ?? 'staff.created')], nextCursor: 'c1' }),
    });
    const { router } = renderApp('/audit');
    expect(await screen.findByRole('heading', { name: '1 entry shown, more available' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('heading', { name: '2 entries' })).toBeDefined();
    expect(api.callsTo('GET', '/api/admin/audit')[1]?.search.get('cursor')).toBe('c1');

    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'webhook.replayed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=webhook.replayed'));
    await waitFor(() =>
      expect(api.callsTo('GET', '/api/admin/audit').at(-1)?.search.get('action')).toBe('webhook.replayed'),
    );
    expect(await screen.findByText('webhook.replayed', { selector: 'code' })).toBeDefined();
  });
});
