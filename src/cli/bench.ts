// npm run bench: timings and sizes, written to BENCHMARKS.md and benchmarks.json. Never
// pass/fail: the figures go into notes and the table; deterministic budgets are checked in tests.

import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze } from '../layout/analyze';
import { fabricBytes } from '../model/fabric';
import { build } from '../model/generators';
import { restore } from '../model/restore';
import { benchSolver } from './bench-solver';
import { loadRaw, presetIds } from './load';

export interface BenchRow {
  section: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Best of `runs` wall-clock timings, in ms (the least disturbed run on a shared machine). */
export function bestOf<T>(runs: number, fn: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

function benchModel(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const id of presetIds()) {
    const { scenario } = restore(loadRaw(id));
    const built = bestOf(3, () => build(scenario));
    const f = built.result;
    const analysed = bestOf(3, () => analyze(f, scenario));
    const section = `model: ${id}`;
    rows.push(
      { section, name: 'GPUs', value: f.gpuCount, unit: '' },
      { section, name: 'nodes', value: f.nodeCount, unit: '' },
      { section, name: 'links', value: f.linkCount, unit: '' },
      {
        section,
        name: 'build',
        value: built.ms,
        unit: 'ms',
        note: 'restore()d scenario → fabric, best of 3',
      },
      { section, name: 'grid placement + media + BOM', value: analysed.ms, unit: 'ms', note: 'best of 3' },
      { section, name: 'fabric memory', value: fabricBytes(f) / 1e6, unit: 'MB' },
      {
        section,
        name: 'bytes per link',
        value: fabricBytes(f) / f.linkCount,
        unit: 'B',
        note: 'all fabric arrays / links',
      },
    );
  }
  return rows;
}

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : v < 10 ? v.toFixed(2) : v.toFixed(1);

function toMarkdown(rows: BenchRow[]): string {
  const lines = [
    '# FabricScope benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Timings are wall clock on a shared machine: compare ratios measured in the same run, not absolute values across runs.',
    '',
  ];
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push('', `## ${section}`, '', '| measure | value | unit | note |', '|---|---:|---|---|');
    }
    lines.push(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.note ?? ''} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** `npm run bench -- model solver` runs only those sections. */
async function main() {
  const only = process.argv.slice(2);
  const want = (name: string) => !only.length || only.includes(name);
  const rows: BenchRow[] = [];
  if (want('model')) rows.push(...benchModel());
  if (want('solver')) rows.push(...(await benchSolver()).map((r) => ({ section: 'solver', ...r })));
  for (const r of rows)
    process.stdout.write(
      `${r.section.padEnd(34)} ${r.name.padEnd(34)} ${fmt(r.value).padStart(12)} ${r.unit}\n`,
    );
  writeFileSync('BENCHMARKS.md', toMarkdown(rows));
  writeFileSync('benchmarks.json', `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
