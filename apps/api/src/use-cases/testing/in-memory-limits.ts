// In-memory abuse limits on an injected clock, for the use cases' unit tests (the real stores are tested in
// security/limits.test.ts, on memory and on Redis).
import type { Clock, FailureThrottle, RateLimitName, RateLimitRule, RateLimits, ThrottleScope } from '../ports';
import { fixedClock } from './in-memory-store';

export function inMemoryLimits(clock: Clock = fixedClock(), rules: Partial<Record<RateLimitName, RateLimitRule>> = {}) {
  const windows = new Map<string, { used: number; resetAt: number }>();
  const failures = new Map<string, number>();
  const blockedUntil = new Map<string, number>();
  const generations = new Map<string, number>();
  const now = () => clock.now().getTime();

  const limits: RateLimits = {
    async take(name, key) {
      const rule = rules[name];
      if (!rule) return null; // not limited in this test
      const id = `${name}|${key}`;
      let window = windows.get(id);
      if (!window || window.resetAt <= now()) {
        window = { used: 0, resetAt: now() + rule.seconds * 1000 };
        windows.set(id, window);
      }
      if (window.used >= rule.points) return Math.max(1, Math.ceil((window.resetAt - now()) / 1000));
      window.used += 1;
      return null;
    },
  };

  const at = (scope: ThrottleScope, key: string) => `${scope}|${key}`;
  const throttle: FailureThrottle = {
    waitMs: async (scope, key) => Math.max(0, (blockedUntil.get(at(scope, key)) ?? 0) - now()),
    async fail(scope, key) {
      const count = (failures.get(at(scope, key)) ?? 0) + 1;
      failures.set(at(scope, key), count);
      return count;
    },
    async block(scope, key, ms) {
      blockedUntil.set(at(scope, key), now() + ms);
    },
    async clear(scope, key) {
      failures.delete(at(scope, key));
      blockedUntil.delete(at(scope, key));
    },
    generation: async (key) => generations.get(key) ?? 0,
    async bump(key) {
      generations.set(key, (generations.get(key) ?? 0) + 1);
    },
  };

  return { limits, throttle, failures, blockedUntil };
}
