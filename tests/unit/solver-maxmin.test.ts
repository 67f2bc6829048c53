// Max-min fairness against definitions, not against the code's own numbers:
// - the bottleneck property (every flow crosses a saturated arc on which no flow is faster), and
// - an independent optimum by linear programming (javascript-lp-solver): maximise the common rate
//   of the unfrozen flows; a flow that cannot exceed it while all others keep it is frozen; repeat.
// The heap-based filling and the simple reference must both agree with it.

import solver from 'javascript-lp-solver';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { routingGraph } from '../../src/solver/graph';
import type { Incidence } from '../../src/solver/incidence';
import { maxMinReference } from '../../src/solver/reference';
import { incidenceCaps, route } from '../../src/solver/route';
import { maxMinFair } from '../../src/solver/waterfill';
import { aggregate } from '../../src/traffic/aggregate';
import { attachments } from '../../src/traffic/attach';
import { demand } from '../../src/traffic';
import { mulberry32 } from '../../src/traffic/rng';

interface LpResult {
  feasible: boolean;
  result: number;
  [v: string]: number | boolean;
}

/** Max-min fair rates by iterated LPs over per-row rate variables. */
function lpMaxMin(inc: Incidence, cap: Float64Array): Float64Array {
  const rate = new Float64Array(inc.rows).fill(NaN);
  const rowsOf = (a: number) => {
    const out: [number, number][] = [];
    for (let r = 0; r < inc.rows; r++)
      for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++)
        if (inc.rowArc[k] === a) out.push([r, inc.rowCoef[k]]);
    return out;
  };
  const arcs = [...Array(inc.arcs).keys()].filter((a) => rowsOf(a).length);
  const model = (objective: string, floor: number) => {
    const constraints: Record<string, { max?: number; min?: number }> = {};
    const variables: Record<string, Record<string, number>> = { t: { obj_t: 1 } };
    for (const a of arcs) {
      let fixed = 0;
      for (const [r, c] of rowsOf(a)) if (!Number.isNaN(rate[r])) fixed += c * rate[r];
      constraints[`a${a}`] = { max: cap[a] - fixed };
    }
    for (let r = 0; r < inc.rows; r++) {
      if (!Number.isNaN(rate[r])) continue;
      const v: Record<string, number> = { [`obj_r${r}`]: 1, [`lb${r}`]: 1 };
      for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++)
        v[`a${inc.rowArc[k]}`] = (v[`a${inc.rowArc[k]}`] ?? 0) + inc.rowCoef[k];
      variables[`r${r}`] = v;
      // r ≥ t while the common rate is maximised; r ≥ floor when one flow is pushed alone.
      variables.t[`lb${r}`] = objective === 'obj_t' ? -1 : 0;
      constraints[`lb${r}`] = { min: objective === 'obj_t' ? 0 : floor };
    }
    return { optimize: objective, opType: 'max' as const, constraints, variables };
  };
  for (let round = 0; round < inc.rows && rate.some(Number.isNaN); round++) {
    const common = solver.Solve(model('obj_t', 0) as never) as LpResult;
    expect(common.feasible).toBe(true);
    const t = common.result;
    for (let r = 0; r < inc.rows; r++) {
      if (!Number.isNaN(rate[r])) continue;
      const alone = solver.Solve(model(`obj_r${r}`, t * (1 - 1e-6)) as never) as LpResult;
      expect(alone.feasible).toBe(true);
      // The solver reports 8 decimals: freeze a hair below, so rounding never makes the rest infeasible.
      if (alone.result <= t * (1 + 1e-4)) rate[r] = t * (1 - 1e-6);
    }
  }
  return rate;
}

/** Equal within the LP solver's precision (it reports 8 decimals and gets a little slack). */
const expectNear = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(b)));

/** Every row crosses a saturated arc on which no row has a higher rate. */
function expectBottleneckProperty(inc: Incidence, cap: Float64Array, rate: Float64Array) {
  const load = new Float64Array(inc.arcs);
  for (let r = 0; r < inc.rows; r++)
    for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++)
      load[inc.rowArc[k]] += inc.rowCoef[k] * rate[r];
  const maxRate = new Float64Array(inc.arcs);
  for (let r = 0; r < inc.rows; r++)
    for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++)
      maxRate[inc.rowArc[k]] = Math.max(maxRate[inc.rowArc[k]], rate[r]);
  for (let a = 0; a < inc.arcs; a++) expect(load[a]).toBeLessThanOrEqual(cap[a] * (1 + 1e-9));
  for (let r = 0; r < inc.rows; r++) {
    let ok = false;
    for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) {
      const a = inc.rowArc[k];
      if (load[a] >= cap[a] * (1 - 1e-9) && maxRate[a] <= rate[r] * (1 + 1e-9)) ok = true;
    }
    expect(ok, `row ${r} has no bottleneck arc`).toBe(true);
  }
}

/** A random instance: rows cross 1–4 arcs, some split (ECMP-like halves), weighted 1–3. */
function randomInstance(seed: number, arcs: number, rows: number): { inc: Incidence; cap: Float64Array } {
  const rand = mulberry32(seed);
  const cap = Float64Array.from({ length: arcs }, () => 1 + Math.floor(rand() * 10));
  const start = [0];
  const arc: number[] = [];
  const coef: number[] = [];
  const weight: number[] = [];
  for (let r = 0; r < rows; r++) {
    const w = 1 + Math.floor(rand() * 3);
    const used = new Set<number>();
    const n = 1 + Math.floor(rand() * 4);
    while (used.size < n) used.add(Math.floor(rand() * arcs));
    for (const a of used) {
      arc.push(a);
      coef.push(w * (rand() < 0.3 ? 0.5 : 1));
    }
    start.push(arc.length);
    weight.push(w);
  }
  return {
    inc: {
      rows,
      arcs,
      rowStart: Int32Array.from(start),
      rowArc: Int32Array.from(arc),
      rowCoef: Float64Array.from(coef),
      rowWeight: Float64Array.from(weight),
    },
    cap,
  };
}

describe('max-min fair rates on random instances', () => {
  for (let seed = 1; seed <= 12; seed++)
    it(`seed ${seed}: bottleneck property; equal to the LP optimum and to the reference`, () => {
      const { inc, cap } = randomInstance(seed, 5 + (seed % 5), 3 + (seed % 6));
      const { rate } = maxMinFair(inc, cap);
      expectBottleneckProperty(inc, cap, rate);
      const lp = lpMaxMin(inc, cap);
      const ref = maxMinReference(inc, cap);
      for (let r = 0; r < inc.rows; r++) {
        expectNear(rate[r], lp[r]);
        expect(ref[r]).toBeCloseTo(rate[r], 9);
      }
    });

  it('heap and reference agree on a larger instance (5,000 rows)', () => {
    const { inc, cap } = randomInstance(99, 800, 5000);
    const { rate } = maxMinFair(inc, cap);
    const ref = maxMinReference(inc, cap);
    for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 6);
    expectBottleneckProperty(inc, cap, rate);
  });
});

describe('max-min fair rates over routed fabrics (fixed routing)', () => {
  for (const routing of ['ecmp', 'shortest', 'ecmp-hash'] as const)
    for (const seed of [3, 11])
      it(`${routing}, random custom flows (seed ${seed}) on an oversubscribed leaf-spine`, () => {
        const rand = mulberry32(seed);
        const flows: [number, number, number][] = [];
        for (let i = 0; i < 14; i++) flows.push([Math.floor(rand() * 32), Math.floor(rand() * 32), 1]);
        const { scenario } = restore({
          topology: { kind: 'leaf-spine', gpus: 32, gpusPerLeaf: 8, oversubscription: 2, spines: 2 },
          scaleUp: { kind: 'nvlink', gpusPerDomain: 4, switchesPerDomain: 2, switchModel: 'hgx-nvswitch' },
          traffic: { pattern: 'custom', routing, seed, flows },
        });
        const f = build(scenario);
        const att = attachments(f);
        const coll = demand(att, scenario);
        const g = routingGraph(f, scenario, att);
        const comm = aggregate(f, att, coll.phases[0]);
        // The solver fills the incidence as routed (ECMP merges arcs that only one piece of rows
        // uses, pieces.ts); the bottleneck property and the LP are checked on the physical arcs.
        const opt = { routing, seed, incidence: true, maxNnz: 1e6, maxSubflows: 8 };
        const routed = route(g, comm, opt);
        const physical = route(g, comm, { ...opt, merge: false }).incidence!;
        const { rate } = maxMinFair(routed.incidence!, incidenceCaps(g, comm, routed));
        const cap = incidenceCaps(g, comm, { ...routed, incidence: physical, merged: null });
        expect(routed.rowCommodity.length).toBe(physical.rows);
        expectBottleneckProperty(physical, cap, rate);
        const lp = lpMaxMin(physical, cap);
        for (let r = 0; r < physical.rows; r++) expectNear(rate[r], lp[r]);
      });
});
