// npm run bench [-- section...]: bundles src/cli/bench.ts the way Vite bundles the app's workers
// (our modules scope-hoisted into one file, packages left external) and runs it. Under tsx each
// module is compiled on its own and every imported constant (NODE_GPU, …) becomes a getter call,
// which made hot loops up to 1.5× slower than the code users run.
// The bundle sits next to its source so that paths relative to import.meta.url still resolve.

import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../src/cli/bench.ts', import.meta.url));
const outfile = fileURLToPath(new URL('../src/cli/.bench.bundle.mjs', import.meta.url));
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
process.on('exit', () => rmSync(outfile, { force: true }));
await import(pathToFileURL(outfile).href);
