// A hash map from pairs of ints to ints, without an object per entry (routing keys: class pairs,
// node and signature).

/** Map from pairs of ints (a ≥ 0, b) to ints ≥ 0: open addressing over typed arrays. */
export class PairIndex {
  private keyA = new Int32Array(1024).fill(-1);
  private keyB = new Int32Array(1024);
  private value = new Int32Array(1024);
  private size = 0;

  private slot(a: number, b: number): number {
    const mask = this.keyA.length - 1;
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
    h = (h ^ (h >>> 15)) & mask;
    while (this.keyA[h] !== -1 && (this.keyA[h] !== a || this.keyB[h] !== b)) h = (h + 1) & mask;
    return h;
  }

  /** The value of (a, b), -1 when absent. */
  get(a: number, b: number): number {
    const h = this.slot(a, b);
    return this.keyA[h] === -1 ? -1 : this.value[h];
  }

  set(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.keyA.length) this.rehash();
    const h = this.slot(a, b);
    if (this.keyA[h] === -1) this.size++;
    this.keyA[h] = a;
    this.keyB[h] = b;
    this.value[h] = value;
  }

  private rehash(): void {
    const { keyA, keyB, value } = this;
    this.keyA = new Int32Array(2 * keyA.length).fill(-1);
    this.keyB = new Int32Array(2 * keyA.length);
    this.value = new Int32Array(2 * keyA.length);
    this.size = 0;
    for (let h = 0; h < keyA.length; h++) if (keyA[h] !== -1) this.set(keyA[h], keyB[h], value[h]);
  }
}
