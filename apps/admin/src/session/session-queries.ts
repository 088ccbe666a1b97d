import { adminSessionSchema, type AdminSession, type SignInRequest } from '@storepay/payments-core';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { ApiError, getJson, postSignIn, sendJson } from '../api/api-client';
import { setCsrfToken } from './csrf-token';

const SESSION_PATH = '/api/admin/session';

/** GET /api/admin/session: the signed-in member and CSRF token, or null when there is no session (401). */
export async function fetchSession(signal?: AbortSignal): Promise<AdminSession | null> {
  try {
    const session = await getJson(SESSION_PATH, adminSessionSchema, { signal });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQueries = {
  all: () => ['session'] as const,
  /** Read once, then only changed by sign-in, sign-out or a 401 (never refetched behind the user's back). */
  current: () =>
    queryOptions({
      queryKey: sessionQueries.all(),
      queryFn: ({ signal }) => fetchSession(signal),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};

/** Puts a session into the cache (after sign-in, or in tests) and its CSRF token into memory. */
export function primeSession(queryClient: QueryClient, session: AdminSession | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(sessionQueries.current().queryKey, session);
}

/** POST /api/admin/session. */
export function signIn(request: SignInRequest): Promise<AdminSession> {
  return postSignIn(SESSION_PATH, request, adminSessionSchema);
}

/** DELETE /api/admin/session (with the CSRF header). */
export async function signOut(): Promise<void> {
  await sendJson('DELETE', SESSION_PATH, undefined, null);
}

/** Forgets everything the signed-in member loaded, and the session itself. */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
  primeSession(queryClient, null);
}
