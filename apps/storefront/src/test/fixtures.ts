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
