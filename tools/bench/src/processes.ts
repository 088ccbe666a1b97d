import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

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

export interface Service {
  url: string;
  /** SIGTERM, and waits for the exit (at once when it has exited already). */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: no graceful shutdown; resolves once it is gone. */
  kill(): Promise<void>;
}

/** Starts a project's TypeScript entry point as its own process and waits until `readyPath` answers 200. */
export async function startService(options: {
  name: string;
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
}): Promise<Service> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@storepay/source', ...options.args],
    {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited: ${stderr}`);
    const ok = await fetch(`${url}${options.readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      const end = (signal: NodeJS.Signals) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill(signal);
        });
      return { url, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${options.name} did not become ready: ${stderr}`);
}

/** The Stripe emulator (tools/stripe-emulator) in its own process, on a free port. */
export async function startEmulator(): Promise<Service & { port: number }> {
  const port = await freePort();
  const service = await startService({
    name: 'stripe emulator',
    cwd: join(workspaceRoot, 'tools/stripe-emulator'),
    args: ['src/main.ts', '--port', String(port)],
    env: {},
    port,
    readyPath: '/',
  });
  return { ...service, port };
}

/**
 * The API's Stripe settings for a run on PostgreSQL: the demo (which uses the emulator by itself) runs only on the
 * embedded database, so elsewhere the emulator is named as the Stripe API, with test keys it accepts.
 */
export function emulatorAsStripe(emulatorPort: number | null): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_storepay_bench',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_storepay_bench',
    STRIPE_API_BASE: `http://127.0.0.1:${emulatorPort ?? 9}`,
  };
}
