// Binary min-heap of (key, value) pairs in typed arrays, growing by doubling.

export class MinHeap {
  keys: Float64Array;
  vals: Int32Array;
  size = 0;
  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  /** Replaces the contents with these pairs, ordered in O(n). */
  heapify(keys: Float64Array, vals: Int32Array, n: number): void {
    if (this.keys.length < n) {
      this.keys = new Float64Array(n);
      this.vals = new Int32Array(n);
    }
    this.keys.set(keys.subarray(0, n));
    this.vals.set(vals.subarray(0, n));
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i], this.vals[i], n);
  }

  private siftDown(i: number, key: number, val: number, n: number): void {
    const { keys, vals } = this;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      const v = new Int32Array(this.size * 2);
      k.set(this.keys);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    const { keys, vals } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the minimum; read topKey / topVal first. */
  pop(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(0, this.keys[n], this.vals[n], n);
  }

  get topKey(): number {
    return this.keys[0];
  }
  get topVal(): number {
    return this.vals[0];
  }
}
