// npm run bench: timings and sizes, written to BENCHMARKS.md and benchmarks.json. Never
// pass/fail: the figures go into notes and the table; deterministic budgets are checked in tests.

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { analyze } from '../layout/analyze';
import { fabricBytes } from '../model/fabric';
import { build } from '../model/generators';
import { restore } from '../model/restore';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { encodeShare } from '../share/codec';
import { benchAnchors } from './bench-anchor';
import { benchBrowser, benchPlacement } from './bench-browser';
import { SOLVER_PARTS, type SolverPart } from './bench-solver';
import { benchWorkerSolves } from './bench-worker';
import { loadRaw, presetIds, presetRawById } from './load';

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

/** Placement in Node: the force layout and the whole worker pipeline per preset. */
function benchLayout(): BenchRow[] {
  return benchPlacement().flatMap((r) => [
    {
      section: 'placement (Node)',
      name: `${r.preset}: force layout + snap`,
      value: Number(r.placeMs),
      unit: 'ms',
      note: `${r.racks} racks, best of 3`,
    },
    {
      section: 'placement (Node)',
      name: `${r.preset}: whole worker pipeline`,
      value: Number(r.pipelineMs),
      unit: 'ms',
      note: 'build, place, media/BOM, geometry',
    },
    {
      section: 'placement (Node)',
      name: `${r.preset}: update after a drag`,
      value: Number(r.dragUpdateMs),
      unit: 'ms',
      note: 'snap, media/BOM, geometry',
    },
  ]);
}

/** Share-link length per preset, as is and with a handful of edits. */
function benchUrls(): BenchRow[] {
  return presetIds().flatMap((id) => {
    const raw = loadRaw(id) as Record<string, unknown>;
    const s = restore(raw).scenario;
    const edited = restore({
      ...raw,
      media: { ...s.media, spine: 'lpo', core: 'lpo' },
      floor: { ...s.floor, pinned: { '2': [12.5, 4.8], '7': [30, 9.6] } },
      traffic: { ...s.traffic, pattern: 'all-to-all', failedLinks: [12, 345] },
    }).scenario;
    const view = {
      camera: {
        position: [120.5, 80.25, 60] as [number, number, number],
        target: [40, 0, 20] as [number, number, number],
      },
    };
    return [
      {
        section: 'share-link length',
        name: `${id}`,
        value: encodeShare(s, {}, id, presetRawById).length,
        unit: 'chars',
        note: 'preset as is',
      },
      {
        section: 'share-link length',
        name: `${id} + edits`,
        value: encodeShare(edited, view, id, presetRawById).length,
        unit: 'chars',
        note: 'media, 2 pinned racks, traffic, 2 failed links, camera',
      },
    ];
  });
}

/** Gzipped size of what the page loads first, and of everything. */
function benchBundle(dist: string): BenchRow[] {
  const html = readFileSync(`${dist}/index.html`, 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (f: string) => gzipSync(readFileSync(`${dist}/${f}`), { level: 9 }).length;
  const all = readdirSync(`${dist}/assets`).filter((f) => f.endsWith('.js'));
  return [
    {
      section: 'bundle',
      name: 'initial JS (gzipped)',
      value: initial.reduce((n, f) => n + gz(f), 0) / 1024,
      unit: 'KB',
      note: `budget 450 KB: ${initial.join(', ')}`,
    },
    {
      section: 'bundle',
      name: 'all JS incl. workers and lazy chunks (gzipped)',
      value: all.reduce((n, f) => n + gz(`assets/${f}`), 0) / 1024,
      unit: 'KB',
    },
  ];
}

/** The built app in headless Chromium: URL → ready, draw calls, long tasks, heap, per preset. */
async function benchPages(
  dist: string,
  pages: boolean,
  worker: boolean,
  anchors: boolean,
): Promise<BenchRow[]> {
  const server = await preview({
    build: { outDir: dist },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4173}/`;
  try {
    const rows = pages ? await benchBrowser(presetIds(), url) : [];
    const out: BenchRow[] = [];
    for (const r of rows) {
      const section = `browser: ${r.preset}`;
      const note = r.error ? `error: ${r.error}` : undefined;
      out.push(
        { section, name: 'URL → placed and drawn', value: Number(r.urlToReadyMs), unit: 'ms', note },
        { section, name: 'placement in the worker', value: Number(r.placementMs), unit: 'ms' },
        {
          section,
          name: 'draw calls',
          value: Number(r.drawCalls),
          unit: '',
          note: `after orbiting: ${r.drawCallsAfterOrbit}`,
        },
        { section, name: 'triangles', value: Number(r.triangles), unit: '' },
        {
          section,
          name: 'long tasks while loading',
          value: Number(r.longTasksLoad),
          unit: '',
          note: `${r.longTasksLoadOver100} over 100 ms, longest ${r.longestTaskLoadMs} ms`,
        },
        {
          section,
          name: 'long tasks while orbiting',
          value: Number(r.longTasksOrbit),
          unit: '',
          note: `${r.longTasksOrbitOver100} over 100 ms, longest ${r.longestTaskOrbitMs} ms (SwiftShader renders on the main thread)`,
        },
        { section, name: 'JS heap', value: Number(r.heapMB), unit: 'MB' },
      );
    }
    if (worker) out.push(...(await benchWorkerSolves(url)));
    if (anchors) out.push(...(await benchAnchors(url)));
    return out;
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

/** Section name prefixes each bench group writes (a partial run replaces only its own rows). */
const GROUPS: Record<string, string[]> = {
  model: ['model:'],
  placement: ['placement'],
  solver: ['solver'],
  solves: ['solve per'],
  urls: ['share-link'],
  bundle: ['bundle'],
  browser: ['browser:'],
  worker: ['worker:'],
  anchor: ['anchor:'],
};

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

/** Runs one part of the solver benchmark in a fresh Node process that loads only the solver
 * (bench-solver-child.ts, bundled next to this bundle by scripts/bench.mjs): neither what one part
 * allocated nor this process's own modules slow the next. */
function solverPartInChild(part: SolverPart, section = 'solver'): BenchRow[] {
  const child = fileURLToPath(new URL('./.bench-solver.bundle.mjs', import.meta.url));
  try {
    if (!existsSync(child))
      throw new Error(`${child} is missing: run through npm run bench, which builds it`);
    const out = execFileSync(process.execPath, [child, part], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    const rows = JSON.parse(out.trim().split('\n').pop() ?? '', (_, v) =>
      v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v,
    ) as Omit<BenchRow, 'section'>[];
    return rows.map((r) => ({ section, ...r }));
  } catch (e) {
    // One failed part is a row of its own; the other sections still run.
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return [{ section, name: `solver part "${part}"`, value: NaN, unit: '', note: `error: ${why}` }];
  }
}

/** `npm run bench -- model solver` runs only those sections. Results are written after each. */
async function main() {
  const only = process.argv.slice(2);
  const want = (name: string) => !only.length || only.includes(name);
  const rows: BenchRow[] = [];
  if (only.length && existsSync('benchmarks.json')) {
    // Keep the other groups' rows from the last full run.
    const rerun = only.flatMap((g) => GROUPS[g] ?? []);
    const previous = (JSON.parse(readFileSync('benchmarks.json', 'utf8')) as { rows: BenchRow[] }).rows;
    rows.push(...previous.filter((r) => !rerun.some((p) => r.section.startsWith(p))));
  }
  // Sections in the order of GROUPS, whichever ran last (a partial run keeps the table's order).
  const groupOf = (r: BenchRow) =>
    Object.values(GROUPS).findIndex((prefixes) => prefixes.some((p) => r.section.startsWith(p)));
  const save = (more: BenchRow[]) => {
    rows.push(...more);
    const order = rows.map((r, i) => [groupOf(r), i, r] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    rows.splice(0, rows.length, ...order.map(([, , r]) => r));
    for (const r of more)
      process.stdout.write(
        `${r.section.padEnd(34)} ${r.name.padEnd(34)} ${fmt(r.value).padStart(12)} ${r.unit}\n`,
      );
    writeFileSync('BENCHMARKS.md', toMarkdown(rows));
    writeFileSync(
      'benchmarks.json',
      `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
    );
  };
  if (want('model')) save(benchModel());
  if (want('placement')) save(benchLayout());
  if (want('solver')) for (const part of SOLVER_PARTS) if (part !== 'presets') save(solverPartInChild(part));
  if (want('solves')) save(solverPartInChild('presets', 'solve per preset and pattern'));
  if (want('urls')) save(benchUrls());
  const pages = want('browser') || want('worker') || want('anchor');
  if (pages || want('bundle')) {
    const dist = 'bench-out/app';
    execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
      stdio: 'inherit',
    });
    if (want('bundle')) save(benchBundle(dist));
    if (pages) save(await benchPages(dist, want('browser'), want('worker'), want('anchor')));
  }
  // A measurement that failed is written as NaN with its error: say so at the end, where it is
  // seen, and exit non-zero (the table is still written).
  const failed = rows.filter((r) => Number.isNaN(r.value) && r.note?.startsWith('error:'));
  if (failed.length) {
    console.error(`\n${failed.length} measurement(s) failed:`);
    for (const r of failed) console.error(`  ${r.section}: ${r.name}: ${r.note}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
