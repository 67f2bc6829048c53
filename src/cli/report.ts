// npm run --silent report -- SCENARIO [--set path=value]... [--pretty]
// Prints the scenario's figures as one JSON object (shape documented in README). Problems with
// the scenario or an override go to stderr, naming the field, and exit with status 2.

import { analyze } from '../layout/analyze';
import { compareFigures, numericDelta, sideA, sideB } from '../model/compare';
import { build } from '../model/generators';
import { worstPathLatencyNs } from '../model/latency';
import { toReport, type Report } from '../model/report';
import { resolveCatalog } from '../model/resolved';
import { restore } from '../model/restore';
import type { Problem, Scenario } from '../model/scenario';
import { UsageError, applySets, loadRaw, parseArgs } from './load';

const USAGE = 'usage: npm run --silent report -- SCENARIO [--set path=value]... [--pretty]';

/** The figures of one side: build, place on the grid, media, BOM, worst-path latency. */
function reportOf(s: Scenario): Report {
  const fabric = build(s);
  const a = analyze(fabric, s);
  const worstPathNs = worstPathLatencyNs(fabric, a.lengthM, a.media, resolveCatalog(s));
  return toReport(s, a.bom, [], { worstPathNs });
}

function main(argv: string[]): number {
  let args;
  let raw;
  const linkProblems: Problem[] = [];
  try {
    args = parseArgs(argv, ['--pretty']);
    raw = applySets(loadRaw(args.scenario, linkProblems), args.sets);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  const restored = restore(raw);
  const { scenario } = restored;
  const problems = [...linkProblems, ...restored.problems];
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${p.path || '(scenario)'}: ${p.message}\n`);
    return 2;
  }
  const ra = reportOf(sideA(scenario));
  const out: Record<string, unknown> = { ...ra };
  const b = sideB(scenario);
  if (scenario.compare && b) {
    const rb = reportOf(b);
    out.compare = {
      question: scenario.compare.question,
      labelA: scenario.compare.labelA,
      labelB: scenario.compare.labelB,
      overrides: scenario.compare.overrides,
      a: ra,
      b: rb,
      delta: numericDelta(ra, rb),
      table: compareFigures(
        { bom: ra, worstPathNs: ra.worstPathNs },
        { bom: rb, worstPathNs: rb.worstPathNs },
      ),
    };
  }
  process.stdout.write(`${JSON.stringify(out, null, args.flags.has('--pretty') ? 2 : undefined)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
