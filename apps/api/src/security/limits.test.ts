import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../test-support';
import { silentLogger, type RateLimitName, type RateLimitRule } from '../use-cases/ports';
import { createLimitStores, type LimitStores } from './limits';

const rules: Record<RateLimitName, RateLimitRule> = {
  checkout_ip: { points: 3, seconds: 60 },
  checkout_email: { points: 2, seconds: 60 },
  order_read_ip: { points: 5, seconds: 60 },
  order_refresh: { points: 1, seconds: 60 },
  sign_in_ip: { points: 5, seconds: 60 },
  sign_in_account: { points: 5, seconds: 60 },
  shopper_link_ip: { points: 5, seconds: 60 },
  shopper_link_email: { points: 5, seconds: 60 },
};

const redisUrl = testRedisUrl();
const opened: LimitStores[] = [];
afterAll(() => Promise.all(opened.map((stores) => stores.close())));

async function open(kind: 'memory' | 'redis', keyPrefix = `t-${randomUUID()}`) {
  const stores = createLimitStores({
    redisUrl: kind === 'redis' ? redisUrl! : undefined,
    rules,
    keyPrefix,
    log: silentLogger,
  });
  opened.push(stores);
  await stores.ready();
  return stores;
}

describe.each([
  ['memory', true],
  ['redis', redisUrl !== null],
] as const)('limit stores: %s', (kind, enabled) => {
  it.runIf(enabled)('takes from a budget per name and key, and says how long until the next', async () => {
    const stores = await open(kind);
    expect(stores.kind).toBe(kind);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await stores.limits.take('checkout_ip', '203.0.113.7'));
    expect(taken.slice(0, 3)).toEqual([null, null, null]);
    expect(taken[3]).toBeGreaterThan(0);
    expect(taken[3]).toBeLessThanOrEqual(60);
    // Another key, and the same key under another name, have budgets of their own.
    expect(await stores.limits.take('checkout_ip', '203.0.113.8')).toBeNull();
    expect(await stores.limits.take('checkout_email', '203.0.113.7')).toBeNull();
  });

  it.runIf(enabled)('counts failures, blocks and forgets', async () => {
    const stores = await open(kind);
    const { throttle } = stores;
    expect(await throttle.waitMs('pair', 'a@example.com|1.2.3.4')).toBe(0);
    expect(await throttle.fail('pair', 'a@example.com|1.2.3.4')).toBe(1);
    expect(await throttle.fail('pair', 'a@example.com|1.2.3.4')).toBe(2);
    await throttle.block('pair', 'a@example.com|1.2.3.4', 30_000);
    const wait = await throttle.waitMs('pair', 'a@example.com|1.2.3.4');
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    expect(await throttle.waitMs('account', 'a@example.com|1.2.3.4')).toBe(0); // scopes are apart
    await throttle.clear('pair', 'a@example.com|1.2.3.4');
    expect(await throttle.waitMs('pair', 'a@example.com|1.2.3.4')).toBe(0);
    expect(await throttle.fail('pair', 'a@example.com|1.2.3.4')).toBe(1);
    expect(await throttle.generation('a@example.com')).toBe(0);
    await throttle.bump('a@example.com');
    await throttle.bump('a@example.com');
    expect(await throttle.generation('a@example.com')).toBe(2);
    // …and stays bumped (the memory store once lost it to a timer that overflowed and fired at once).
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await throttle.generation('a@example.com')).toBe(2);
  });
});

describe.runIf(redisUrl !== null)('limit stores on one Redis', () => {
  it('share one budget between processes (two stores stand in for two processes)', async () => {
    const prefix = `t-${randomUUID()}`;
    const [one, two] = [await open('redis', prefix), await open('redis', prefix)];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).limits.take('order_read_ip', '198.51.100.1')),
    );
    expect(answers.filter((answer) => answer === null)).toHaveLength(5);
    await one.throttle.block('account', 'b@example.com', 10_000);
    expect(await two.throttle.waitMs('account', 'b@example.com')).toBeGreaterThan(0);
  });

  it('counts in memory while Redis is unreachable, instead of failing requests', async () => {
    const stores = createLimitStores({ redisUrl: 'redis://127.0.0.1:1', rules, log: silentLogger });
    opened.push(stores);
    await stores.ready();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await stores.limits.take('checkout_email', 'c@example.com'));
    expect(answers).toEqual([null, null, expect.any(Number)]);
  });
});
