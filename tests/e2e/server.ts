// Serves dist/ for the browser tests and tells them where.
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const server = await preview({
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    // E2E_DIST=dist-x serves another build directory (engineers working side by side).
    build: { outDir: process.env.E2E_DIST ?? 'dist' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 4173;
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
