// npm run bench [-- section...]: bundles src/cli/bench.ts the way Vite bundles the app's workers
// (our modules scope-hoisted into one file, packages left external) and runs it. Under tsx each
// module is compiled on its own and every imported constant (NODE_GPU, …) becomes a getter call,
// which made hot loops up to 1.5× slower than the code users run.
// The bundle sits next to its source so that paths relative to import.meta.url still resolve.

import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The solver parts run in child processes from a bundle of their own (bench-solver-child.ts).

const cli = (name) => fileURLToPath(new URL(`../src/cli/${name}`, import.meta.url));
const bundles = [
  [cli('bench.ts'), cli('.bench.bundle.mjs')],
  [cli('bench-solver-child.ts'), cli('.bench-solver.bundle.mjs')],
];
process.on('exit', () => {
  for (const [, outfile] of bundles) rmSync(outfile, { force: true });
});
for (const [entry, outfile] of bundles)
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
await import(pathToFileURL(bundles[0][1]).href);
