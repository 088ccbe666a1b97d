import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './test-support';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

/** Starts the API as `npm start` does (tsx, source conditions) and collects its output. */
function startApi(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@storepay/source', 'src/main.ts'], {
    cwd: apiRoot,
    // A dead Stripe address: this test must not register webhook endpoints with a developer's running emulator.
    env: { ...process.env, LOG_FORMAT: 'json', STRIPE_API_BASE: 'http://127.0.0.1:9', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(
  port: number,
  api: ReturnType<typeof startApi>,
  deadline = Date.now() + 60_000,
): Promise<void> {
  let exited = false;
  void api.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the API exited before answering /health:\n${api.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not answer /health in time');
}

describe('the API process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storepay-api-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits non-zero naming a bad variable', async () => {
    const api = startApi({ API_PORT: 'abc' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/API_PORT: must be a port number/);
  });

  it('serves the seeded catalog, shuts down cleanly on SIGTERM, and keeps its data across a restart', async () => {
    const port = await freePort();
    const first = startApi({ API_PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, first);
    const catalog = (await (await fetch(`http://127.0.0.1:${port}/api/products`)).json()) as { products: unknown[] };
    expect(catalog.products).toHaveLength(6);
    expect(first.output()).toMatch(/seeded the demo catalog/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/shutting down/);

    const second = startApi({ API_PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, second);
    const again = (await (await fetch(`http://127.0.0.1:${port}/api/products`)).json()) as { products: unknown[] };
    expect(again.products).toHaveLength(6);
    expect(second.output()).not.toMatch(/seeded the demo catalog/);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
