// Progressive filling with lazy accounting: the strategy waterfill.ts picks when few entries sit
// on arcs shared by many rows. All unfrozen rows rise together; an arc saturates when its
// remaining capacity per unfrozen unit of flow runs out, and the rows crossing it freeze at that
// level. With c = capacity − Σ (rate × coef) over an arc's frozen rows and w = Σ coef over
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
import { LevelQueue } from './levelQueue';
import { borrow, giveBack } from './scratch';
import { arcSums, scatterRows } from './transpose';
import type { MaxMin } from './waterfill';

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
  const bucket = borrow(Int32Array, A, false);
  const count = borrow(Int32Array, NB + 1);
  for (let a = 0; a < A; a++) {
    if (deg[a] < 2) continue;
    // No key (NaN) and keys ≤ 0 first, +Infinity last.
    const b = key[a] > 0 ? Math.min(NB - 1, (high[2 * a + HIGH] - lo) >>> shift) : 0;
    bucket[a] = b;
    count[b + 1]++;
  }
  for (let b = 0; b < NB; b++) count[b + 1] += count[b];
  const order = borrow(Int32Array, count[NB], false);
  for (let a = 0; a < A; a++) if (deg[a] >= 2) order[count[bucket[a]]++] = a;
  giveBack(bucket, count);
  const head = borrow(Int32Array, A, false).fill(-1);
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
  // Every word that is read is written first: the buffers need no zeroing.
  const seg = borrow(Int32Array, size, false);
  const cs = new Float64Array(seg.buffer, seg.byteOffset, size >> 1);
  const coef = borrow(Float64Array, withCoef ? size : 0, false);
  const fill = borrow(Int32Array, inc.arcs, false).fill(size - 2);
  // Headers in buffer order (sequential writes); rows then go where fill says.
  for (const a of order) {
    const p = head[a];
    seg[p] = a;
    seg[p + 1] = p + HEAD + deg[a];
    cs[(p >> 1) + 1] = cap[a];
    fill[a] = p + HEAD;
  }
  scatterRows(inc, deg, fill, seg, withCoef ? coef : null);
  giveBack(fill);
  return { seg, cs, coef };
}

/** Queues, for each row crossing arcs that no other row crosses, the least of those caps (value
 * ~row); returns the arc behind it per row. */
function privateCaps(inc: Incidence, cap: Float64Array, deg: Int32Array, queue: LevelQueue): Int32Array {
  const { rowStart, rowArc, rowCoef } = inc;
  const arcOf = borrow(Int32Array, inc.rows, false).fill(-1);
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

/** First keys of the arcs that get a segment (two entries or more): capacity over the
 * coefficient sum (NaN when it is zero: the arc never fills). */
function firstKeys(
  deg: Int32Array,
  weight: Float64Array | null,
  unit: number,
  cap: Float64Array,
): Float64Array {
  // Read only where written (arcs of two entries or more).
  const firstKey = borrow(Float64Array, deg.length, false);
  for (let a = 0; a < deg.length; a++) {
    if (deg[a] < 2) continue;
    const w = weight ? weight[a] : deg[a] * unit;
    firstKey[a] = w > 0 ? cap[a] / w : NaN;
  }
  return firstKey;
}

/** The queue with every arc that can fill (value: its segment's start), sized for the rows'
 * own caps too when some arc is crossed by one row only (`privates`). */
function firstQueue(head: Int32Array, firstKey: Float64Array, deg: Int32Array, rows: number) {
  let privates = false;
  let queued = 0;
  for (let a = 0; a < deg.length; a++) {
    if (deg[a] === 1) privates = true;
    else if (head[a] >= 0 && !Number.isNaN(firstKey[a])) queued++;
  }
  // Queue values: a segment's start for an arc, ~row for a row's own cap.
  const queue = new LevelQueue(queued + (privates ? rows : 0));
  for (let a = 0; a < deg.length; a++)
    if (head[a] >= 0 && !Number.isNaN(firstKey[a])) queue.add(firstKey[a], head[a]);
  return { queue, privates };
}

/** Rows with at least one entry. */
function openRows(rowStart: Int32Array, rows: number): number {
  let open = 0;
  for (let r = 0; r < rows; r++) if (rowStart[r + 1] > rowStart[r]) open++;
  return open;
}

/** Progressive filling with lazy accounting. `sums`: per-arc sums, if known. */
export function lazyFill(
  inc: Incidence,
  cap: Float64Array,
  shouldCancel?: () => boolean,
  { deg, weight, unit } = arcSums(inc),
): MaxMin {
  const { rowStart } = inc;
  const A = inc.arcs;
  const R = inc.rows;
  const uniform = weight === null;
  // The passes before the filling are functions of their own: this one then compiles around its
  // loop alone (see pieces.ts, middleGroups).
  const firstKey = firstKeys(deg, weight, unit, cap);
  const plan = layout(deg, firstKey);
  const { queue, privates } = firstQueue(plan.head, firstKey, deg, R);
  const privateArc = privates ? privateCaps(inc, cap, deg, queue) : new Int32Array(0);

  let built = false;
  let seg: Int32Array = new Int32Array(0);
  let cs: Float64Array = new Float64Array(0);
  let coef: Float64Array = new Float64Array(0);
  const rate = new Float64Array(R).fill(Infinity);
  const frozen = borrow(Int32Array, (R >> 5) + 1);
  const saturated = borrow(Uint8Array, A);
  let open = openRows(rowStart, R);
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
  giveBack(firstKey, plan.head, plan.order, privateArc, frozen, seg, coef);
  queue.release();
  return { rate, saturated, strategy: 'lazy' };
}
