/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

// Without `module`: Node itself loads the npm packages (they stay external), and it knows no such condition; with
// it, some (e.g. @opentelemetry/api) resolve to builds Node cannot load.
const conditions = ['@storepay/source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

// `vite build` bundles the API and the workspace libraries it uses into dist/main.js; npm packages stay external.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    ssr: 'src/main.ts',
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
