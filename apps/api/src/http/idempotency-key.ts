import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '@storepay/payments-core';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/**
 * The request's Idempotency-Key, checked by the one rule every route shares (1 to 255 visible ASCII characters).
 * `required` routes (refunds) refuse a request without one; others (checkout) answer null.
 */
export function idempotencyKeyOf(request: FastifyRequest, options: { required: true }): string;
export function idempotencyKeyOf(request: FastifyRequest, options?: { required: false }): string | null;
export function idempotencyKeyOf(request: FastifyRequest, { required = false } = {}): string | null {
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined && !required) return null;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues[0]?.message ?? 'is invalid';
  throw new HttpError(400, 'validation_failed', 'The request is invalid.', {
    'Idempotency-Key': value === undefined ? `is required: one key per request (it ${problem})` : problem,
  });
}
