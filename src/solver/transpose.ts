// The arc → rows index of an incidence (its transpose), which both water-filling strategies need:
// when an arc saturates, the rows crossing it freeze.

import type { Incidence } from './incidence';
import { borrow, giveBack } from './scratch';

/** Whether neighbouring entries mostly fall in one bucket of arcs (routed fabrics): then the
 * direct scatter already writes near its last write, and bucketing would only add a pass. */
function clustered(rowArc: Int32Array, nnz: number, shift: number): boolean {
  const step = Math.max(1, Math.floor(nnz / 4096));
  let near = 0;
  let n = 0;
  for (let k = 0; k + 1 < nnz; k += step, n++) if (Math.abs(rowArc[k + 1] - rowArc[k]) >> shift === 0) near++;
  return near * 4 > n;
}

/**
 * Writes the row of every entry at out[fill[arc]++] (and its coefficient at outCoef[same]), rows
 * in increasing order per arc. `deg`: entries per arc.
 */
export function scatterRows(
  inc: Incidence,
  deg: Int32Array,
  fill: Int32Array,
  out: Int32Array,
  outCoef: Float64Array | null,
): void {
  const A = inc.arcs;
  const R = inc.rows;
  const { rowArc, rowStart, rowCoef } = inc;
  const nnz = rowStart[R];
  // Buckets of 2^S arcs; a bucketed entry packs its row and its arc within the bucket in 32 bits.
  const S = Math.min(10, Math.clz32(Math.max(1, R - 1)));
  if (nnz < 1 << 20 || A >> S < 4 || S < 4 || clustered(rowArc, nnz, S)) {
    for (let r = 0; r < R; r++)
      for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) {
        const p = fill[rowArc[k]]++;
        out[p] = r;
        if (outCoef) outCoef[p] = rowCoef[k];
      }
    return;
  }
  // Partition the entries by bucket first (a few hundred sequential write streams), then scatter
  // each bucket into its own range of `out`, which stays in cache.
  const B = (A >> S) + 1;
  const low = (1 << S) - 1;
  const bstart = new Int32Array(B + 1);
  for (let a = 0; a < A; a++) bstart[(a >> S) + 1] += deg[a];
  for (let b = 0; b < B; b++) bstart[b + 1] += bstart[b];
  const bfill = bstart.slice(0, B);
  const packed = borrow(Int32Array, nnz, false);
  const coefs = outCoef ? borrow(Float64Array, nnz, false) : null;
  for (let r = 0; r < R; r++)
    for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) {
      const a = rowArc[k];
      const q = bfill[a >> S]++;
      packed[q] = (r << S) | (a & low);
      if (coefs) coefs[q] = rowCoef[k];
    }
  for (let b = 0; b < B; b++) {
    const base = b << S;
    for (let q = bstart[b], e = bstart[b + 1]; q < e; q++) {
      const x = packed[q];
      const p = fill[base + (x & low)]++;
      out[p] = x >>> S;
      if (outCoef && coefs) outCoef[p] = coefs[q];
    }
  }
  giveBack(packed, coefs);
}

/** Per arc: its entries (`deg`) and the sum of their coefficients (`weight`); borrowed
 * (scratch.ts), for the caller to give back. */
export interface ArcSums {
  deg: Int32Array;
  /** null when every coefficient equals `unit`: the sum is then deg × unit. */
  weight: Float64Array | null;
  unit: number;
}

export function arcSums(inc: Incidence): ArcSums {
  const { rowArc, rowCoef } = inc;
  const nnz = inc.rowStart[inc.rows];
  // One loop per function (see pieces.ts, middleGroups): each compiles on its own.
  const deg = degrees(rowArc, nnz, inc.arcs);
  // Random instances have one coefficient everywhere: a sequential check spares a random pass.
  const unit = nnz > 0 ? rowCoef[0] : 1;
  if (allEqual(rowCoef, nnz, unit)) return { deg, weight: null, unit };
  return { deg, weight: weights(rowArc, rowCoef, nnz, inc.arcs), unit };
}

function degrees(rowArc: Int32Array, nnz: number, arcs: number): Int32Array {
  const deg = borrow(Int32Array, arcs);
  for (let k = 0; k < nnz; k++) deg[rowArc[k]]++;
  return deg;
}

function allEqual(coef: Float64Array, nnz: number, unit: number): boolean {
  for (let k = 0; k < nnz; k++) if (coef[k] !== unit) return false;
  return true;
}

function weights(rowArc: Int32Array, rowCoef: Float64Array, nnz: number, arcs: number): Float64Array {
  const weight = borrow(Float64Array, arcs);
  for (let k = 0; k < nnz; k++) weight[rowArc[k]] += rowCoef[k];
  return weight;
}

/** Arc → rows transpose of the incidence (rows in increasing order within each arc); borrowed
 * (scratch.ts), for the caller to give back. */
export function transpose(inc: Incidence, deg = arcSums(inc).deg): { start: Int32Array; rows: Int32Array } {
  const A = inc.arcs;
  const start = borrow(Int32Array, A + 1);
  for (let a = 0; a < A; a++) start[a + 1] = start[a] + deg[a];
  const rows = borrow(Int32Array, start[A], false);
  const fill = borrow(Int32Array, A, false);
  fill.set(start.subarray(0, A));
  scatterRows(inc, deg, fill, rows, null);
  giveBack(fill);
  return { start, rows };
}
