/**
 * The session's CSRF token, kept in memory only (never in storage): set when a session is read or created,
 * cleared on sign-out or a 401. The API client adds it to every request as `x-csrf-token`.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}
