/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Library build: two entry points. "." is browser-safe; "./server" is Node-only.
export default defineConfig({
  resolve: { conditions: ['@storepay/source'] },
  ssr: { resolve: { conditions: ['@storepay/source'] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    rollupOptions: {
      input: { index: 'src/index.ts', server: 'src/server/index.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
