// Optical vs electrical, side by side: side B of a comparison scenario, and the delta table of
// B against A. Every row is computed from the two sides' figures; nothing is hard-coded.

import type { Bom } from './bom';
import { apply } from './merge-patch';
import { restore } from './restore';
import type { Scenario } from './scenario';

/** Side B: A with the comparison's overrides (already validated by restore). */
export function sideB(a: Scenario): Scenario | null {
  if (!a.compare) return null;
  return restore(apply({ ...a, compare: null }, a.compare.overrides)).scenario;
}

/** Side A without its comparison: what a single report of A sees. */
export const sideA = (a: Scenario): Scenario => ({ ...a, compare: null });

/** Solver figures a side may have (absent until the solver has run). */
export interface SolveFigures {
  maxUtilization: number;
  lambda: number;
  completionTimeS: number;
  busBwGBs: number;
}

export interface SideFigures {
  bom: Bom;
  worstPathNs?: number;
  solve?: SolveFigures;
}

export type Better = 'lower' | 'higher' | 'neither';

export interface DeltaRow {
  key: string;
  label: string;
  unit: string;
  a: number;
  b: number;
  /** b − a */
  delta: number;
  /** (b − a) / a, null when a is 0. */
  pct: number | null;
  better: Better;
  verdict: 'better' | 'worse' | 'same';
  /** How the figure is computed, for the row's tooltip. */
  how: string;
}

interface RowDef {
  key: string;
  label: string;
  unit: string;
  better: Better;
  how: string;
  /** A count of things: any difference is real, however small against the total. */
  count?: true;
  get: (f: SideFigures) => number | undefined;
}

const MEDIA_ROWS: [string, string][] = [
  ['nvlink', 'NVLink copper'],
  ['dac', 'passive copper (DAC)'],
  ['acc', 'active copper (ACC)'],
  ['aec', 'active electrical (AEC)'],
  ['dsp-mm', 'DSP optics, multimode'],
  ['dsp-sm', 'DSP optics, single-mode'],
  ['lpo', 'linear-drive optics (LPO)'],
  ['cpo', 'co-packaged optics (CPO)'],
];

const ROWS: RowDef[] = [
  {
    key: 'power.totalW',
    label: 'Total power',
    unit: 'W',
    better: 'lower',
    how: 'GPUs + servers beyond GPUs + switches + optics + active copper',
    get: (f) => f.bom.power.totalW,
  },
  {
    key: 'power.networkW',
    label: 'Network power',
    unit: 'W',
    better: 'lower',
    how: 'switches (without optics) + optical modules + active copper ends',
    get: (f) => f.bom.power.networkW,
  },
  {
    key: 'power.switchW',
    label: 'Switch power',
    unit: 'W',
    better: 'lower',
    how: 'Σ switches × rated power without optics (catalog)',
    get: (f) => f.bom.power.switchW,
  },
  {
    key: 'power.opticsW',
    label: 'Optics power',
    unit: 'W',
    better: 'lower',
    how: 'Σ over optical link ends of module watts × share of the module the link uses',
    get: (f) => f.bom.power.opticsW,
  },
  {
    key: 'power.opticsShare',
    label: 'Optics share of power',
    unit: '%',
    better: 'lower',
    how: 'optics power / total power',
    get: (f) => f.bom.power.opticsShare,
  },
  {
    key: 'transceivers',
    label: 'Pluggable transceivers',
    unit: '',
    better: 'lower',
    how: 'modules per device, twin-port modules counted once',
    count: true,
    get: (f) => f.bom.transceivers,
  },
  {
    key: 'cpoPorts',
    label: 'Co-packaged optical ports',
    unit: '',
    better: 'lower',
    how: 'CPO ports on switches, twin ports counted once',
    count: true,
    get: (f) => f.bom.cpoPorts,
  },
  {
    key: 'lasers',
    label: 'Lasers',
    unit: '',
    better: 'lower',
    how: 'modules × lasers per module (CPO: shared external laser)',
    count: true,
    get: (f) => f.bom.lasers,
  },
  ...MEDIA_ROWS.map(([id, label]): RowDef => ({
    key: `cables.${id}`,
    label: `Cables: ${label}`,
    unit: '',
    better: 'neither',
    how: 'links of this medium (auto: cheapest medium whose reach covers the placed cable length)',
    count: true,
    get: (f) => f.bom.cables.byMedium[id as keyof Bom['cables']['byMedium']] ?? 0,
  })),
  {
    key: 'infeasibleLinks',
    label: 'Links the medium cannot reach',
    unit: '',
    better: 'lower',
    how: 'links whose placed length exceeds their medium’s reach',
    count: true,
    get: (f) => f.bom.infeasibleLinks,
  },
  {
    key: 'cost.total',
    label: 'Relative cost',
    unit: 'units',
    better: 'lower',
    how: 'Σ catalog relative costs (assumptions; 1 = one 800G DAC)',
    get: (f) => f.bom.cost.total,
  },
  {
    key: 'cost.network',
    label: 'Relative network cost',
    unit: 'units',
    better: 'lower',
    how: 'switches + optics + cables',
    get: (f) => f.bom.cost.switches + f.bom.cost.optics + f.bom.cost.cables,
  },
  {
    key: 'latency.leafHop',
    label: 'Leaf hop latency',
    unit: 'ns',
    better: 'lower',
    how: 'mean over leaf links: propagation 4.9 ns/m + module retimers + leaf switch',
    get: (f) => f.bom.hopLatencyNs.leaf,
  },
  {
    key: 'latency.worstPath',
    label: 'Worst-path latency',
    unit: 'ns',
    better: 'lower',
    how: 'longest of the fastest paths (propagation, retimers, switches) from three GPUs — the first, middle and last — to every other; the collective time takes its own worst path over the GPU pairs that communicate',
    get: (f) => f.worstPathNs,
  },
  {
    key: 'solve.maxUtilization',
    label: 'Max link utilization',
    unit: '%',
    better: 'lower',
    how: 'max over directed arcs of load / capacity under the routing',
    get: (f) => f.solve?.maxUtilization,
  },
  {
    key: 'solve.lambda',
    label: 'Throughput scale λ',
    unit: '',
    better: 'higher',
    how: '1 / max utilization',
    get: (f) => f.solve?.lambda,
  },
  {
    key: 'solve.completionTimeS',
    label: 'Collective time',
    unit: 's',
    better: 'lower',
    how: "latency term (steps × the worst path's cables, modules and switches) + bytes on the bottleneck / its max-min rate",
    get: (f) => f.solve?.completionTimeS,
  },
  {
    key: 'solve.busBwGBs',
    label: 'Bus bandwidth',
    unit: 'GB/s',
    better: 'higher',
    how: 'algorithm bandwidth × nccl-tests factor',
    get: (f) => f.solve?.busBwGBs,
  },
  {
    key: 'supplyDays',
    label: 'Days of transceiver supply',
    unit: 'days',
    better: 'lower',
    how: '(transceivers + CPO ports) / production per day',
    get: (f) => f.bom.supplyDays,
  },
];

/**
 * Measured figures (power, time, bandwidth, days) closer than this, relative to the larger, read
 * as "same": the table shows them as 0.00%, and a green or red row there would claim a change
 * nobody can see (an all-to-all 0.4 µs shorter out of 20 ms). Counts differ whenever they do.
 */
export const SAME = 5e-5;

/** The delta table, B against A; rows neither side has (e.g. no solve yet, no CPO) are left out. */
export function compareFigures(a: SideFigures, b: SideFigures): DeltaRow[] {
  const rows: DeltaRow[] = [];
  for (const def of ROWS) {
    const va = def.get(a);
    const vb = def.get(b);
    if (va === undefined || vb === undefined || (va === 0 && vb === 0 && def.key.startsWith('cables.')))
      continue;
    if (va === 0 && vb === 0 && (def.key === 'cpoPorts' || def.key === 'infeasibleLinks')) continue;
    const delta = va === vb ? 0 : vb - va; // both ∞ (neither collective completes): the same
    const same =
      delta === 0 ||
      (!def.count &&
        Number.isFinite(delta) &&
        Math.abs(delta) <= SAME * Math.max(Math.abs(va), Math.abs(vb)));
    const improved = def.better === 'lower' ? delta < 0 : delta > 0;
    rows.push({
      key: def.key,
      label: def.label,
      unit: def.unit,
      a: va,
      b: vb,
      delta,
      pct: va !== 0 && Number.isFinite(delta / va) ? delta / Math.abs(va) : null,
      better: def.better,
      verdict: same || def.better === 'neither' ? 'same' : improved ? 'better' : 'worse',
      how: def.how,
    });
  }
  return rows;
}

/** b − a for every number in two same-shaped objects (missing numbers count as 0). */
export function numericDelta(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : 0;
    const y = typeof b === 'number' ? b : 0;
    return Number((y - x).toPrecision(12));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = numericDelta((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
      if (d !== undefined) out[key] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return undefined;
}
