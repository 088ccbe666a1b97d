// Test helpers shared by the tests of payments-core and the web apps ("@storepay/payments-core/testing").
// Test-only: never import this from production code. Browser-safe and framework-free: no Node built-ins and no
// vitest here, so each test runner wraps these in its own mocks (see the apps' src/test/fixtures.ts).
import type { Product } from '../contract/catalog';

/** Three catalog products, priced in three, two and one currencies (JPY has no minor unit); only the mug has an image. */
export const productFixtures: Readonly<Record<'tote' | 'mug' | 'scarf', Product>> = {
  tote: {
    id: '6f1c1c8e-4a51-4c55-9a4e-1f0a8d3b2c01',
    slug: 'linen-tote',
    name: 'Linen tote',
    description: 'A sturdy everyday bag in washed linen.',
    imageUrl: null,
    prices: [
      { currency: 'usd', unitAmount: 2400 },
      { currency: 'eur', unitAmount: 2250 },
      { currency: 'jpy', unitAmount: 3600 },
    ],
  },
  mug: {
    id: '0d6a2c55-93b0-4bb8-8f0e-2a7b3f9d4c02',
    slug: 'ceramic-mug',
    name: 'Ceramic mug',
    description: 'Stoneware, 350 ml, dishwasher safe.',
    imageUrl: 'https://images.example.test/mug.jpg',
    prices: [
      { currency: 'usd', unitAmount: 1850 },
      { currency: 'jpy', unitAmount: 2800 },
    ],
  },
  scarf: {
    id: 'a3e9f4b2-1c7d-4e8a-b5f6-3d2c1b0a9e03',
    slug: 'wool-scarf',
    name: 'Wool scarf',
    description: 'Merino wool, woven in Portugal.',
    imageUrl: null,
    prices: [{ currency: 'eur', unitAmount: 4500 }],
  },
};

/** A JSON response, as the API sends it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The signature of `fetch` that the API client uses. */
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Answers one fetch call; it gets the call's arguments. */
export type FetchResponder = (input: string | URL | Request, init?: RequestInit) => Response | Promise<Response>;

/**
 * A stand-in for `fetch`: each call gets the next responder (the last one repeats). Wrap it in the test runner's
 * mock function (e.g. `vi.fn(fakeFetch(...))`) to stub the global and inspect calls.
 */
export function fakeFetch(...responders: FetchResponder[]): FetchFn {
  let call = 0;
  return async (input, init) => {
    const responder = responders[Math.min(call, responders.length - 1)];
    call += 1;
    if (!responder) throw new Error('fakeFetch needs at least one responder');
    return responder(input, init);
  };
}

/** Every order of `items`: for tests that deliver the same events in every possible order. */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
export * from './stripe-objects';
