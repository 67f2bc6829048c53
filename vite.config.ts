import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Relative base so dist/ works from any static host or sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 30000,
  },
});
