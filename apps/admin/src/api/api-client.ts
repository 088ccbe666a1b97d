import { createApiClient, ApiError, type PostOptions, type RequestOptions } from '@storepay/payments-core';
import type { ZodMiniType } from 'zod/mini';
import { csrfHeaders } from '../session/csrf-token';

export { ApiError, type PostOptions, type RequestOptions } from '@storepay/payments-core';

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/**
 * Called whenever the API answers 401 (the session expired or was revoked): the session guard listens and sends
 * the user back to the sign-in page. Returns the unsubscribe function.
 */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const MESSAGES = {
  networkError: 'Could not reach the API. Check that it is running and try again.',
  unreadableResponse: 'The API sent a response that is not JSON.',
  unexpectedFormat: 'The API sent a response that does not match the contract.',
};

const client = createApiClient({
  messages: MESSAGES,
  // Every request carries the session's CSRF token once signed in (the API checks it on writes).
  headers: csrfHeaders,
});

async function watch401<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
}

/** GETs a JSON resource; a 401 tells the session guard. */
export function getJson<T>(path: string, schema: ZodMiniType<T>, options?: RequestOptions): Promise<T> {
  return watch401(client.getJson(path, schema, options));
}

/** A write with a JSON body (or none), with the CSRF header; a 401 tells the session guard. */
export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: ZodMiniType<T>,
  options?: PostOptions,
): Promise<T>;
export function sendJson(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: null,
  options?: PostOptions,
): Promise<null>;
export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: ZodMiniType<T> | null,
  options?: PostOptions,
): Promise<T | null> {
  return watch401(client.sendJson(method, path, body, schema, options));
}

/**
 * POSTs a file's own bytes as the body (no multipart), with its type as Content-Type and the CSRF header, and parses
 * the JSON answer with the contract's schema; fails like `getJson` (a 401 tells the session guard).
 */
export function sendFile<T>(path: string, file: Blob, schema: ZodMiniType<T>, options?: RequestOptions): Promise<T> {
  return watch401(client.postFile(path, file, schema, options));
}

/** Sign-in answers 401 for wrong credentials: that is not an expired session, so it bypasses the 401 watch. */
export function postSignIn<T>(path: string, body: unknown, schema: ZodMiniType<T>): Promise<T> {
  return client.postJson(path, body, schema);
}

/**
 * Whether a failed write certainly created nothing, so the next attempt is a new request with a new Idempotency-Key.
 * After a network error, a 5xx, a 409 or a 429 the same request is sent again with the same key: the API answers
 * it with the first attempt's result, so a retry never acts twice.
 */
export function definitelyRejected(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![409, 429].includes(error.status);
}

/** A query string from defined, non-empty values (in the order given). */
export function queryString(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
