// One part of the solver benchmark in a process of its own (bench.ts starts it, scripts/bench.mjs
// bundles it): only the solver is loaded. The main bench process also holds Vite, Playwright and
// esbuild, about 40 MB of heap that every major collection walks; a 100k solve triggers dozens of
// them (its typed arrays count as external memory), which slowed the ring solve by about 20%.
// Writes the part's rows as the last line on stdout, in JSON with NaN and ±Infinity as strings
// (JSON would write them as null, and a failed measurement would no longer read as one).

import { benchSolver, SOLVER_PARTS, type SolverPart } from './bench-solver';

const part = process.argv[2] as SolverPart;
if (!SOLVER_PARTS.includes(part))
  throw new Error(`unknown solver part "${part}" (${SOLVER_PARTS.join(', ')})`);
const rows = await benchSolver(part);
const line = JSON.stringify(rows, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
process.stdout.write(`${line}\n`);
