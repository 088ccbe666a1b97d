import { describe, expect, it } from 'vitest';
import { createAttemptKeys, forgetCheckoutAttempt, newIdempotencyKey } from './idempotency-key';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotency keys', () => {
  it('are v4 UUIDs, also where crypto.randomUUID is missing (plain http on a LAN address)', () => {
    expect(newIdempotencyKey()).toMatch(UUID_V4);
    // Shadow the method with an own property (then delete it to restore the prototype's).
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(Reflect.get(crypto, 'randomUUID')).toBeUndefined();
      const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
      expect(keys.size).toBe(50);
      for (const key of keys) expect(key).toMatch(UUID_V4);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });

  it('stay the same for the same request body and change with it', () => {
    let next = 0;
    const keys = createAttemptKeys(() => `key-${(next += 1)}`, null);
    const body = { items: [{ productId: 'a', quantity: 1 }], currency: 'usd', email: 'a@example.com' };
    expect(keys.keyFor(body)).toBe('key-1');
    expect(keys.keyFor({ ...body })).toBe('key-1');
    expect(keys.keyFor({ ...body, email: 'b@example.com' })).toBe('key-2');
    expect(keys.keyFor(body)).toBe('key-3');
  });

  it('survive a reload of the tab for the same cart, until the checkout is paid', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    let next = 0;
    const generate = () => `key-${(next += 1)}`;
    const body = { items: [{ productId: 'a', quantity: 1 }], currency: 'usd', email: 'a@example.com' };
    expect(createAttemptKeys(generate, storage).keyFor(body)).toBe('key-1');
    // A reload: a new page, the same tab storage.
    const reloaded = createAttemptKeys(generate, storage);
    expect(reloaded.keyFor(body)).toBe('key-1');
    expect(reloaded.keyFor({ ...body, currency: 'eur' })).toBe('key-2');
    forgetCheckoutAttempt(storage);
    expect(createAttemptKeys(generate, storage).keyFor({ ...body, currency: 'eur' })).toBe('key-3');
  });

  it('give the same cart a new key, kept across a reload, once its order expired', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    let next = 0;
    const keys = createAttemptKeys(() => `key-${(next += 1)}`, storage);
    const body = { items: [{ productId: 'a', quantity: 1 }], currency: 'usd', email: 'a@example.com' };
    expect(keys.keyFor(body)).toBe('key-1');
    expect(keys.renewKeyFor(body)).toBe('key-2');
    expect(keys.keyFor(body)).toBe('key-2');
    expect(createAttemptKeys(() => 'unused', storage).keyFor(body)).toBe('key-2');
  });
});
