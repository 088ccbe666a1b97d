/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { adminProxy, securityHeadersPlugin } from '@storepay/web-security';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

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
const port = portFromEnv('ADMIN_PORT', 4300);
const apiTarget = `http://${host}:${portFromEnv('API_PORT', 3000)}`;

// The browser talks to the API on its own origin; in dev and preview Vite forwards these paths, and every response
// carries the admin's security headers.
const proxy = adminProxy(apiTarget);

/**
 * The first load's budget: the entry chunk stays under ENTRY_BUDGET_BYTES and contains no chart code (recharts and
 * its d3 helpers load with the webhook health chart, in their own chunk). A build that breaks this fails.
 */
const ENTRY_BUDGET_BYTES = 600 * 1024;
const LAZY_ONLY = [/[\\/]node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor)[\\/]/];

function entryBudget(): Plugin {
  return {
    name: 'storepay-admin-entry-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const size = Buffer.byteLength(chunk.code, 'utf8');
        if (size > ENTRY_BUDGET_BYTES) {
          this.error(`entry chunk ${chunk.fileName} is ${size} bytes, over the ${ENTRY_BUDGET_BYTES}-byte budget`);
        }
        const eager = Object.keys(chunk.modules).filter((id) => LAZY_ONLY.some((pattern) => pattern.test(id)));
        if (eager.length > 0) {
          this.error(`chart code must be lazy-loaded, but the entry chunk contains ${eager.slice(0, 3).join(', ')}`);
        }
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), securityHeadersPlugin({ app: 'admin', apiTarget, host, port }), entryBudget()],
  // Consume workspace libs (payments-core) from their TypeScript source, not a prebuilt dist.
  resolve: { conditions: ['@storepay/source', ...defaultClientConditions] },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
  // No source maps: a production build serves none (the shop's code is not published with its sources).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
