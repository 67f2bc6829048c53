// Max-min fair rates by progressive filling. All unfrozen rows rise together; an arc saturates
// when its remaining capacity per unfrozen unit of flow runs out, and the rows crossing it freeze
// at that level. With c = capacity − Σ (rate × coef) over an arc's frozen rows and w = Σ coef over
// its unfrozen ones, the arc saturates at level c / w. Freezing a row at a level L ≤ c / w only
// raises c / w, so an arc's level never falls: arcs wait in a priority queue under a key that is
// a lower bound of their level, and a popped arc whose true level is higher goes back with it
// (within 1e-12 it saturates: ties). An arc none of whose rows is left unfrozen is dropped: that
// test counts rows, it does not compare a float sum with a tolerance.
//
// Why it is fast (memory, not arithmetic, is the cost at millions of rows):
// - Lazy accounting. Freezing a row writes its rate and one bit, nothing else, whatever the length
//   of the row (ECMP rows cross thousands of arcs). An arc learns which of its rows froze only when
//   it reaches the top of the queue: its segment lists its rows, those not yet accounted first, so
//   one pass over that short list (bits in a bitmap that stays in cache) finds the newly frozen
//   ones, and only their rates are read. Each (arc, row) entry is accounted at most once, and w is
//   summed afresh over the unfrozen rows (it never carries rounding from subtractions).
// - Segments: one buffer holds, per arc crossed by two rows or more, a header (arc, end of the
//   unaccounted rows, c) followed by its rows, so a pop costs one cache miss for the arc, not
//   three. Arcs are laid out in order of their first key, so arcs popped together sit together.
// - Arcs crossed by a single row are only a cap on that row: they never enter the queue; each row
//   queues its tightest such cap instead. Routed fabrics have many (host links, virtual arcs).
// - The queue keeps a small 4-ary heap of the lowest keys (it stays in cache; children are picked
//   by arithmetic rather than branches) over an unsorted array of the rest, split again by a
//   sampled bound when the heap runs dry.
// - The loop stops once every row is frozen, and the arc → rows index is built on the first pop
//   that needs it: fabrics whose rows all freeze on their single-row caps never build it.
// - When every entry has the same coefficient (unrouted random instances), coefficients are not
//   read at all.

import type { Incidence } from './incidence';

export interface MaxMin {
  /** Rate per member of each row (Gb/s). */
  rate: Float64Array;
  /** Arcs that saturated. */
  saturated: Uint8Array;
}

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
function scatterRows(
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
  const packed = new Int32Array(nnz);
  const coefs = outCoef ? new Float64Array(nnz) : null;
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
}

/** Arc → rows transpose of the incidence (rows in increasing order within each arc). */
export function transpose(inc: Incidence): { start: Int32Array; rows: Int32Array } {
  const A = inc.arcs;
  const { rowArc, rowStart } = inc;
  const nnz = rowStart[inc.rows];
  const deg = new Int32Array(A);
  for (let k = 0; k < nnz; k++) deg[rowArc[k]]++;
  const start = new Int32Array(A + 1);
  for (let a = 0; a < A; a++) start[a + 1] = start[a] + deg[a];
  const rows = new Int32Array(nnz);
  scatterRows(inc, deg, start.slice(0, A), rows, null);
  return { start, rows };
}

/** Restores the 4-ary heap property below slot i for (key, val) of a heap of n entries whose keys
 * past n are +Infinity. The least child is picked by arithmetic on comparisons, not by branches
 * (which the CPU would mispredict half of the time). */
function siftDown(hk: Float64Array, hv: Int32Array, i: number, key: number, val: number, n: number): void {
  for (;;) {
    const c = 4 * i + 1;
    if (c >= n) break;
    const m01 = c + Number(hk[c + 1] < hk[c]);
    const m23 = c + 2 + Number(hk[c + 3] < hk[c + 2]);
    const m = m01 + (m23 - m01) * Number(hk[m23] < hk[m01]);
    const mk = hk[m];
    if (mk >= key) break;
    hk[i] = mk;
    hv[i] = hv[m];
    i = m;
  }
  hk[i] = key;
  hv[i] = val;
}

/** Entries the heap takes at each refill: its arrays (384 kB) stay in cache. */
const NEAR = 1 << 15;

/**
 * Priority queue of (key, value) for keys that never go below the last key taken: a heap of the
 * keys up to `bound`, and an unsorted array of those above. When the heap runs dry, a sample of
 * the array sets a new bound that lets about NEAR entries into the heap.
 */
class Queue {
  private hk: Float64Array;
  private hv: Int32Array;
  private n = 0;
  private fk: Float64Array;
  private fv: Int32Array;
  private fn = 0;
  private bound = -Infinity;
  private sample = new Float64Array(1024);

  constructor(capacity: number) {
    this.hk = new Float64Array(capacity + 5).fill(Infinity);
    this.hv = new Int32Array(capacity + 5);
    this.fk = new Float64Array(capacity);
    this.fv = new Int32Array(capacity);
  }

  get size(): number {
    return this.n + this.fn;
  }

  /** Adds an entry whose key is above the bound (any key before the first pop). */
  add(key: number, val: number): void {
    this.fk[this.fn] = key;
    this.fv[this.fn++] = val;
  }

  /** Least key; call only when size > 0. */
  top(): number {
    if (this.n === 0) this.refill();
    return this.hk[0];
  }

  /** Value of the entry with the least key, after top(). */
  get val(): number {
    return this.hv[0];
  }

  pop(): void {
    const n = --this.n;
    const k = this.hk[n];
    this.hk[n] = Infinity;
    if (n > 0) siftDown(this.hk, this.hv, 0, k, this.hv[n], n);
  }

  /** Gives the top entry a key no lower than its own. */
  raiseTop(key: number): void {
    if (key <= this.bound) siftDown(this.hk, this.hv, 0, key, this.hv[0], this.n);
    else {
      const val = this.hv[0];
      this.pop();
      this.add(key, val);
    }
  }

  private refill(): void {
    const { fk, fv, hk, hv, sample } = this;
    const fn = this.fn;
    let t = Infinity;
    if (fn > NEAR) {
      const m = sample.length;
      const step = fn / m;
      for (let i = 0; i < m; i++) sample[i] = fk[Math.floor(i * step)];
      sample.sort();
      t = sample[Math.floor((m * NEAR) / fn)];
    }
    // Entries up to t go to the heap, the others stay; both written, one kept (no branch).
    let n = 0;
    let kept = 0;
    for (let i = 0; i < fn; i++) {
      const k = fk[i];
      const v = fv[i];
      const up = Number(k <= t);
      hk[n] = k;
      hv[n] = v;
      fk[kept] = k;
      fv[kept] = v;
      n += up;
      kept += 1 - up;
    }
    hk[n] = Infinity;
    this.fn = kept;
    this.n = n;
    this.bound = t;
    for (let i = (n - 2) >> 2; i >= 0; i--) siftDown(hk, hv, i, hk[i], hv[i], n);
  }
}

/** Segment header: arc, end of the unaccounted rows, then c as a float64 (words 2–3). */
const HEAD = 4;

/** Index of the high 32-bit word of a float64 in a Uint32Array view of it. */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/**
 * Where each arc crossed by two entries or more starts in the segment buffer (−1 for the others),
 * and the buffer's size in 32-bit words: starts are even so that c is aligned, and two spare words
 * at the end take the entries of the other arcs. Arcs come in order of `key`, bucketed by the
 * high word of the float (it orders non-negative keys) over 2^14 buckets.
 */
function layout(deg: Int32Array, key: Float64Array): { head: Int32Array; order: Int32Array; size: number } {
  const A = deg.length;
  const high = new Uint32Array(key.buffer, key.byteOffset, 2 * A);
  let lo = 0x7ff00000;
  let hi = 0;
  for (let a = 0; a < A; a++)
    if (deg[a] >= 2 && key[a] > 0 && key[a] < Infinity) {
      lo = Math.min(lo, high[2 * a + HIGH]);
      hi = Math.max(hi, high[2 * a + HIGH]);
    }
  const NB = 1 << 14;
  const shift = Math.max(0, 18 - Math.clz32(Math.max(0, hi - lo)));
  const bucket = new Int32Array(A);
  const count = new Int32Array(NB + 1);
  for (let a = 0; a < A; a++) {
    if (deg[a] < 2) continue;
    // No key (NaN) and keys ≤ 0 first, +Infinity last.
    const b = key[a] > 0 ? Math.min(NB - 1, (high[2 * a + HIGH] - lo) >>> shift) : 0;
    bucket[a] = b;
    count[b + 1]++;
  }
  for (let b = 0; b < NB; b++) count[b + 1] += count[b];
  const order = new Int32Array(count[NB]);
  for (let a = 0; a < A; a++) if (deg[a] >= 2) order[count[bucket[a]]++] = a;
  const head = new Int32Array(A).fill(-1);
  let size = 0;
  for (const a of order) {
    head[a] = size;
    size += HEAD + deg[a] + (deg[a] & 1);
  }
  return { head, order, size: size + 2 };
}

interface Segments {
  seg: Int32Array;
  /** Float64 view of seg. */
  cs: Float64Array;
  /** Coefficients, same index as seg (empty when all coefficients are equal). */
  coef: Float64Array;
}

function buildSegments(
  inc: Incidence,
  cap: Float64Array,
  deg: Int32Array,
  { head, order, size }: ReturnType<typeof layout>,
  withCoef: boolean,
): Segments {
  const buf = new ArrayBuffer(4 * size);
  const seg = new Int32Array(buf);
  const cs = new Float64Array(buf);
  const coef = new Float64Array(withCoef ? size : 0);
  const fill = new Int32Array(inc.arcs).fill(size - 2);
  // Headers in buffer order (sequential writes); rows then go where fill says.
  for (const a of order) {
    const p = head[a];
    seg[p] = a;
    seg[p + 1] = p + HEAD + deg[a];
    cs[(p >> 1) + 1] = cap[a];
    fill[a] = p + HEAD;
  }
  scatterRows(inc, deg, fill, seg, withCoef ? coef : null);
  return { seg, cs, coef };
}

/** Queues, for each row crossing arcs that no other row crosses, the least of those caps (value
 * ~row); returns the arc behind it per row. */
function privateCaps(inc: Incidence, cap: Float64Array, deg: Int32Array, queue: Queue): Int32Array {
  const { rowStart, rowArc, rowCoef } = inc;
  const arcOf = new Int32Array(inc.rows).fill(-1);
  for (let r = 0; r < inc.rows; r++) {
    let best = Infinity;
    for (let k = rowStart[r], e = rowStart[r + 1]; k < e; k++) {
      const a = rowArc[k];
      if (deg[a] !== 1 || !(rowCoef[k] > 0)) continue;
      const level = cap[a] / rowCoef[k];
      if (arcOf[r] < 0 || level < best) {
        best = level;
        arcOf[r] = a;
      }
    }
    if (arcOf[r] >= 0) queue.add(best, ~r);
  }
  return arcOf;
}

export function maxMinFair(inc: Incidence, cap: Float64Array, shouldCancel?: () => boolean): MaxMin {
  const { rowStart, rowArc, rowCoef } = inc;
  const A = inc.arcs;
  const R = inc.rows;
  const nnz = rowStart[R];
  const unit = nnz > 0 ? rowCoef[0] : 1;
  // Entries per arc, and their coefficient sums unless every coefficient equals the first one.
  const deg = new Int32Array(A);
  let k = 0;
  for (; k < nnz && rowCoef[k] === unit; k++) deg[rowArc[k]]++;
  const uniform = k === nnz;
  let w0: Float64Array = new Float64Array(0);
  if (!uniform) {
    w0 = new Float64Array(A);
    for (let i = 0; i < k; i++) w0[rowArc[i]] += unit;
    for (; k < nnz; k++) {
      deg[rowArc[k]]++;
      w0[rowArc[k]] += rowCoef[k];
    }
  }
  // First keys: capacity over the coefficient sum (NaN when it is zero: the arc never fills).
  const firstKey = new Float64Array(A);
  for (let a = 0; a < A; a++) {
    const w = uniform ? deg[a] * unit : w0[a];
    firstKey[a] = w > 0 ? cap[a] / w : NaN;
  }
  const plan = layout(deg, firstKey);
  const { head } = plan;
  let privates = false;
  let queued = 0;
  for (let a = 0; a < A; a++) {
    if (deg[a] === 1) privates = true;
    else if (head[a] >= 0 && !Number.isNaN(firstKey[a])) queued++;
  }
  // Queue values: a segment's start for an arc, ~row for a row's own cap.
  const queue = new Queue(queued + (privates ? R : 0));
  for (let a = 0; a < A; a++) if (head[a] >= 0 && !Number.isNaN(firstKey[a])) queue.add(firstKey[a], head[a]);
  const privateArc = privates ? privateCaps(inc, cap, deg, queue) : new Int32Array(0);

  let built = false;
  let seg: Int32Array = new Int32Array(0);
  let cs: Float64Array = new Float64Array(0);
  let coef: Float64Array = new Float64Array(0);
  const rate = new Float64Array(R).fill(Infinity);
  const frozen = new Int32Array((R >> 5) + 1);
  const saturated = new Uint8Array(A);
  let open = 0;
  for (let r = 0; r < R; r++) if (rowStart[r + 1] > rowStart[r]) open++;
  let pops = 0;
  while (queue.size > 0 && open > 0) {
    if ((++pops & 1023) === 0 && shouldCancel?.()) throw new Error('cancelled');
    const key = queue.top();
    const v = queue.val;
    if (v < 0) {
      // A row's own cap: exact, it only needs the row still unfrozen.
      queue.pop();
      const r = ~v;
      if (frozen[r >> 5] & (1 << (r & 31))) continue;
      frozen[r >> 5] |= 1 << (r & 31);
      rate[r] = key;
      open--;
      saturated[privateArc[r]] = 1;
      continue;
    }
    if (!built) {
      ({ seg, cs, coef } = buildSegments(inc, cap, deg, plan, !uniform));
      built = true;
    }
    // Rows [start, hi) are not accounted yet: move the frozen ones behind the others (swapping
    // every time, so that no branch depends on the bit), then take their load off c.
    const start = v + HEAD;
    const hi = seg[v + 1];
    let u = start;
    let c = cs[(v >> 1) + 1];
    let w = 0;
    if (uniform) {
      for (let j = start; j < hi; j++) {
        const r = seg[j];
        seg[j] = seg[u];
        seg[u] = r;
        u += 1 - ((frozen[r >> 5] >>> (r & 31)) & 1);
      }
      let load = 0;
      if (u > start) for (let j = u; j < hi; j++) load += rate[seg[j]];
      c -= load * unit;
      w = (u - start) * unit;
    } else {
      for (let j = start; j < hi; j++) {
        const r = seg[j];
        const rc = coef[j];
        seg[j] = seg[u];
        coef[j] = coef[u];
        seg[u] = r;
        coef[u] = rc;
        u += 1 - ((frozen[r >> 5] >>> (r & 31)) & 1);
      }
      if (u > start) for (let j = u; j < hi; j++) c -= coef[j] * rate[seg[j]];
      for (let j = start; j < u; j++) w += coef[j];
    }
    seg[v + 1] = u;
    cs[(v >> 1) + 1] = c;
    if (u === start) {
      // Every row crossing it froze elsewhere.
      queue.pop();
      continue;
    }
    const level = c / w;
    if (level > key * (1 + 1e-12)) {
      queue.raiseTop(level);
      continue;
    }
    queue.pop();
    saturated[seg[v]] = 1;
    for (let j = start; j < u; j++) {
      const r = seg[j];
      open -= 1 - ((frozen[r >> 5] >>> (r & 31)) & 1);
      frozen[r >> 5] |= 1 << (r & 31);
      rate[r] = level;
    }
  }
  return { rate, saturated };
}
