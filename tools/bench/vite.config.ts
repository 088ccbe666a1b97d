/// <reference types="vitest/config" />
import { defaultServerConditions, defineConfig } from 'vite';

// The workspace libraries from source, as `npm run bench` loads them (tsx with --conditions=@storepay/source); see
// apps/api/vite.config.ts for why `module` is left out.
const conditions = ['@storepay/source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
