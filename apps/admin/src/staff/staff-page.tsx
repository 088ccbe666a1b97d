import { createStaffRequestSchema, STAFF_ROLES, type StaffMemberView, type StaffRole } from '@storepay/payments-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import { formatInstant, humanize } from '../app/format';
import { DataTable, Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { useSession } from '../session/session-context';
import { createStaff, forcePasswordReset, staffQueries, unlockStaff, updateStaff } from './staff-queries';

type StaffField = 'email' | 'name' | 'role' | 'password';
type FieldErrors = Partial<Record<StaffField, string>>;

export function StaffPage() {
  const staff = useQuery(staffQueries.list());
  return (
    <>
      <title>Staff · Storepay Admin</title>
      <PageHeader title="Staff" description="Who can sign in to this dashboard, and with which role." />
      <QueryState
        query={staff}
        loading="Loading staff…"
        errorTitle="Couldn't load staff"
        isEmpty={(data) => data.staff.length === 0}
        empty={<EmptyState title="No staff yet" />}
      >
        {(data) => <StaffTable members={data.staff} />}
      </QueryState>
      <CreateStaffForm />
    </>
  );
}

function StaffTable({ members }: { members: StaffMemberView[] }) {
  const queryClient = useQueryClient();
  const { staff: me } = useSession();
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: { role?: StaffRole; active?: boolean } }) =>
      updateStaff(id, change),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: staffQueries.all() }),
  });
  const account = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'unlock' | 'reset' }) =>
      action === 'unlock' ? unlockStaff(id) : forcePasswordReset(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: staffQueries.all() }),
  });
  const busyId = update.isPending ? update.variables.id : account.isPending ? account.variables.id : null;
  const failed = update.isError ? update.error : account.isError ? account.error : null;

  return (
    <Panel id="staff-count" title={members.length === 1 ? '1 staff member' : `${members.length} staff members`}>
      {failed ? (
        <p className="form-error" role="alert">
          {failed instanceof ApiError ? failed.message : 'The change could not be saved.'}
        </p>
      ) : null}
      <DataTable
        label="Staff members"
        caption="Staff members"
        columns={['Member', 'Role', 'Access', 'Last sign-in', 'Action']}
      >
        {members.map((member) => (
          <tr key={member.id}>
            <th scope="row">
              <span className="cell-title">
                {member.name}
                {member.id === me.id ? ' (you)' : ''}
              </span>
              <span className="cell-subtitle">{member.email}</span>
            </th>
            <td>
              <select
                aria-label={`Role of ${member.email}`}
                value={member.role}
                disabled={busyId === member.id}
                onChange={(event) =>
                  update.mutate({ id: member.id, change: { role: event.target.value as StaffRole } })
                }
              >
                {STAFF_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {humanize(role)}
                  </option>
                ))}
              </select>
            </td>
            <td>
              {member.active ? 'Active' : 'Deactivated'}
              {member.lockedUntil && new Date(member.lockedUntil) > new Date() ? (
                <span className="cell-subtitle">Sign-in throttled until {formatInstant(member.lockedUntil)}</span>
              ) : null}
              {member.mustChangePassword ? <span className="cell-subtitle">Must change password</span> : null}
            </td>
            <td className="nowrap">{formatInstant(member.lastLoginAt)}</td>
            <td>
              <button
                type="button"
                className={`button button--small ${member.active ? 'button--danger' : 'button--secondary'}`}
                aria-label={`${member.active ? 'Deactivate' : 'Reactivate'} ${member.email}`}
                disabled={busyId === member.id}
                onClick={() => update.mutate({ id: member.id, change: { active: !member.active } })}
              >
                {member.active ? 'Deactivate' : 'Reactivate'}
              </button>{' '}
              {member.lockedUntil ? (
                <button
                  type="button"
                  className="button button--small button--secondary"
                  aria-label={`Unlock ${member.email}`}
                  disabled={busyId === member.id}
                  onClick={() => account.mutate({ id: member.id, action: 'unlock' })}
                >
                  Unlock
                </button>
              ) : null}{' '}
              {member.id !== me.id && member.active && !member.mustChangePassword ? (
                <button
                  type="button"
                  className="button button--small button--secondary"
                  aria-label={`Force a password reset for ${member.email}`}
                  disabled={busyId === member.id}
                  onClick={() => account.mutate({ id: member.id, action: 'reset' })}
                >
                  Force password reset
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}

const EMPTY = { email: '', name: '', role: 'viewer' as StaffRole, password: '' };

function CreateStaffForm() {
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const ids = useId();

  const create = useMutation({
    mutationFn: createStaff,
    onSuccess: (member) => {
      setCreated(`${member.email} can now sign in as ${member.role}.`);
      setValues(EMPTY);
      void queryClient.invalidateQueries({ queryKey: staffQueries.all() });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fields) setFieldErrors(error.fields);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const parsed = createStaffRequestSchema.safeParse({ ...values, email: values.email.trim() });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as StaffField | undefined;
        if (field && !errors[field]) errors[field] = issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    create.mutate(parsed.data);
  }

  function field(name: StaffField, label: string, input: ReactNode) {
    const error = fieldErrors[name];
    return (
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-${name}`}>
          {label}
        </label>
        {input}
        {error ? (
          <span id={`${ids}-${name}-error`} className="field__error">
            {label} {error}
          </span>
        ) : null}
      </div>
    );
  }

  const inputProps = (name: StaffField) => ({
    id: `${ids}-${name}`,
    name,
    'aria-invalid': fieldErrors[name] ? true : undefined,
    'aria-describedby': fieldErrors[name] ? `${ids}-${name}-error` : undefined,
  });

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Add a staff member
      </h2>
      <form className="panel__body form-grid" onSubmit={submit} noValidate>
        {create.isError && !(create.error instanceof ApiError && create.error.fields) ? (
          <p className="form-error form-grid__full" role="alert">
            {create.error instanceof ApiError ? create.error.message : 'The staff member could not be created.'}
          </p>
        ) : null}
        {created ? (
          <p className="notice form-grid__full" role="status">
            {created}
          </p>
        ) : null}
        {field(
          'email',
          'Email',
          <input
            {...inputProps('email')}
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(event) => setValues({ ...values, email: event.target.value })}
          />,
        )}
        {field(
          'name',
          'Name',
          <input
            {...inputProps('name')}
            type="text"
            autoComplete="off"
            value={values.name}
            onChange={(event) => setValues({ ...values, name: event.target.value })}
          />,
        )}
        {field(
          'role',
          'Role',
          <select
            {...inputProps('role')}
            value={values.role}
            onChange={(event) => setValues({ ...values, role: event.target.value as StaffRole })}
          >
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {humanize(role)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'password',
          'Password',
          <input
            {...inputProps('password')}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(event) => setValues({ ...values, password: event.target.value })}
          />,
        )}
        <div className="form-actions form-grid__full">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add staff member'}
          </button>
        </div>
      </form>
    </section>
  );
}
