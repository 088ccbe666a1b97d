import { afterEach, describe, expect, it, vi } from 'vitest';
import { $ZodError } from 'zod/v4/core';
import { fakeFetch, jsonResponse, productFixtures, type FetchResponder } from '../testing';
import { ApiError, createApiClient, type ApiClientMessages } from './api-client';
import { productListSchema } from './catalog';
import { checkoutResponseSchema } from './checkout';

const { tote } = productFixtures;

const messages: ApiClientMessages = {
  networkError: 'Could not reach the test API.',
  unreadableResponse: 'The test API sent something unreadable.',
  unexpectedFormat: 'The test API sent an unexpected shape.',
};
const { getJson, postJson } = createApiClient({ messages });

/** Replaces global fetch (restored after each test); each call gets the next responder (the last one repeats). */
function mockFetch(...responders: FetchResponder[]) {
  const fetchMock = vi.fn(fakeFetch(...responders));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

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

  it("GETs the path as JSON with the caller's abort signal", async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [] }));
    const { signal } = new AbortController();
    await getJson('/api/products', productListSchema, { signal });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [input, init] = fetchMock.mock.calls[0] ?? [];
    expect(input).toBe('/api/products');
    expect(init).toMatchObject({ headers: { Accept: 'application/json' }, signal });
    expect(init?.method).toBeUndefined();
  });

  it("turns the API's error envelope into an ApiError with code, message and fields", async () => {
    mockFetch(() =>
      jsonResponse({ error: { code: 'validation_failed', message: 'Bad input', fields: { email: 'Required' } } }, 422),
    );
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ApiError',
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
    expect(error).toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'The server answered with status 502.',
      fields: undefined,
    });
    expect(error.isRetryable).toBe(true);
  });

  it('rejects a successful response that is not JSON with the unreadable-response message', async () => {
    mockFetch(() => new Response('<html>Welcome</html>', { status: 200 }));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 200, code: 'invalid_response', message: messages.unreadableResponse });
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.isRetryable).toBe(false);
  });

  it('rejects a body that does not match the schema with the unexpected-format message', async () => {
    mockFetch(() => jsonResponse({ items: [] }));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 200, code: 'invalid_response', message: messages.unexpectedFormat });
    expect(error.cause).toBeInstanceOf($ZodError);
  });

  it('reports a request that got no response as a network error with the network message', async () => {
    const cause = new TypeError('Failed to fetch');
    mockFetch(() => Promise.reject(cause));
    const error = await failure(getJson('/api/products', productListSchema));
    expect(error).toMatchObject({ status: 0, code: 'network_error', message: messages.networkError });
    expect(error.cause).toBe(cause);
    expect(error.isRetryable).toBe(true);
  });

  it('rethrows the original error when the caller aborts the request', async () => {
    const controller = new AbortController();
    const abortError = new DOMException('The operation was aborted.', 'AbortError');
    mockFetch(() => {
      controller.abort(abortError);
      return Promise.reject(abortError);
    });
    await expect(getJson('/api/products', productListSchema, { signal: controller.signal })).rejects.toBe(abortError);
  });
});

describe('createApiClient', () => {
  it('gives each client its own messages', async () => {
    const other = createApiClient({
      messages: { networkError: 'Offline.', unreadableResponse: 'Garbled.', unexpectedFormat: 'Odd shape.' },
    });
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(failure(other.getJson('/api/products', productListSchema))).resolves.toMatchObject({
      code: 'network_error',
      message: 'Offline.',
    });
    await expect(failure(getJson('/api/products', productListSchema))).resolves.toMatchObject({
      code: 'network_error',
      message: messages.networkError,
    });

    mockFetch(() => new Response('not json'));
    await expect(failure(other.getJson('/api/products', productListSchema))).resolves.toMatchObject({
      code: 'invalid_response',
      message: 'Garbled.',
    });

    mockFetch(() => jsonResponse({ products: 'none' }));
    await expect(failure(other.getJson('/api/products', productListSchema))).resolves.toMatchObject({
      code: 'invalid_response',
      message: 'Odd shape.',
    });
  });
});

describe('sendJson and per-client headers', () => {
  const csrf = { token: 'first' };
  const admin = createApiClient({ messages, headers: () => ({ 'x-csrf-token': csrf.token }) });

  it('sends any method with the client headers read at request time, and the idempotency key', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote] }));
    csrf.token = 'second';
    await admin.sendJson('PATCH', '/api/x', { a: 1 }, productListSchema, { idempotencyKey: 'k1' });
    const [path, init] = fetchMock.mock.calls[0]!;
    expect(path).toBe('/api/x');
    expect(init).toMatchObject({
      method: 'PATCH',
      body: '{"a":1}',
      headers: { 'x-csrf-token': 'second', 'Idempotency-Key': 'k1', 'Content-Type': 'application/json' },
    });
  });

  it('sends no body and expects none when asked (204)', async () => {
    const fetchMock = mockFetch(() => new Response(null, { status: 204 }));
    await expect(admin.sendJson('DELETE', '/api/session', undefined, null)).resolves.toBeNull();
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init.body).toBeUndefined();
    expect(init.headers).toEqual({ Accept: 'application/json', 'x-csrf-token': 'second' });
  });

  it('fails like the other calls on an error response', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'forbidden', message: 'No.' } }, 403));
    await expect(failure(admin.sendJson('POST', '/api/x', {}, null))).resolves.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
  });
});

describe('postFile', () => {
  const admin = createApiClient({ messages, headers: () => ({ 'x-csrf-token': 't' }) });

  it('sends the bytes as they are, typed, with the client headers, and parses the answer', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote] }));
    const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
    await expect(admin.postFile('/api/files', file, productListSchema)).resolves.toEqual({ products: [tote] });
    const [, init] = fetchMock.mock.calls[0]!;
    expect(init).toMatchObject({
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/pdf', 'x-csrf-token': 't' },
    });
    mockFetch(() => jsonResponse({ error: { code: 'evidence_invalid', message: 'No.' } }, 422));
    await expect(failure(admin.postFile('/api/files', file, productListSchema))).resolves.toMatchObject({
      status: 422,
    });
  });
});

describe('ApiError', () => {
  it.each([
    [0, true],
    [400, false],
    [404, false],
    [422, false],
    [429, true],
    [500, true],
    [503, true],
  ])('status %i is retryable: %s', (status, retryable) => {
    expect(new ApiError({ status, code: 'x', message: 'x' }).isRetryable).toBe(retryable);
  });

  it('keeps the cause it was given', () => {
    const cause = new Error('underlying');
    expect(new ApiError({ status: 0, code: 'network_error', message: 'x', cause }).cause).toBe(cause);
  });

  it('fromResponse reads the envelope, and falls back to the status when there is none', async () => {
    await expect(
      ApiError.fromResponse(jsonResponse({ error: { code: 'not_found', message: 'No such product.' } }, 404)),
    ).resolves.toMatchObject({ status: 404, code: 'not_found', message: 'No such product.', fields: undefined });
    await expect(ApiError.fromResponse(jsonResponse({ message: 'not the envelope' }, 500))).resolves.toMatchObject({
      status: 500,
      code: 'http_500',
    });
    await expect(ApiError.fromResponse(new Response(null, { status: 503 }))).resolves.toMatchObject({
      status: 503,
      code: 'http_503',
    });
  });
});

describe('postJson', () => {
  const created = {
    orderId: '11111111-1111-4111-8111-111111111111',
    paymentIntentId: 'pi_1',
    clientSecret: 'pi_1_secret_x',
    amount: 3400,
    currency: 'usd',
  };

  it('POSTs the body as JSON with the Idempotency-Key and parses the answer', async () => {
    const fetchMock = mockFetch(() => jsonResponse(created, 201));
    const body = { items: [{ productId: created.orderId, quantity: 1 }], currency: 'usd', email: 'a@example.com' };
    await expect(postJson('/api/checkout', body, checkoutResponseSchema, { idempotencyKey: 'k-1' })).resolves.toEqual(
      created,
    );
    const [input, init] = fetchMock.mock.calls[0] ?? [];
    expect(input).toBe('/api/checkout');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
      body: JSON.stringify(body),
    });
  });

  it('sends no Idempotency-Key when none is given, and fails like getJson', async () => {
    const fetchMock = mockFetch(() =>
      jsonResponse(
        { error: { code: 'validation_failed', message: 'Bad', fields: { email: 'must be an email address' } } },
        400,
      ),
    );
    const error = await failure(postJson('/api/checkout', {}, checkoutResponseSchema));
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      fields: { email: 'must be an email address' },
    });
    expect(fetchMock.mock.calls[0]?.[1]?.headers).not.toHaveProperty('Idempotency-Key');
    mockFetch(() => jsonResponse({ orderId: 'nope' }, 201));
    expect(await failure(postJson('/api/checkout', {}, checkoutResponseSchema))).toMatchObject({
      code: 'invalid_response',
      message: messages.unexpectedFormat,
    });
  });
});
