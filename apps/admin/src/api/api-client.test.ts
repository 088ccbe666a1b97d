import { productListSchema } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, tote } from '../test/fixtures';
import { ApiError, getJson } from './api-client';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('getJson', () => {
  it('returns the parsed body', async () => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    await expect(getJson('/api/products', productListSchema)).resolves.toEqual({ products: [tote] });
  });

  it("turns the API's error envelope into an ApiError with code, message and fields", async () => {
    mockFetch(() =>
      jsonResponse({ error: { code: 'validation_failed', message: 'Bad input', fields: { email: 'Required' } } }, 422),
    );
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'Bad input',
      fields: { email: 'Required' },
    });
    expect(error.isRetryable).toBe(false);
  });

  it('describes an error response without the envelope by its status', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
    expect(error.isRetryable).toBe(true);
  });

  it('rejects a body that does not match the schema', async () => {
    mockFetch(() => jsonResponse({ items: [] }));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('reports a request that got no response as a network error', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.isRetryable).toBe(true);
  });
});
