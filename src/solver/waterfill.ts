// Max-min fair rates by progressive filling. All unfrozen flows rise together; an arc saturates
// when its remaining capacity per unfrozen unit of flow runs out; the flows crossing it freeze at
// that level. Arcs sit in a min-heap keyed by the level at which they would saturate
// (level now + remaining / unfrozen weight). Freezing only lowers weights, so keys only grow:
// a popped key that is out of date is recomputed and pushed back (lazy), never decreased.
// Per-arc state is interleaved (remaining, settled-at level, weight) so that freezing a flow
// touches one cache line per arc: at scale this loop is bound by memory, not arithmetic.

import { MinHeap } from './heap';
import type { Incidence } from './incidence';

export interface MaxMin {
  /** Rate per member of each row (Gb/s). */
  rate: Float64Array;
  /** Arcs that saturated. */
  saturated: Uint8Array;
}

const EPS = 1e-9;

/** Arc → rows transpose of the incidence. */
export function transpose(inc: Incidence): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(inc.arcs + 1);
  const { rowArc, rowStart } = inc;
  for (let k = 0; k < rowArc.length; k++) start[rowArc[k] + 1]++;
  for (let a = 0; a < inc.arcs; a++) start[a + 1] += start[a];
  const fill = start.slice(0, inc.arcs);
  const rows = new Int32Array(rowArc.length);
  for (let r = 0; r < inc.rows; r++)
    for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) rows[fill[rowArc[k]]++] = r;
  return { start, rows };
}

export function maxMinFair(inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean): MaxMin {
  const { rowStart, rowArc, rowCoef } = inc;
  const A = inc.arcs;
  // st[3a]: remaining capacity as of level st[3a+1]; st[3a+2]: weight of unfrozen flows.
  const st = new Float64Array(3 * A);
  for (let k = 0; k < rowArc.length; k++) st[3 * rowArc[k] + 2] += rowCoef[k];
  const W0 = new Float64Array(A);
  for (let a = 0; a < A; a++) {
    st[3 * a] = cap[a];
    W0[a] = st[3 * a + 2];
  }
  const rate = new Float64Array(inc.rows);
  const frozen = new Uint8Array(inc.rows); // a byte per row: the hot check stays in cache
  const saturated = new Uint8Array(A);
  const t = transpose(inc);
  const keys = new Float64Array(A);
  const vals = new Int32Array(A);
  let n = 0;
  for (let a = 0; a < A; a++)
    if (W0[a] > 0) {
      keys[n] = cap[a] / W0[a];
      vals[n++] = a;
    }
  const heap = new MinHeap(16);
  heap.heapify(keys, vals, n);
  let popped = 0;
  while (heap.size) {
    const key = heap.topKey;
    const a = heap.topVal;
    heap.pop();
    if (saturated[a]) continue;
    const w = st[3 * a + 2];
    if (w <= EPS * W0[a]) continue; // every flow through it froze elsewhere
    const level = st[3 * a + 1] + st[3 * a] / w;
    // A stale key: still the minimum if no stored key (each a lower bound) is below its level.
    if (level > key * (1 + 1e-12) && heap.size && level > heap.topKey) {
      heap.push(level, a);
      continue;
    }
    if ((++popped & 1023) === 0 && shouldCancel?.()) throw new Error('cancelled');
    saturated[a] = 1;
    for (let j = t.start[a], e = t.start[a + 1]; j < e; j++) {
      const r = t.rows[j];
      if (frozen[r]) continue;
      frozen[r] = 1;
      rate[r] = level;
      for (let k = rowStart[r], f = rowStart[r + 1]; k < f; k++) {
        const b = 3 * rowArc[k];
        st[b] -= st[b + 2] * (level - st[b + 1]);
        st[b + 1] = level;
        st[b + 2] -= rowCoef[k];
      }
    }
  }
  // Rows crossing no capacity (none in practice) are unconstrained.
  for (let r = 0; r < inc.rows; r++) if (!frozen[r]) rate[r] = Infinity;
  return { rate, saturated };
}
