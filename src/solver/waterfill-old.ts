// Max-min fair rates by progressive filling. All unfrozen flows rise together; an arc saturates
// when its remaining capacity per unfrozen unit of flow runs out; the flows crossing it freeze at
// that level. Per arc we keep c = capacity − Σ (rate × coef) over frozen rows and w = Σ coef over
// unfrozen rows: with every unfrozen row at level L the arc holds c − w·L, so it saturates at
// level c / w, a value that does not depend on the current level. Arcs sit in a 4-ary min-heap
// keyed by that level. Freezing a row at level L ≤ c / w only raises c / w, so keys only grow: a
// popped key that is out of date is recomputed and pushed back (lazy), never decreased, and the
// heap never holds more than one entry per arc.
// Memory is the bottleneck at scale: (c, w) are interleaved so that freezing a row touches one
// cache line per arc; a saturating arc's rows are frozen in two passes (entry ranges first, then
// the updates) so that their cache misses overlap instead of forming one dependent chain; the
// arc → rows transpose of scattered incidences is written bucket by bucket so its writes stay in
// cache; and the hot loop allocates nothing.

import type { Incidence } from './incidence';

export interface MaxMin {
  /** Rate per member of each row (Gb/s). */
  rate: Float64Array;
  /** Arcs that saturated. */
  saturated: Uint8Array;
}

const EPS = 1e-9;

/** Whether neighbouring entries mostly fall in one bucket of arcs (routed fabrics): then the
 * direct scatter already writes near its last write, and bucketing would only add a pass. */
function clustered(rowArc: Int32Array, nnz: number, shift: number): boolean {
  const step = Math.max(1, Math.floor(nnz / 4096));
  let near = 0;
  let n = 0;
  for (let k = 0; k + 1 < nnz; k += step, n++) if (Math.abs(rowArc[k + 1] - rowArc[k]) >> shift === 0) near++;
  return near * 4 > n;
}

/** Arc → rows transpose of the incidence (rows in increasing order within each arc). */
export function transpose(inc: Incidence): { start: Int32Array; rows: Int32Array } {
  const A = inc.arcs;
  const R = inc.rows;
  const { rowArc, rowStart } = inc;
  const nnz = rowStart[R];
  const start = new Int32Array(A + 1);
  for (let k = 0; k < nnz; k++) start[rowArc[k] + 1]++;
  for (let a = 0; a < A; a++) start[a + 1] += start[a];
  const rows = new Int32Array(nnz);
  // Small: scatter directly. Large: first partition the (arc, row) pairs into buckets of arcs
  // (a few hundred sequential write streams), then scatter each bucket into its own range of
  // `rows`, which fits in cache.
  const SHIFT = 10; // 1024 arcs per bucket
  const B = (A >> SHIFT) + 1;
  if (nnz < 1 << 20 || B < 4 || clustered(rowArc, nnz, SHIFT)) {
    const fill = start.slice(0, A);
    for (let r = 0; r < R; r++)
      for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) rows[fill[rowArc[k]]++] = r;
    return { start, rows };
  }
  const bfill = new Int32Array(B);
  for (let b = 0; b < B; b++) bfill[b] = start[Math.min(A, b << SHIFT)];
  const tArc = new Int32Array(nnz);
  const tRow = new Int32Array(nnz);
  for (let r = 0; r < R; r++)
    for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) {
      const a = rowArc[k];
      const p = bfill[a >> SHIFT]++;
      tArc[p] = a;
      tRow[p] = r;
    }
  const fill = start.slice(0, A);
  for (let p = 0; p < nnz; p++) rows[fill[tArc[p]]++] = tRow[p];
  return { start, rows };
}

/** Restores the 4-ary heap property below slot i for (key, val) of a heap of n entries. */
function siftDown(hk: Float64Array, hv: Int32Array, i: number, key: number, val: number, n: number): void {
  for (;;) {
    const c = 4 * i + 1;
    if (c >= n) break;
    let m = c;
    let mk = hk[c];
    const e = c + 4 < n ? c + 4 : n;
    for (let j = c + 1; j < e; j++)
      if (hk[j] < mk) {
        mk = hk[j];
        m = j;
      }
    if (mk >= key) break;
    hk[i] = mk;
    hv[i] = hv[m];
    i = m;
  }
  hk[i] = key;
  hv[i] = val;
}

export function maxMinFair(inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean): MaxMin {
  const { rowStart, rowArc, rowCoef } = inc;
  const A = inc.arcs;
  const R = inc.rows;
  const nnz = rowStart[R];
  // cw[2a]: capacity less what frozen rows hold; cw[2a+1]: coefficient sum of unfrozen rows.
  const cw = new Float64Array(2 * A);
  for (let k = 0; k < nnz; k++) cw[2 * rowArc[k] + 1] += rowCoef[k];
  const W0 = new Float64Array(A);
  const hk = new Float64Array(A);
  const hv = new Int32Array(A);
  let n = 0;
  for (let a = 0; a < A; a++) {
    const w = cw[2 * a + 1];
    cw[2 * a] = cap[a];
    W0[a] = w;
    if (w > 0) {
      hk[n] = cap[a] / w;
      hv[n++] = a;
    }
  }
  for (let i = (n - 2) >> 2; i >= 0; i--) siftDown(hk, hv, i, hk[i], hv[i], n);
  const rate = new Float64Array(R);
  const frozen = new Uint8Array(R); // a byte per row: the hot check stays in cache
  const saturated = new Uint8Array(A);
  const t = transpose(inc);
  const tStart = t.start;
  const tRows = t.rows;
  let maxDeg = 0;
  for (let a = 0; a < A; a++) if (tStart[a + 1] - tStart[a] > maxDeg) maxDeg = tStart[a + 1] - tStart[a];
  const lo = new Int32Array(maxDeg);
  const hi = new Int32Array(maxDeg);
  let popped = 0;
  while (n > 0) {
    const key = hk[0];
    const a = hv[0];
    const w = cw[2 * a + 1];
    if (w <= EPS * W0[a]) {
      // Every flow through it froze elsewhere: drop it.
      n--;
      if (n > 0) siftDown(hk, hv, 0, hk[n], hv[n], n);
      continue;
    }
    const level = cw[2 * a] / w;
    // A stale key: each stored key is a lower bound, so the arc waits until its level is lowest.
    if (level > key * (1 + 1e-12)) {
      siftDown(hk, hv, 0, level, a, n); // replace the top in place: pop + push in one pass
      continue;
    }
    n--;
    if (n > 0) siftDown(hk, hv, 0, hk[n], hv[n], n);
    if ((++popped & 1023) === 0 && shouldCancel?.()) throw new Error('cancelled');
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
        const b = 2 * rowArc[k];
        const c = rowCoef[k];
        cw[b] -= c * level;
        cw[b + 1] -= c;
      }
  }
  // Rows crossing no capacity (none in practice) are unconstrained.
  for (let r = 0; r < R; r++) if (!frozen[r]) rate[r] = Infinity;
  return { rate, saturated };
}
