// npm run --silent report -- SCENARIO [--set path=value]... [--pretty]
// Prints the scenario's figures as one JSON object (shape documented in README). Problems with
// the scenario or an override go to stderr, naming the field, and exit with status 2.

import { analyze } from '../layout/analyze';
import { build } from '../model/generators';
import { toReport } from '../model/report';
import { restore } from '../model/restore';
import type { Problem } from '../model/scenario';
import { UsageError, applySets, loadRaw, parseArgs } from './load';

const USAGE = 'usage: npm run --silent report -- SCENARIO [--set path=value]... [--pretty]';

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
  const fabric = build(scenario);
  const { bom } = analyze(fabric, scenario);
  const report = toReport(scenario, bom, problems);
  process.stdout.write(`${JSON.stringify(report, null, args.flags.has('--pretty') ? 2 : undefined)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
