// The Stripe.js e2e suite's servers (Playwright's webServer): the emulator on EMULATOR_PORT and, on PAGE_PORT,
// a tiny static server for the React test page (test-page/), built here with Vite. The page is deliberately not
// served by the emulator: it plays the merchant's site, on another origin.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { startEmulator } from '../../index';
import { EMULATOR_PORT, EMULATOR_URL, PAGE_PORT } from './ports';

const outDir = mkdtempSync(join(tmpdir(), 'stripe-js-e2e-'));
await build({
  root: join(import.meta.dirname, 'test-page'),
  configFile: false,
  // React's development build: StrictMode mounts, destroys and re-creates the Payment Element as in `vite dev`,
  // and React's warnings reach the console (where the spec fails on them).
  mode: 'development',
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  logLevel: 'warn',
  plugins: [
    react(),
    // Before Vite reads the HTML, so the emulator's script is an external URL it leaves alone.
    {
      name: 'emulator-url',
      transformIndexHtml: { order: 'pre', handler: (html) => html.replaceAll('__EMULATOR_URL__', EMULATOR_URL) },
    },
  ],
  build: { outDir, emptyOutDir: true, minify: false },
});
const html = readFileSync(join(outDir, 'index.html'), 'utf8');

const emulator = await startEmulator({ port: EMULATOR_PORT });

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
const pages = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/health') return void response.end('ok');
  if (path.startsWith('/assets/')) {
    try {
      const body = readFileSync(join(outDir, normalize(path).replace(/^(\.\.[/\\])+/, '')));
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      return void response.end(body);
    } catch {
      response.writeHead(404);
      return void response.end();
    }
  }
  // Every other path (/, /return) is the single-page app.
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
});
await new Promise<void>((resolve) => pages.listen(PAGE_PORT, '127.0.0.1', resolve));
console.log(`stripe-js e2e: emulator ${emulator.url}, test page http://127.0.0.1:${PAGE_PORT}`);

async function shutdown() {
  pages.close();
  await emulator.close();
  rmSync(outDir, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown());
