import { newIdempotencyKey } from '@storepay/payments-core';

export { newIdempotencyKey };

/**
 * Keys for one checkout form: the same request body keeps its key (a retry after a network error or a 503, or a
 * second click, gets the same order back from the API), a changed body gets a new one (the API would refuse a key
 * reused with other parameters).
 */
export function createAttemptKeys(generate: () => string = newIdempotencyKey) {
  let current: { fingerprint: string; key: string } | null = null;
  return {
    keyFor(body: unknown): string {
      const fingerprint = JSON.stringify(body);
      if (current?.fingerprint !== fingerprint) current = { fingerprint, key: generate() };
      return current.key;
    },
  };
}
