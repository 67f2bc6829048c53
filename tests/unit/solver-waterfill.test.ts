// The water-filling internals on their own: the arc → rows transpose (both its direct and its
// bucketed scatter) against a plain definition, and the heap against the simple reference on
// instances built to stress it (ties, stale keys, arcs whose flows all freeze elsewhere).

import { describe, expect, it } from 'vitest';
import type { Incidence } from '../../src/solver/incidence';
import { maxMinReference } from '../../src/solver/reference';
import { maxMinFair, transpose } from '../../src/solver/waterfill';
import { mulberry32 } from '../../src/traffic/rng';

function randomIncidence(rows: number, arcs: number, seed: number, local = false): Incidence {
  const rand = mulberry32(seed);
  const start = [0];
  const arc: number[] = [];
  const coef: number[] = [];
  for (let r = 0; r < rows; r++) {
    const n = 1 + Math.floor(rand() * 6);
    const base = Math.floor(rand() * arcs);
    const used = new Set<number>();
    while (used.size < n) used.add(local ? (base + used.size) % arcs : Math.floor(rand() * arcs));
    for (const a of used) {
      arc.push(a);
      coef.push(1 + Math.floor(rand() * 3) * 0.5);
    }
    start.push(arc.length);
  }
  return {
    rows,
    arcs,
    rowStart: Int32Array.from(start),
    rowArc: Int32Array.from(arc),
    rowCoef: Float64Array.from(coef),
    rowWeight: new Float64Array(rows).fill(1),
  };
}

/** The transpose by definition: for each arc, the rows that cross it, in increasing order. */
function naiveTranspose(inc: Incidence): number[][] {
  const out: number[][] = Array.from({ length: inc.arcs }, () => []);
  for (let r = 0; r < inc.rows; r++)
    for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) out[inc.rowArc[k]].push(r);
  return out;
}

describe('arc → rows transpose', () => {
  // 400k rows × 3.5 entries ≥ 2^20 entries: scattered arcs take the bucketed path, clustered the direct one.
  for (const local of [false, true])
    it(`${local ? 'clustered' : 'scattered'} arcs, over a million entries`, () => {
      const inc = randomIncidence(400_000, 200_000, local ? 5 : 4, local);
      expect(inc.rowArc.length).toBeGreaterThan(1 << 20);
      const t = transpose(inc);
      const want = naiveTranspose(inc);
      expect(t.start[inc.arcs]).toBe(inc.rowArc.length);
      let same = true;
      for (let a = 0; a < inc.arcs && same; a++) {
        const got = Array.from(t.rows.subarray(t.start[a], t.start[a + 1]));
        if (got.length !== want[a].length || got.some((r, i) => r !== want[a][i])) same = false;
      }
      expect(same).toBe(true);
    });
});

describe('heap water-filling against the reference', () => {
  it('equal capacities everywhere (many ties, many stale keys)', () => {
    const inc = randomIncidence(3000, 300, 7);
    const cap = new Float64Array(inc.arcs).fill(100);
    const { rate } = maxMinFair(inc, cap);
    const ref = maxMinReference(inc, cap);
    for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 7);
  });

  it('unequal capacities, clustered routes', () => {
    const inc = randomIncidence(4000, 500, 8, true);
    const rand = mulberry32(3);
    const cap = Float64Array.from({ length: inc.arcs }, () => 10 + Math.floor(rand() * 90));
    const { rate, saturated } = maxMinFair(inc, cap);
    const ref = maxMinReference(inc, cap);
    for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 7);
    // Every row crosses a saturated arc.
    for (let r = 0; r < inc.rows; r++) {
      let hit = false;
      for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) if (saturated[inc.rowArc[k]]) hit = true;
      expect(hit).toBe(true);
    }
  });

  it('a row on no arc is unconstrained; an arc no row crosses never saturates', () => {
    const inc: Incidence = {
      rows: 2,
      arcs: 3,
      rowStart: Int32Array.from([0, 1, 1]),
      rowArc: Int32Array.from([0]),
      rowCoef: Float64Array.from([2]),
      rowWeight: Float64Array.from([2, 1]),
    };
    const { rate, saturated } = maxMinFair(inc, Float64Array.from([10, 5, 5]));
    expect(rate[0]).toBeCloseTo(5, 12);
    expect(rate[1]).toBe(Infinity);
    expect(Array.from(saturated)).toEqual([1, 0, 0]);
  });
});
