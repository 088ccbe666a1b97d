import { newIdempotencyKey } from '@storepay/payments-core';

export { newIdempotencyKey };

/** Where this tab keeps its checkout attempt: a reload resumes the same order instead of making another. */
const ATTEMPT_STORAGE_KEY = 'storepay.storefront.checkout-attempt';

type AttemptStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function tabStorage(): AttemptStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: keys live as long as the page
  }
}

interface Attempt {
  fingerprint: string;
  key: string;
}

function readAttempt(storage: AttemptStorage | null): Attempt | null {
  try {
    const value: unknown = JSON.parse(storage?.getItem(ATTEMPT_STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { fingerprint, key } = value as Record<string, unknown>;
    return typeof fingerprint === 'string' && typeof key === 'string' ? { fingerprint, key } : null;
  } catch {
    return null;
  }
}

/**
 * Keys for one checkout: the same request body keeps its key (a retry after a network error or a 503, a second
 * click, or the same cart submitted again after a reload of the tab, gets the same order back from the API), a
 * changed body gets a new one (the API would refuse a key reused with other parameters).
 */
export function createAttemptKeys(generate: () => string = newIdempotencyKey, storage = tabStorage()) {
  let current = readAttempt(storage);
  const keyFor = (body: unknown): string => {
    const fingerprint = JSON.stringify(body);
    if (current?.fingerprint !== fingerprint) {
      current = { fingerprint, key: generate() };
      try {
        storage?.setItem(ATTEMPT_STORAGE_KEY, JSON.stringify(current));
      } catch {
        // Storage full or off: the key still holds for this page.
      }
    }
    return current.key;
  };
  return {
    keyFor,
    /** The order of this attempt expired unpaid: the same body gets a new key, so the API makes a new order. */
    renewKeyFor: (body: unknown): string => {
      current = null;
      return keyFor(body);
    },
  };
}

/** The checkout is paid: the next checkout in this tab, even of the same cart, is a new order. */
export function forgetCheckoutAttempt(storage = tabStorage()): void {
  try {
    storage?.removeItem(ATTEMPT_STORAGE_KEY);
  } catch {
    // Nothing to forget.
  }
}
