// Priority queue for progressive filling: keys never go below the last key taken (an arc's level
// only rises), which lets most entries wait unsorted and keeps the heap that is in use small.

import { borrow, giveBack } from './scratch';

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
export class LevelQueue {
  private hk: Float64Array;
  private hv: Int32Array;
  private n = 0;
  private fk: Float64Array;
  private fv: Int32Array;
  private fn = 0;
  private bound = -Infinity;
  private sample = new Float64Array(1024);

  constructor(capacity: number) {
    this.hk = borrow(Float64Array, capacity + 5, false).fill(Infinity);
    this.hv = borrow(Int32Array, capacity + 5, false);
    this.fk = borrow(Float64Array, capacity, false);
    this.fv = borrow(Int32Array, capacity, false);
  }

  /** Gives its arrays back (scratch.ts): the queue is not used after. */
  release(): void {
    giveBack(this.hk, this.hv, this.fk, this.fv);
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
