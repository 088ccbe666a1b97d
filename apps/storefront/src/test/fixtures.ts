import type { ShopperSession, StorefrontConfig } from '@storepay/payments-core';
import { fakeFetch, jsonResponse, productFixtures, type FetchResponder } from '@storepay/payments-core/testing';
import { vi } from 'vitest';

export { jsonResponse };

export const { tote, mug, scarf } = productFixtures;

/** What `GET /api/config` answers in these tests: the shop sells in USD, EUR and JPY. */
export const storefrontConfig: StorefrontConfig = {
  publishableKey: 'pk_test_storefront',
  stripeJsUrl: 'http://127.0.0.1:12111/js.stripe.com/v3/',
  currencies: ['usd', 'eur', 'jpy'],
};

const isGet = (path: string) => (input: string | URL | Request, init?: RequestInit) =>
  (init?.method ?? 'GET') === 'GET' && String(input instanceof Request ? input.url : input) === path;
const isConfigRequest = isGet('/api/config');
const isSessionRequest = isGet('/api/account/session');

let signedIn: ShopperSession | null = null;

/** Who `GET /api/account/session` says is signed in (the header asks on every page): nobody unless a test says. */
export function signInShopper(session: ShopperSession | null): void {
  signedIn = session;
}

export const shopperSessionFixture: ShopperSession = {
  customer: { id: '7d9b6c1e-5a2f-4c3d-8e1f-2a3b4c5d6e7f', email: 'ada@example.com' },
  csrfToken: 'csrf-token-of-the-session',
  expiresAt: '2027-01-05T10:00:00.000Z',
};

/**
 * Replaces global fetch (vitest unstubs it after each test); each call gets the next responder (the last repeats).
 * `GET /api/config`, which every page asks for (the currencies on offer), answers `config` without using one.
 */
export function mockFetch(...responders: FetchResponder[]) {
  return mockFetchWithConfig(storefrontConfig, ...responders);
}

/** The same with another config; the mock it answers records every request but the config's. */
export function mockFetchWithConfig(config: StorefrontConfig, ...responders: FetchResponder[]) {
  const fetchMock = vi.fn(fakeFetch(...responders));
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    if (isConfigRequest(input, init)) return Promise.resolve(jsonResponse(config));
    if (isSessionRequest(input, init)) {
      return Promise.resolve(
        signedIn
          ? jsonResponse(signedIn)
          : jsonResponse({ error: { code: 'unauthenticated', message: 'Sign in to continue.' } }, 401),
      );
    }
    return fetchMock(input, init);
  });
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
