import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret token: 32 random bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What is stored of a session token: its SHA-256, so a copy of the database signs nobody in. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Compares two tokens in constant time. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
