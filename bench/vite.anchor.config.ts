import { defineConfig } from 'vite';

// Builds the anchor page alone, into bench-out/anchor: 3d-force-graph never enters the app bundle.
export default defineConfig({
  root: 'bench/anchor',
  base: './',
  logLevel: 'warn',
  build: {
    outDir: '../../bench-out/anchor',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
  },
});
