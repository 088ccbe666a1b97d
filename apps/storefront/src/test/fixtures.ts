import { fakeFetch, productFixtures, type FetchResponder } from '@storepay/payments-core/testing';
import { vi } from 'vitest';

export { jsonResponse } from '@storepay/payments-core/testing';

export const { tote, mug, scarf } = productFixtures;

/** Replaces global fetch (vitest unstubs it after each test); each call gets the next responder (the last repeats). */
export function mockFetch(...responders: FetchResponder[]) {
  const fetchMock = vi.fn(fakeFetch(...responders));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** Answers by request path (`GET /api/products`, `POST /api/checkout`, ...); anything else fails the test loudly. */
export function apiRoutes(
  handlers: Record<string, (init: RequestInit | undefined, call: number) => Response | Promise<Response>>,
): FetchResponder {
  const calls = new Map<string, number>();
  return (input, init) => {
    const path = String(input instanceof Request ? input.url : input);
    const route = `${init?.method ?? 'GET'} ${path}`;
    const handler = handlers[route];
    if (!handler) throw new Error(`unexpected request: ${route}`);
    const call = calls.get(route) ?? 0;
    calls.set(route, call + 1);
    return handler(init, call);
  };
}

/** A promise to settle from the test: `const gate = deferred<Response>()`, later `gate.resolve(response)`. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
