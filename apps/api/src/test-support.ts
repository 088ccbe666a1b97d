// Helpers shared by the API's tests (never imported by production code).
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll } from 'vitest';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something truthy, which it returns; throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A fresh database for the enclosing `describe` (created before its tests, dropped after them). Read `.db` inside
 * hooks and tests. The pool is closed, and given a moment to finish, before the database is dropped.
 */
export function useTestDatabase(target: Parameters<typeof createTestDatabase>[0]): { db: TestDatabase } {
  const holder = {} as { db: TestDatabase };
  beforeAll(async () => {
    holder.db = await createTestDatabase(target);
  });
  afterAll(async () => {
    await holder.db?.prisma.$disconnect();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await holder.db?.destroy();
  });
  return holder;
}

/**
 * The Redis the shared-limit tests use (`TEST_REDIS_URL`), or null to skip them on a machine without one. CI must
 * set it: there the shared limits are always tested.
 */
export function testRedisUrl(): string | null {
  if (process.env.TEST_REDIS_URL) return process.env.TEST_REDIS_URL;
  if (process.env.CI) throw new Error('CI is set but TEST_REDIS_URL is not: the shared abuse limits must be tested');
  return null;
}
