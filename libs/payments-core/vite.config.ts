/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Library build: three entry points. "." is browser-safe; "./server" is Node-only; "./testing" is test-only helpers.
export default defineConfig({
  resolve: { conditions: ['@storepay/source'] },
  ssr: { resolve: { conditions: ['@storepay/source'] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    rollupOptions: {
      input: { index: 'src/index.ts', server: 'src/server/index.ts', testing: 'src/testing/index.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
