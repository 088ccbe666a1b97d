/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 30_000 },
});
