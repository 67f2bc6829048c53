// Max-min fair rates by progressive filling. All unfrozen rows rise together; an arc saturates
// when its remaining capacity per unfrozen unit of flow runs out, and the rows crossing it freeze
// at that level. With c = capacity − Σ (rate × coef) over an arc's frozen rows and w = Σ coef over
// its unfrozen ones, the arc saturates at level c / w. Freezing a row at a level L ≤ c / w only
// raises c / w, so an arc's level never falls: arcs wait in a priority queue under a key that is
// a lower bound of their level, and a popped arc whose true level is higher goes back with it.
//
// Two strategies give the same rates; which is faster depends on how many rows share an arc:
// - Eager (below): freezing a row takes its load off every arc it crosses at once, so a popped
//   arc's (c, w) is always current. A row costs its length once, however often its arcs come
//   back to the top. Best when most entries sit on arcs crossed by many rows (spine arcs under
//   ECMP all-to-all or permutation traffic cross thousands of rows, each of them long).
// - Lazy (waterfill-lazy.ts): freezing a row is O(1); an arc accounts its newly frozen rows when
//   it reaches the top. A popped arc costs the rows it still has to look at, so it wins when arcs
//   are crossed by few rows (rings, random instances) and loses when crowded arcs come back to
//   the top many times.
// The choice is made on the share of entries on crowded arcs (measured in `npm run bench`: at
// shares of 0 the lazy one is 2–2.5× faster, at shares above 0.9 the eager one is 1.5–2× faster).
//
// Memory is the eager strategy's cost at scale: (c, w) are interleaved so that freezing a row
// touches one cache line per arc, and a saturating arc's rows are frozen in two passes (entry
// ranges first, then the updates) so that their cache misses overlap instead of forming one
// dependent chain; the hot loop allocates nothing.

import type { Incidence } from './incidence';
import { LevelQueue } from './levelQueue';
import { borrow, giveBack } from './scratch';
import { arcSums, transpose } from './transpose';
import { lazyFill } from './waterfill-lazy';

export interface MaxMin {
  /** Rate per member of each row (Gb/s). */
  rate: Float64Array;
  /** Arcs of the incidence (merged arcs included, pieces.ts) that saturated. */
  saturated: Uint8Array;
  /** The strategy that ran. */
  strategy: 'eager' | 'lazy';
}

const EPS = 1e-9;

/** Arcs crossed by more entries than this count as crowded. */
export const CROWDED_ARC = 64;

/** Share of entries on crowded arcs above which the eager strategy runs. */
export const EAGER_SHARE = 0.5;

export function maxMinFair(inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean): MaxMin {
  const dense = denseArcs(inc, cap);
  if (!dense) return fill(inc, cap, shouldCancel);
  const out = fill(dense.inc, dense.cap, shouldCancel);
  const saturated = new Uint8Array(inc.arcs);
  for (let a = 0; a < dense.arc.length; a++) saturated[dense.arc[a]] = out.saturated[a];
  // (A solve that throws, cancelled, leaves its borrowed arrays to the collector: safe.)
  giveBack(out.saturated, dense.arc, dense.cap, dense.inc.rowArc);
  return { ...out, saturated };
}

/**
 * The incidence over the arcs its rows cross, renumbered 0.., when they are at most half of
 * its arcs (merged arcs, pieces.ts, leave most physical arcs of a ring unused): every per-arc
 * array of the filling shrinks with it. `arc[a]`: the original arc of dense arc a.
 */
function denseArcs(
  inc: Incidence,
  cap: Float64Array,
): { inc: Incidence; cap: Float64Array; arc: Int32Array } | null {
  const A = inc.arcs;
  const nnz = inc.rowStart[inc.rows];
  const id = borrow(Int32Array, A);
  const used = markUsed(inc.rowArc, nnz, id, A / 2);
  if (used < 0) {
    giveBack(id);
    return null;
  }
  // One loop per function (see pieces.ts, middleGroups): each compiles on its own.
  const { arc, denseCap } = numberUsed(id, cap, used);
  const rowArc = renumber(inc.rowArc, nnz, id);
  giveBack(id);
  return { inc: { ...inc, arcs: used, rowArc }, cap: denseCap, arc };
}

/** Marks used[a] = 1 for the arcs entries cross; their count, or -1 past `most` (most instances use
 * most of their arcs: known after a small part of their entries). */
function markUsed(rowArc: Int32Array, nnz: number, id: Int32Array, most: number): number {
  let used = 0;
  for (let k = 0; k < nnz; k++) {
    const a = rowArc[k];
    if (id[a] === 0) {
      id[a] = 1;
      if (++used > most) return -1;
    }
  }
  return used;
}

/** Used arcs numbered 0.. in order (id[a] becomes the number), with their capacities. */
function numberUsed(id: Int32Array, cap: Float64Array, used: number) {
  const arc = borrow(Int32Array, used, false);
  const denseCap = borrow(Float64Array, used, false);
  for (let a = 0, n = 0; a < id.length; a++)
    if (id[a]) {
      arc[n] = a;
      denseCap[n] = cap[a];
      id[a] = n++;
    }
  return { arc, denseCap };
}

function renumber(rowArc: Int32Array, nnz: number, id: Int32Array): Int32Array {
  const out = borrow(Int32Array, nnz, false);
  for (let k = 0; k < nnz; k++) out[k] = id[rowArc[k]];
  return out;
}

function fill(inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean): MaxMin {
  const sums = arcSums(inc);
  const { deg } = sums;
  let crowded = 0;
  for (let a = 0; a < inc.arcs; a++) if (deg[a] > CROWDED_ARC) crowded += deg[a];
  const out =
    crowded > EAGER_SHARE * inc.rowStart[inc.rows]
      ? eagerFill(inc, cap, shouldCancel, sums)
      : lazyFill(inc, cap, shouldCancel, sums);
  giveBack(deg, sums.weight);
  return out;
}

/** Progressive filling with eager accounting. `sums`: per-arc sums, if known. */
export function eagerFill(
  inc: Incidence,
  cap: Float64Array,
  shouldCancel?: () => boolean,
  { deg, weight, unit } = arcSums(inc),
): MaxMin {
  const { rowStart, rowArc, rowCoef } = inc;
  const A = inc.arcs;
  const R = inc.rows;
  // cw[2a]: capacity less what frozen rows hold; cw[2a+1]: coefficient sum of unfrozen rows.
  const cw = borrow(Float64Array, 2 * A, false);
  let queued = 0;
  for (let a = 0; a < A; a++) {
    const w = weight ? weight[a] : deg[a] * unit;
    cw[2 * a + 1] = w;
    if (w > 0) queued++;
  }
  const queue = new LevelQueue(queued);
  for (let a = 0; a < A; a++) {
    const w = cw[2 * a + 1];
    cw[2 * a] = cap[a];
    if (w > 0) queue.add(cap[a] / w, a);
  }
  const rate = new Float64Array(R).fill(Infinity);
  const frozen = borrow(Uint8Array, R); // a byte per row: the hot check stays in cache
  const saturated = borrow(Uint8Array, A);
  const t = transpose(inc, deg);
  const tStart = t.start;
  const tRows = t.rows;
  let maxDeg = 0;
  for (let a = 0; a < A; a++) if (deg[a] > maxDeg) maxDeg = deg[a];
  const lo = borrow(Int32Array, maxDeg, false);
  const hi = borrow(Int32Array, maxDeg, false);
  let pops = 0;
  while (queue.size > 0) {
    const key = queue.top();
    const a = queue.val;
    const w = cw[2 * a + 1];
    if (w <= EPS * (weight ? weight[a] : deg[a] * unit)) {
      // Every row through it froze elsewhere: drop it.
      queue.pop();
      continue;
    }
    const level = cw[2 * a] / w;
    // A stale key: the arc waits until its level is the lowest (within 1e-12 it saturates: ties).
    if (level > key * (1 + 1e-12)) {
      queue.raiseTop(level);
      continue;
    }
    queue.pop();
    if ((++pops & 1023) === 0 && shouldCancel?.()) throw new Error('cancelled');
    saturated[a] = 1;
    // Two passes over the arc's rows: first the newly frozen ones and their entry ranges (loads
    // independent of one another, so they overlap in memory), then their arcs' updates.
    let m = 0;
    for (let j = tStart[a], e = tStart[a + 1]; j < e; j++) {
      const r = tRows[j];
      if (frozen[r]) continue;
      frozen[r] = 1;
      rate[r] = level;
      lo[m] = rowStart[r];
      hi[m++] = rowStart[r + 1];
    }
    for (let i = 0; i < m; i++)
      for (let k = lo[i], f = hi[i]; k < f; k++) {
        const b = rowArc[k];
        const c = rowCoef[k];
        cw[2 * b] -= c * level;
        cw[2 * b + 1] -= c;
      }
  }
  giveBack(cw, frozen, t.start, t.rows, lo, hi);
  queue.release();
  return { rate, saturated, strategy: 'eager' };
}
