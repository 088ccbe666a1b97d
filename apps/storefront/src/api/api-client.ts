import { ApiError, createApiClient, type RequestOptions } from '@storepay/payments-core';
import type { ZodMiniType } from 'zod/mini';

export { ApiError, type RequestOptions } from '@storepay/payments-core';

/** What the shop tells customers when the API cannot be used. */
const messages = {
  networkError: 'Could not reach the shop. Check your connection and try again.',
  unreadableResponse: 'The shop sent a response that could not be read.',
  unexpectedFormat: 'The shop sent a response in an unexpected format.',
};

/** The API client of the shop: customers see plain-language messages. */
export const { getJson } = createApiClient({ messages });

export interface PostOptions extends RequestOptions {
  /** Sent as the `Idempotency-Key` header: the API answers a repeated key with the first request's result. */
  idempotencyKey?: string;
}

/**
 * POSTs JSON to the API and parses the answer with the contract's schema. Fails like `getJson`: an ApiError with the
 * server's `{code, message, fields}`, `network_error` without a response, `invalid_response` for a broken body.
 * (payments-core's client has GET only so far; this mirrors it for writes.)
 */
export async function postJson<T>(
  path: string,
  body: unknown,
  schema: ZodMiniType<T>,
  { signal, idempotencyKey }: PostOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError({ status: 0, code: 'network_error', message: messages.networkError, cause });
  }
  if (!response.ok) throw await ApiError.fromResponse(response);

  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (cause) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: messages.unreadableResponse,
      cause,
    });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: messages.unexpectedFormat,
      cause: result.error,
    });
  }
  return result.data;
}
