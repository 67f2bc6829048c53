// The water-filling internals on their own: the arc → rows transpose (both its direct and its
// bucketed scatter) against a plain definition; each filling strategy (eager and lazy) against the
// simple reference on instances built to stress it (ties, stale keys, arcs whose flows all freeze
// elsewhere, arcs crossed by a single row, one coefficient everywhere) and against the definition
// of max-min fairness on an instance too large for the reference (its arc index takes the bucketed
// path); the choice between the two by the share of entries on crowded arcs; and the renumbering
// of an incidence that uses few of its arcs.

import { describe, expect, it } from 'vitest';
import type { Incidence } from '../../src/solver/incidence';
import { maxMinReference } from '../../src/solver/reference';
import { transpose } from '../../src/solver/transpose';
import { CROWDED_ARC, eagerFill, maxMinFair, type MaxMin } from '../../src/solver/waterfill';
import { lazyFill } from '../../src/solver/waterfill-lazy';
import { mulberry32 } from '../../src/traffic/rng';

function randomIncidence(
  rows: number,
  arcs: number,
  seed: number,
  local = false,
  coefs = [1, 1.5, 2],
): Incidence {
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
      coef.push(coefs[Math.floor(rand() * coefs.length)]);
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

const strategies: [string, (inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean) => MaxMin][] = [
  ['eager', (inc, cap, stop) => eagerFill(inc, cap, stop)],
  ['lazy', (inc, cap, stop) => lazyFill(inc, cap, stop)],
];

for (const [strategy, fill] of strategies)
  describe(`${strategy} water-filling against the reference`, () => {
    it('equal capacities everywhere (many ties, many stale keys)', () => {
      const inc = randomIncidence(3000, 300, 7);
      const cap = new Float64Array(inc.arcs).fill(100);
      const { rate } = fill(inc, cap);
      const ref = maxMinReference(inc, cap);
      for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 7);
    });

    it('unequal capacities, clustered routes', () => {
      const inc = randomIncidence(4000, 500, 8, true);
      const rand = mulberry32(3);
      const cap = Float64Array.from({ length: inc.arcs }, () => 10 + Math.floor(rand() * 90));
      const { rate, saturated } = fill(inc, cap);
      const ref = maxMinReference(inc, cap);
      for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 7);
      // Every row crosses a saturated arc.
      for (let r = 0; r < inc.rows; r++) {
        let hit = false;
        for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) if (saturated[inc.rowArc[k]]) hit = true;
        expect(hit).toBe(true);
      }
    });

    it('one coefficient everywhere (its fast path), ties', () => {
      for (const c of [1, 0.25]) {
        const inc = randomIncidence(3000, 300, 11, false, [c]);
        const cap = new Float64Array(inc.arcs).fill(100);
        const { rate } = fill(inc, cap);
        const ref = maxMinReference(inc, cap);
        for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 7);
      }
    });

    it('arcs crossed by a single row cap that row (tightest one saturates), ties included', () => {
      // Rows 0–199 share arcs 0–49; each row also crosses two arcs of its own (50 + 2r, 51 + 2r).
      const rand = mulberry32(5);
      const start = [0];
      const arc: number[] = [];
      const coef: number[] = [];
      for (let r = 0; r < 200; r++) {
        arc.push(Math.floor(rand() * 50), 50 + 2 * r, 51 + 2 * r);
        coef.push(1, 1 + (r % 3), 1);
        start.push(arc.length);
      }
      const inc: Incidence = {
        rows: 200,
        arcs: 450,
        rowStart: Int32Array.from(start),
        rowArc: Int32Array.from(arc),
        rowCoef: Float64Array.from(coef),
        rowWeight: new Float64Array(200).fill(1),
      };
      const cap = Float64Array.from({ length: inc.arcs }, (_, a) =>
        a < 50 ? 20 + (a % 7) * 5 : 2 + (a % 5),
      );
      const { rate, saturated } = fill(inc, cap);
      const ref = maxMinReference(inc, cap);
      for (let r = 0; r < inc.rows; r++) expect(rate[r]).toBeCloseTo(ref[r], 9);
      for (let r = 0; r < inc.rows; r++) {
        let hit = false;
        for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) hit ||= saturated[inc.rowArc[k]] === 1;
        expect(hit).toBe(true);
      }
    });

    it('is max-min fair on a million entries (bucketed arc index)', () => {
      const inc = randomIncidence(300_000, 60_000, 12, false);
      expect(inc.rowArc.length).toBeGreaterThan(1 << 20);
      const rand = mulberry32(4);
      const cap = Float64Array.from({ length: inc.arcs }, () => 50 + Math.floor(rand() * 8) * 50);
      const { rate, saturated } = fill(inc, cap);
      // Feasible, and every row crosses a saturated arc that is full and carries no faster row.
      const load = new Float64Array(inc.arcs);
      const fastest = new Float64Array(inc.arcs);
      for (let r = 0; r < inc.rows; r++)
        for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) {
          load[inc.rowArc[k]] += inc.rowCoef[k] * rate[r];
          fastest[inc.rowArc[k]] = Math.max(fastest[inc.rowArc[k]], rate[r]);
        }
      let over = 0;
      for (let a = 0; a < inc.arcs; a++) if (load[a] > cap[a] * (1 + 1e-9)) over++;
      expect(over).toBe(0);
      let unbottlenecked = 0;
      for (let r = 0; r < inc.rows; r++) {
        let ok = false;
        for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) {
          const a = inc.rowArc[k];
          if (saturated[a] && load[a] >= cap[a] * (1 - 1e-9) && fastest[a] <= rate[r] * (1 + 1e-9)) ok = true;
        }
        if (!ok) unbottlenecked++;
      }
      expect(unbottlenecked).toBe(0);
    });

    it('polls shouldCancel about every thousand saturated arcs and lets its error through', () => {
      const inc = randomIncidence(20_000, 10_000, 13);
      const cap = new Float64Array(inc.arcs).fill(100);
      let polls = 0;
      fill(inc, cap, () => {
        polls++;
        return false;
      });
      expect(polls).toBeGreaterThan(2);
      expect(() => fill(inc, cap, () => true)).toThrow('cancelled');
      expect(() =>
        fill(inc, cap, () => {
          throw new Error('stop');
        }),
      ).toThrow('stop');
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
      const { rate, saturated } = fill(inc, Float64Array.from([10, 5, 5]));
      expect(rate[0]).toBeCloseTo(5, 12);
      expect(rate[1]).toBe(Infinity);
      expect(Array.from(saturated)).toEqual([1, 0, 0]);
    });
  });

describe('choice of strategy', () => {
  /** The first `crowdedRows` rows each cross two of 16 shared arcs; the rest cross 3 arcs of 3000. */
  function mixed(crowdedRows: number): { inc: Incidence; cap: Float64Array } {
    const rand = mulberry32(21);
    const start = [0];
    const arc: number[] = [];
    const coef: number[] = [];
    for (let r = 0; r < 3000; r++) {
      const picks =
        r < crowdedRows
          ? [r % 8, 8 + ((r >> 3) % 8)]
          : [16 + Math.floor(rand() * 1000), 1016 + Math.floor(rand() * 1000), 2016 + (r % 984)];
      for (const a of picks) {
        arc.push(a);
        coef.push(1 + (r % 3) * 0.5);
      }
      start.push(arc.length);
    }
    const inc: Incidence = {
      rows: 3000,
      arcs: 3000,
      rowStart: Int32Array.from(start),
      rowArc: Int32Array.from(arc),
      rowCoef: Float64Array.from(coef),
      rowWeight: new Float64Array(3000).fill(1),
    };
    return {
      inc,
      cap: Float64Array.from({ length: 3000 }, (_, a) => (a < 16 ? 2000 + 300 * a : 40 + (a % 9) * 10)),
    };
  }

  it('runs eager when most entries sit on crowded arcs, lazy otherwise; both give the reference rates', () => {
    for (const [rows, want] of [
      [2800, 'eager'],
      [600, 'lazy'],
    ] as const) {
      const { inc, cap } = mixed(rows);
      // The shared arcs really are crowded: each of them carries rows / 8 rows.
      expect(rows / 8).toBeGreaterThan(CROWDED_ARC);
      const got = maxMinFair(inc, cap);
      expect(got.strategy).toBe(want);
      const ref = maxMinReference(inc, cap);
      const other = (want === 'eager' ? lazyFill : eagerFill)(inc, cap);
      for (let r = 0; r < inc.rows; r++) {
        expect(got.rate[r]).toBeCloseTo(ref[r], 7);
        expect(other.rate[r]).toBeCloseTo(ref[r], 7);
      }
    }
  });
});

describe('an incidence that uses few of its arcs', () => {
  it('is filled over the arcs it uses: same rates, saturation reported on the original arcs', () => {
    // The same rows spread over 10× the arc ids (9 of 10 arcs unused, as merged arcs leave a ring's
    // physical arcs): renumbering inside maxMinFair must not change a rate or a saturated flag.
    const inc = randomIncidence(2000, 500, 31);
    const cap = Float64Array.from({ length: 500 }, (_, a) => 10 + (a % 7) * 5);
    const spread: Incidence = { ...inc, arcs: 5000, rowArc: inc.rowArc.map((a) => 10 * a + 3) };
    const spreadCap = new Float64Array(5000);
    for (let a = 0; a < 500; a++) spreadCap[10 * a + 3] = cap[a];
    const dense = maxMinFair(inc, cap);
    const sparse = maxMinFair(spread, spreadCap);
    expect(sparse.saturated.length).toBe(5000);
    for (let r = 0; r < inc.rows; r++) expect(sparse.rate[r]).toBe(dense.rate[r]);
    for (let a = 0; a < 5000; a++)
      expect(sparse.saturated[a]).toBe(a % 10 === 3 ? dense.saturated[(a - 3) / 10] : 0);
    expect(dense.saturated.reduce((n, s) => n + s, 0)).toBeGreaterThan(0);
  });
});
