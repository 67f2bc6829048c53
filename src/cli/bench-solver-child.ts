// One part of the solver benchmark in a process of its own (bench.ts starts it, scripts/bench.mjs
// bundles it): only the solver is loaded. The main bench process also holds Vite, Playwright and
// esbuild, about 40 MB of heap that every major collection walks; a 100k solve triggers dozens of
// them (its typed arrays count as external memory), which slowed the ring solve by about 20%.
// Writes the part's rows as one JSON line on stdout.

import { benchSolver, SOLVER_PARTS, type SolverPart } from './bench-solver';

const part = process.argv[2] as SolverPart;
if (!SOLVER_PARTS.includes(part))
  throw new Error(`unknown solver part "${part}" (${SOLVER_PARTS.join(', ')})`);
process.stdout.write(`${JSON.stringify(await benchSolver(part))}\n`);
