// The abuse limits' stores: Redis when REDIS_URL is set (every API process shares one budget), memory otherwise.
// rate-limiter-flexible does the counting; this file only names the limiters and hides the keys.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type {
  FailureThrottle,
  Logger,
  RateLimitName,
  RateLimitRule,
  RateLimits,
  ThrottleScope,
} from '../use-cases/ports';

export interface LimitStores {
  kind: 'redis' | 'memory';
  limits: RateLimits;
  throttle: FailureThrottle;
  /** Connects to Redis (a no-op in memory); an unreachable Redis is logged, and the limits fall back to memory. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface LimitStoreOptions {
  redisUrl?: string;
  rules: Record<RateLimitName, RateLimitRule>;
  /** Keeps the keys of one system (or one test) apart from another's on a shared Redis. */
  keyPrefix?: string;
  log: Logger;
}

/**
 * Failures are counted over a day from the first. A bump of an account's generation lives a week: longer than any
 * failure it hides (so they never come back), and under the 24.8 days a Node timer can wait (the memory store expires
 * keys with timers, and a longer one fires at once: the unlock would be forgotten a millisecond later).
 */
const FAILURE_WINDOW_SECONDS = 24 * 60 * 60;
const GENERATION_SECONDS = 7 * 24 * 60 * 60;
const UNLIMITED = 1_000_000_000;

/** Keys are hashed: a Redis dump holds no email or address. */
const hashed = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 27);

const SCOPES: readonly ThrottleScope[] = ['account', 'pair', 'address'];

export function createLimitStores({ redisUrl, rules, keyPrefix = 'storepay', log }: LimitStoreOptions): LimitStores {
  const redis = redisUrl
    ? new Redis(redisUrl, {
        lazyConnect: true,
        // A command fails at once while Redis is away (the insurance limiter answers) instead of queueing.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
      })
    : null;
  let redisDown = false;
  redis?.on('error', (error: Error) => {
    if (redisDown) return;
    redisDown = true;
    log.warn({ err: error }, 'Redis is unreachable: the abuse limits count per process until it is back');
  });
  redis?.on('ready', () => {
    if (redisDown) log.info({}, 'Redis is back: the abuse limits are shared again');
    redisDown = false;
  });

  const limiter = (name: string, options: Omit<IRateLimiterOptions, 'keyPrefix'>): RateLimiterAbstract => {
    const prefixed = { ...options, keyPrefix: `${keyPrefix}:${name}` };
    if (!redis) return new RateLimiterMemory(prefixed);
    // While Redis is away, each process counts in memory rather than letting everything through or refusing all.
    return new RateLimiterRedis({ ...prefixed, storeClient: redis, insuranceLimiter: new RateLimiterMemory(prefixed) });
  };

  const budgets = new Map<RateLimitName, RateLimiterAbstract>(
    (Object.entries(rules) as [RateLimitName, RateLimitRule][]).map(([name, rule]) => [
      name,
      limiter(`rl:${name}`, { points: rule.points, duration: rule.seconds }),
    ]),
  );
  const failures = new Map(
    SCOPES.map((scope) => [scope, limiter(`fail:${scope}`, { points: UNLIMITED, duration: FAILURE_WINDOW_SECONDS })]),
  );
  const blocks = new Map(SCOPES.map((scope) => [scope, limiter(`block:${scope}`, { points: 1, duration: 1 })]));
  const generations = limiter('gen', { points: UNLIMITED, duration: GENERATION_SECONDS });

  const limits: RateLimits = {
    async take(name, key) {
      try {
        await budgets.get(name)!.consume(hashed(key));
        return null;
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        throw refusal;
      }
    },
  };

  const throttle: FailureThrottle = {
    async waitMs(scope, key) {
      const state = await blocks.get(scope)!.get(hashed(key));
      return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
    },
    async fail(scope, key) {
      return (await failures.get(scope)!.penalty(hashed(key), 1)).consumedPoints;
    },
    async block(scope, key, ms) {
      await blocks.get(scope)!.block(hashed(key), Math.max(1, Math.ceil(ms / 1000)));
    },
    async clear(scope, key) {
      await Promise.all([failures.get(scope)!.delete(hashed(key)), blocks.get(scope)!.delete(hashed(key))]);
    },
    async generation(key) {
      return (await generations.get(hashed(key)))?.consumedPoints ?? 0;
    },
    async bump(key) {
      await generations.penalty(hashed(key), 1);
    },
  };

  return {
    kind: redis ? 'redis' : 'memory',
    limits,
    throttle,
    async ready() {
      if (!redis || redis.status === 'ready') return;
      try {
        await redis.connect();
      } catch (error) {
        // ioredis keeps reconnecting; until then the insurance limiters count per process (logged once above).
        log.debug({ err: error }, 'first connection to Redis failed');
      }
    },
    async close() {
      if (!redis || redis.status === 'end') return;
      if (redis.status === 'wait')
        redis.disconnect(); // never connected
      else await redis.quit().catch(() => redis.disconnect());
    },
  };
}
