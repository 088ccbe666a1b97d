/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { storefrontProxy, securityHeadersPlugin } from '@storepay/web-security';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { bundleBudget } from './tooling/bundle-budget.ts';

/** Reads a port from the environment; a bad value stops the start with a message naming the variable. */
function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return port;
}

const host = '127.0.0.1';
const port = portFromEnv('STOREFRONT_PORT', 4200);
const apiTarget = `http://${host}:${portFromEnv('API_PORT', 3000)}`;

// The browser talks to the API on its own origin; in dev and preview Vite forwards the public routes only (the
// admin API is a 404 here), and every response carries the storefront's security headers.
const proxy = storefrontProxy(apiTarget);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // bundleBudget: the initial JavaScript (gzipped) must stay under 100 kB; see tooling/bundle-budget.ts.
  plugins: [
    react(),
    securityHeadersPlugin({ app: 'storefront', apiTarget, host, port }),
    bundleBudget({ maxGzipBytes: 100_000 }),
  ],
  // Consume workspace libs (payments-core) from their TypeScript source, not a prebuilt dist.
  resolve: { conditions: ['@storepay/source', ...defaultClientConditions] },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: a production build serves none (the shop's code is not published with its sources).
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'tooling/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
