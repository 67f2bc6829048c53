import { defineConfig } from 'vitest/config';

// Browser tests: the built app (dist/) served by `vite preview`, driven by playwright-core in
// the system Chromium. One file at a time: software WebGL is heavy on two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/server.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
