/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

// Without `module`: Node itself loads the npm packages (they stay external), as in the API.
const conditions = ['@storepay/source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    rollupOptions: { input: { index: 'src/index.ts' }, output: { format: 'es', entryFileNames: '[name].js' } },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
