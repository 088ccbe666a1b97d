/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

const conditions = ['@storepay/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    rollupOptions: {
      input: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
