/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

// Without `module`: Node itself loads the npm packages (they stay external), and it knows no such condition; with
// it, some (e.g. @opentelemetry/api) resolve to builds Node cannot load.
const conditions = ['@storepay/source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
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
