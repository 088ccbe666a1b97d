/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

const conditions = ['@storepay/source', ...defaultServerConditions];

// Tests only: this tool runs from source (bin/*.mjs load src/ through tsx), so there is nothing to build.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
