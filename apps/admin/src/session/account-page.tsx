import { changePasswordRequestSchema, sessionsEndedSchema, type ChangePasswordRequest } from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, sendJson } from '../api/api-client';
import { PageHeader } from '../app/page-states';
import { useSession } from './session-context';
import { forgetSession, sessionQueries } from './session-queries';

type Field = keyof ChangePasswordRequest;

/** POST /api/admin/session/password: every other session of the member ends. */
function changePassword(request: ChangePasswordRequest) {
  return sendJson('POST', '/api/admin/session/password', request, sessionsEndedSchema);
}

/** POST /api/admin/sessions/revoke: every session of the member ends, this one too. */
function signOutEverywhere() {
  return sendJson('POST', '/api/admin/sessions/revoke', undefined, sessionsEndedSchema);
}

/** The member's own password: the current one, then the new one (twice, typed the same). */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const queryClient = useQueryClient();
  const ids = useId();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<Field | 'repeat', string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: ({ sessionsEnded }) => {
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      setDone(
        sessionsEnded > 0
          ? `Password changed. ${sessionsEnded} other session${sessionsEnded === 1 ? '' : 's'} signed out.`
          : 'Password changed.',
      );
      void queryClient.invalidateQueries({ queryKey: sessionQueries.all() });
      onChanged?.();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fields) setErrors(error.fields);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const parsed = changePasswordRequestSchema.safeParse(values);
    const found: typeof errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field && !found[field]) found[field] = issue.message;
      }
    }
    if (values.repeat !== values.newPassword) found.repeat = 'must be the same as the new password';
    setErrors(found);
    if (parsed.success && !found.repeat) change.mutate(parsed.data);
  }

  const input = (name: Field | 'repeat', label: string, autoComplete: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`${ids}-${name}`}>
        {label}
      </label>
      <input
        id={`${ids}-${name}`}
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${ids}-${name}-error` : undefined}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      />
      {errors[name] ? (
        <span id={`${ids}-${name}-error`} className="field__error">
          {label} {errors[name]}
        </span>
      ) : null}
    </div>
  );

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Change your password
      </h2>
      <form className="panel__body form-grid" onSubmit={submit} noValidate>
        {change.isError && !(change.error instanceof ApiError && change.error.fields) ? (
          <p className="form-error form-grid__full" role="alert">
            {change.error instanceof ApiError ? change.error.message : 'The password could not be changed.'}
          </p>
        ) : null}
        {done ? (
          <p className="notice form-grid__full" role="status">
            {done}
          </p>
        ) : null}
        {input('currentPassword', 'Current password', 'current-password')}
        {input('newPassword', 'New password', 'new-password')}
        {input('repeat', 'New password again', 'new-password')}
        <div className="form-actions form-grid__full">
          <button type="submit" className="button" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Ends every session of the member (a lost laptop, a shared computer), this one too. */
function SignOutEverywhere() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const ids = useId();
  const out = useMutation({
    mutationFn: signOutEverywhere,
    onSuccess: () => {
      forgetSession(queryClient);
      void navigate('/sign-in', { replace: true });
    },
  });
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Sessions
      </h2>
      <div className="panel__body">
        <p>Signed in somewhere you should not be? End every session of your account, this one included.</p>
        {out.isError ? (
          <p className="form-error" role="alert">
            The sessions could not be ended. Try again.
          </p>
        ) : null}
        <button type="button" className="button button--danger" disabled={out.isPending} onClick={() => out.mutate()}>
          Sign out everywhere
        </button>
      </div>
    </section>
  );
}

export function AccountPage() {
  const { staff } = useSession();
  return (
    <>
      <title>Your account · Storepay Admin</title>
      <PageHeader title="Your account" description={`${staff.email}, ${staff.role}`} />
      <ChangePasswordForm />
      <SignOutEverywhere />
    </>
  );
}

/** After an admin forced a reset: the member can do nothing else until they choose a new password. */
export function ForcedPasswordChange() {
  return (
    <main id="main" className="admin-main">
      <title>Change your password · Storepay Admin</title>
      <PageHeader
        title="Choose a new password"
        description="An admin asked you to change your password before doing anything else."
      />
      <ChangePasswordForm />
    </main>
  );
}
