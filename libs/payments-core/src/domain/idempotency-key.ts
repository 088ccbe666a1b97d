import { z } from 'zod/mini';

/** The request header that makes a write safe to repeat: the same key returns what the first request did. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Stripe's own limit for its Idempotency-Key, and ours: 1 to 255 visible ASCII characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const IDEMPOTENCY_KEY_PROBLEM = `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`;

/** The one rule for an Idempotency-Key header's value, whether a route requires it or not. */
export const idempotencyKeySchema = z
  .string({ error: IDEMPOTENCY_KEY_PROBLEM })
  .check(
    z.minLength(1, { error: IDEMPOTENCY_KEY_PROBLEM }),
    z.maxLength(MAX_IDEMPOTENCY_KEY_LENGTH, { error: IDEMPOTENCY_KEY_PROBLEM }),
    z.regex(/^[\x21-\x7e]+$/, { error: IDEMPOTENCY_KEY_PROBLEM }),
  );

/**
 * A fresh idempotency key (a v4 UUID) for a write the browser may repeat. crypto.randomUUID exists only in secure
 * contexts (https, localhost), so a page opened over plain http on a LAN address (a phone on the dev machine) falls
 * back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
