// What people paste into decks and tools: the scenario as a file, the bill of materials as CSV,
// the figures (and the solve's) as CSV, with both sides of a comparison, every link's utilization
// as CSV, the topology as Graphviz DOT with ports.

import type { Bom } from '../model/bom';
import { FAMILY_LABEL, type MediumFamily } from '../model/catalog';
import type { DeltaRow } from '../model/compare';
import { TIERS, nodeName, type Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';

/** The scenario as a scene file (importable through restore()). */
export function scenarioToJson(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

/** One CSV field: quoted, quotes doubled; a leading formula character neutralised for spreadsheets. */
function csvField(v: string | number): string {
  let text = String(v);
  if (/^[=+\-@\t\r]/.test(text) && typeof v === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== String(v) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function bomToCsv(s: Scenario, bom: Bom): string {
  const rows: (string | number)[][] = [['section', 'item', 'count', 'watts', 'relative cost']];
  rows.push(['scenario', s.name, '', '', '']);
  rows.push(['compute', 'GPUs', bom.gpus, bom.power.gpuW, bom.cost.gpus]);
  rows.push(['compute', 'servers (beyond GPUs)', bom.servers, bom.power.serverW, bom.cost.servers]);
  rows.push(['compute', 'racks', bom.racks, '', '']);
  for (const [tier, n] of Object.entries(bom.switches.byTier))
    rows.push(['switches', `${tier} switches`, n ?? 0, '', '']);
  rows.push([
    'switches',
    'all switches (without optics)',
    bom.switches.total,
    bom.power.switchW,
    bom.cost.switches,
  ]);
  for (const [tier, n] of Object.entries(bom.links.byTier))
    rows.push(['links', `${tier} links`, n ?? 0, '', '']);
  for (const [family, n] of Object.entries(bom.cables.byMedium))
    rows.push(['cables', FAMILY_LABEL[family as MediumFamily] ?? family, n ?? 0, '', '']);
  rows.push(['optics', 'pluggable transceivers', bom.transceivers, '', '']);
  rows.push(['optics', 'co-packaged optical ports', bom.cpoPorts, '', '']);
  rows.push(['optics', 'lasers', bom.lasers, '', '']);
  rows.push(['optics', 'all optics', bom.transceivers + bom.cpoPorts, bom.power.opticsW, bom.cost.optics]);
  rows.push(['cables', 'active copper ends', '', bom.power.activeCopperW, '']);
  rows.push([
    'cables',
    'cable and fibre length (m)',
    Math.round(bom.cables.totalLengthM),
    '',
    bom.cost.cables,
  ]);
  rows.push(['total', 'cluster', '', bom.power.totalW, bom.cost.total]);
  rows.push(['total', 'optics share of power', bom.power.opticsShare, '', '']);
  rows.push(['supply', 'days of transceiver production', bom.supplyDays, '', '']);
  rows.push(['check', 'links the medium cannot reach', bom.infeasibleLinks, '', '']);
  return `${rows.map((r) => r.map((v) => csvField(typeof v === 'number' ? Number(v.toFixed(6)) : v)).join(',')).join('\n')}\n`;
}

const csvLine = (r: (string | number)[]) =>
  r.map((v) => csvField(typeof v === 'number' ? Number(v.toPrecision(12)) : v)).join(',');

/** What the figures export reads of a solve (the solver's summary has these fields). */
export interface SolveFiguresOut {
  pattern: string;
  routing: string;
  flows: number;
  commodities: number;
  algBwGBs: number;
  unroutedDemand: number;
  linksAtMax: number;
  flowRateGbps: { min: number; mean: number; max: number } | null;
  bottlenecks: { link: number; a: string; b: string; tier: string; utilization: number }[];
  notes: string[];
}

/** A figure for a spreadsheet: fractions shown as % become percent, a time that never ends is said. */
function cell(v: number, unit: string): string | number {
  if (unit === '%') return v * 100;
  if (!Number.isFinite(v)) return unit === 's' ? 'never (transfers without a route)' : String(v);
  return v;
}

/**
 * The figures of the compare table (counts, power, cost, latency, the solve) with the solve's own
 * details (pattern, flows, bottlenecks, notes), one value column per side: `figure, unit, value`,
 * or in a comparison `figure, unit, A, B, B − A, % change`. `rows` from compareFigures (for one
 * side: compareFigures(a, a)).
 */
export function figuresToCsv(
  name: string,
  rows: DeltaRow[],
  solves: (SolveFiguresOut | undefined)[],
  labels?: [string, string],
): string {
  const both = !!labels;
  const out: (string | number)[][] = [
    both ? ['figure', 'unit', labels[0], labels[1], 'B − A', '% change'] : ['figure', 'unit', 'value'],
  ];
  out.push(['scenario', '', name, ...(both ? ['', '', ''] : [])]);
  for (const r of rows) {
    const unit = r.unit === 'units' ? 'relative (1 = one 800G DAC)' : r.unit;
    if (!both) out.push([r.label, unit, cell(r.a, r.unit)]);
    else
      out.push([
        r.label,
        unit,
        cell(r.a, r.unit),
        cell(r.b, r.unit),
        // No difference to state between two figures that are not numbers (∞: never completes).
        ...(Number.isFinite(r.a) && Number.isFinite(r.b)
          ? [cell(r.delta, r.unit), r.pct === null ? '' : r.pct * 100]
          : ['', '']),
      ]);
  }
  const sides = both ? solves.slice(0, 2) : solves.slice(0, 1);
  if (sides.some(Boolean)) {
    const row = (label: string, unit: string, get: (s: SolveFiguresOut) => string | number) =>
      out.push([label, unit, ...sides.map((s) => (s ? get(s) : '')), ...(both ? ['', ''] : [])]);
    row('Traffic pattern', '', (s) => s.pattern);
    row('Routing', '', (s) => s.routing);
    row('Transfers', '', (s) => s.flows);
    row('Commodities solved', '', (s) => s.commodities);
    row('Algorithm bandwidth', 'GB/s', (s) => s.algBwGBs);
    row('Transfers without a route', '', (s) => s.unroutedDemand);
    row('Links at the max utilization', '', (s) => s.linksAtMax);
    if (sides.some((s) => s?.flowRateGbps)) {
      row('Max-min rate per transfer, min', 'Gb/s', (s) => s.flowRateGbps?.min ?? '');
      row('Max-min rate per transfer, mean', 'Gb/s', (s) => s.flowRateGbps?.mean ?? '');
      row('Max-min rate per transfer, max', 'Gb/s', (s) => s.flowRateGbps?.max ?? '');
    }
    const most = Math.max(...sides.map((s) => s?.bottlenecks.length ?? 0));
    for (let i = 0; i < most; i++)
      row(`Bottleneck ${i + 1}`, '', (s) => {
        const b = s.bottlenecks[i];
        return b ? `${b.a} ↔ ${b.b} (${b.tier}, link ${b.link}): ${(b.utilization * 100).toFixed(1)}%` : '';
      });
    const notes = Math.max(...sides.map((s) => s?.notes.length ?? 0));
    for (let i = 0; i < notes; i++) row(`Solver note ${i + 1}`, '', (s) => s.notes[i] ?? '');
  }
  return `${out.map(csvLine).join('\n')}\n`;
}

/**
 * Every link's utilization under the solve (the larger of its two directions), one row per link:
 * `link, a, b, tier, Gb/s, utilization %, status`. Failed links read "failed". In chunks of
 * `rows` lines, so that a caller on the main thread can yield between them (702k links at 100k
 * GPUs take about a second to write).
 */
export function* linkUtilizationCsvChunks(
  f: Fabric,
  utilization: Float32Array,
  failedLinks: number[],
  rows = 50_000,
): Generator<string> {
  const failed = new Set(failedLinks);
  // Each node's name quoted once; lines built directly.
  const name: string[] = new Array(f.nodeCount);
  for (let n = 0; n < f.nodeCount; n++) name[n] = csvField(nodeName(f, n));
  const tier = TIERS.map((t) => csvField(t));
  yield `${csvLine(['link', 'a', 'b', 'tier', 'Gb/s', 'utilization %', 'status'])}\n`;
  for (let first = 0; first < f.linkCount; first += rows) {
    const lines: string[] = [];
    for (let l = first; l < Math.min(f.linkCount, first + rows); l++) {
      const u = utilization[l] * 100;
      const status = failed.has(l) ? 'failed' : u > 100 ? 'over capacity' : '';
      lines.push(
        `${l},${name[f.linkA[l]]},${name[f.linkB[l]]},${tier[f.linkTier[l]] ?? ''},${f.linkGbps[l]},${Math.round(u * 1e4) / 1e4},${status}`,
      );
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** linkUtilizationCsvChunks as one string. */
export const linkUtilizationToCsv = (f: Fabric, utilization: Float32Array, failedLinks: number[]): string =>
  [...linkUtilizationCsvChunks(f, utilization, failedLinks)].join('');

const dotId = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The topology as an undirected Graphviz graph with ports, the `"node":"port" -- "node":"port"`
 * form network-emulation tools read. Ports are numbered per node in link order (eth1, eth2, …).
 */
export function fabricToDot(f: Fabric, name = 'fabric'): string {
  const next = new Uint32Array(f.nodeCount);
  const lines = [`graph ${dotId(name)} {`];
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.linkA[l];
    const b = f.linkB[l];
    lines.push(`  ${dotId(nodeName(f, a))}:"eth${++next[a]}" -- ${dotId(nodeName(f, b))}:"eth${++next[b]}";`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
