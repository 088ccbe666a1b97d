// Helpers shared by the API's tests (never imported by production code).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
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

/** The connection string of a PostgreSQL test database (createTestDatabase makes it beside TEST_DATABASE_URL's). */
export async function postgresqlUrlOf(db: TestDatabase): Promise<string> {
  const [row] = await db.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${row!.name}`;
  return url.toString();
}

/** An API process a test started (`src/main.ts`), with its output so far and its exit. */
export interface ApiProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and when it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output: () => string;
}

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

/** Starts `src/main.ts` as production runs it (tsx, source conditions) with `env` over the test's environment. */
export function startApiProcess(env: NodeJS.ProcessEnv): ApiProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@storepay/source', 'src/main.ts'], {
    cwd: apiRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, exited, output: () => output };
}

/** Waits until the process answers `GET /ready` on `port`; fails at once, with its output, if it exits. */
export async function waitForApiReady(port: number, api: ApiProcess): Promise<void> {
  await waitFor(
    'the API to be ready',
    async () => {
      if (api.child.exitCode !== null) throw new Error(`an API process exited:\n${api.output()}`);
      return fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
  );
}

/** Stops a child process gracefully (SIGTERM) and waits for it to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
