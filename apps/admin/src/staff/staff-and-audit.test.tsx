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

describe('staff accounts', () => {
  it('unlocks a throttled account and forces a password reset, and shows who must change theirs', async () => {
    const locked = { ...viewer, lockedUntil: '2099-01-01T00:00:00.000Z' };
    const api = mockApi({
      'GET /api/admin/staff': () =>
        jsonResponse({
          staff: [sessionFor('admin').staff, locked, { ...sessionFor('support').staff, mustChangePassword: true }],
        }),
      [`POST /api/admin/staff/${viewer.id}/unlock`]: () => new Response(null, { status: 204 }),
      [`POST /api/admin/staff/${viewer.id}/password-reset`]: () => jsonResponse({ sessionsEnded: 2 }),
    });
    renderApp('/staff');
    const table = await screen.findByRole('table', { name: 'Staff members' });
    expect(within(table).getByText(/Sign-in throttled until/)).toBeDefined();
    expect(within(table).getByText('Must change password')).toBeDefined();
    // No reset for yourself, nor for whom already must change it.
    expect(within(table).queryByRole('button', { name: 'Force a password reset for admin@storepay.test' })).toBeNull();
    expect(
      within(table).queryByRole('button', { name: 'Force a password reset for support@storepay.test' }),
    ).toBeNull();

    fireEvent.click(within(table).getByRole('button', { name: 'Unlock vera@storepay.test' }));
    await waitFor(() => expect(api.callsTo('POST', `/api/admin/staff/${viewer.id}/unlock`)).toHaveLength(1));
    fireEvent.click(within(table).getByRole('button', { name: 'Force a password reset for vera@storepay.test' }));
    await waitFor(() => expect(api.callsTo('POST', `/api/admin/staff/${viewer.id}/password-reset`)).toHaveLength(1));
  });
});

describe('your account', () => {
  it('changes the password (checked here first, then by the server) and signs out everywhere', async () => {
    const api = mockApi({
      'GET /api/admin/session': () => jsonResponse(sessionFor('viewer')),
      'POST /api/admin/session/password': (call) =>
        (call.body as { currentPassword: string }).currentPassword === 'the right one'
          ? jsonResponse({ sessionsEnded: 1 })
          : apiError(400, 'validation_failed', 'The currentPassword cannot be used.', {
              currentPassword: 'is not your current password',
            }),
      'POST /api/admin/sessions/revoke': () => jsonResponse({ sessionsEnded: 3 }),
    });
    const { router } = renderApp('/account', { session: sessionFor('viewer') });
    const form = await screen.findByRole('region', { name: 'Change your password' });
    const type = (label: string, value: string) =>
      fireEvent.change(within(form).getByLabelText(label), { target: { value } });
    type('Current password', 'wrong');
    type('New password', 'a new long passphrase');
    type('New password again', 'a different one');
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(within(form).getByText('New password again must be the same as the new password')).toBeDefined();
    expect(api.callsTo('POST', '/api/admin/session/password')).toHaveLength(0);

    type('New password again', 'a new long passphrase');
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('Current password is not your current password')).toBeDefined();
    type('Current password', 'the right one');
    fireEvent.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('Password changed. 1 other session signed out.')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(api.callsTo('POST', '/api/admin/sessions/revoke')).toHaveLength(1);
  });

  it('shows nothing but the password form to a member an admin asked to change it', async () => {
    const session = sessionFor('support');
    renderApp('/payments', { session: { ...session, staff: { ...session.staff, mustChangePassword: true } } });
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeDefined();
    expect(screen.getByRole('region', { name: 'Change your password' })).toBeDefined();
    expect(screen.queryByRole('navigation', { name: 'Admin sections' })).toBeNull();
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
