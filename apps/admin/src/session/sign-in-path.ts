/** Where the sign-in page sends people back to: only a path of this app (no other origin, no loop to sign-in). */
export function safeNextPath(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/sign-in' || raw.startsWith('/sign-in?') || raw.startsWith('/sign-in/')) return '/';
  return raw;
}

/** The sign-in page's URL that comes back to `path` afterwards. */
export function signInPathFor(path: string): string {
  return path === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`;
}
