import { signInRequestSchema } from '@storepay/payments-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { primeSession, sessionQueries, signIn } from './session-queries';
import { safeNextPath } from './sign-in-path';

/** What went wrong, in words for staff. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return 'The email or password is wrong.';
    if (error.code === 'account_locked')
      return 'This account is locked after too many failed sign-ins. Try again in 15 minutes or ask an admin.';
    if (error.status === 429) return 'Too many sign-in attempts from this address. Wait a minute and try again.';
    if (error.status === 400) return 'Enter a valid email address and your password.';
    return error.message;
  }
  return 'Something unexpected went wrong. Try again.';
}

export function SignInPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useQuery(sessionQueries.current());
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const errorId = useId();

  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: (created) => {
      primeSession(queryClient, created);
      void navigate(next, { replace: true });
    },
  });

  if (session.data) return <Navigate to={next} replace />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mutation.isPending) return;
    const parsed = signInRequestSchema.safeParse({ email: email.trim(), password });
    if (!parsed.success) {
      setFormError('Enter a valid email address and your password.');
      return;
    }
    setFormError(null);
    mutation.mutate(parsed.data);
  }

  const error = formError ?? (mutation.isError ? signInErrorMessage(mutation.error) : null);

  return (
    <main id="main" className="sign-in">
      <title>Sign in · Storepay Admin</title>
      <div className="sign-in__card">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Storepay <span className="brand__suffix">Admin</span>
        </p>
        <h1>Sign in</h1>
        <p className="muted">Staff only. Use the account an admin created for you.</p>
        {error ? (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <form className="form-stack" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <label className="field">
            <span className="field__label">Email</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Password</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={mutation.isPending}>
            {mutation.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
