// Which arcs each routed flow crosses, and how much of it: a CSR matrix of rows (flows or
// commodities) × arcs with coefficients (member count × fraction of the flow on the arc). This
// is what max-min water-filling works on; the fixed routing is in it.

export interface Incidence {
  rows: number;
  arcs: number;
  rowStart: Int32Array;
  rowArc: Int32Array;
  rowCoef: Float64Array;
  /** Members per row: a row's rate is per member. */
  rowWeight: Float64Array;
}

export class IncidenceBuilder {
  private arc: Int32Array;
  private coef: Float64Array;
  /** Row r holds entries [start[r], start[r + 1]); start[rows] is the open row's start. */
  private start: Int32Array;
  private weight: Float64Array;
  private rows = 0;
  nnz = 0;

  /**
   * `capacity`, `rowCapacity`: the entries and rows expected; when exact, finish() hands the
   * arrays over without a copy.
   */
  constructor(capacity = 1024, rowCapacity = 1024) {
    this.arc = new Int32Array(Math.max(1, capacity));
    this.coef = new Float64Array(Math.max(1, capacity));
    this.start = new Int32Array(Math.max(1, rowCapacity) + 1);
    this.weight = new Float64Array(Math.max(1, rowCapacity));
  }

  private reserve(n: number): void {
    if (this.nnz + n <= this.arc.length) return;
    const size = Math.max(this.arc.length * 2, this.nnz + n);
    const a = new Int32Array(size);
    const c = new Float64Array(size);
    a.set(this.arc.subarray(0, this.nnz));
    c.set(this.coef.subarray(0, this.nnz));
    this.arc = a;
    this.coef = c;
  }

  add(arc: number, coef: number): void {
    if (this.nnz === this.arc.length) this.reserve(1);
    this.arc[this.nnz] = arc;
    this.coef[this.nnz++] = coef;
  }

  /**
   * Appends `n` entries to the open row for the caller to fill: entryArcs[o .. o + n) and
   * entryCoefs[o .. o + n), o returned. Read the arrays after the call (it may grow them).
   */
  claim(n: number): number {
    this.reserve(n);
    const o = this.nnz;
    this.nnz += n;
    return o;
  }

  get entryArcs(): Int32Array {
    return this.arc;
  }

  get entryCoefs(): Float64Array {
    return this.coef;
  }

  /** Closes the current row; returns its index. */
  endRow(weight: number): number {
    if (this.rows === this.weight.length) {
      const w = new Float64Array(2 * this.rows);
      w.set(this.weight);
      this.weight = w;
      const s = new Int32Array(2 * this.rows + 1);
      s.set(this.start);
      this.start = s;
    }
    this.weight[this.rows] = weight;
    this.start[++this.rows] = this.nnz;
    return this.rows - 1;
  }

  finish(arcs: number): Incidence {
    const exact = <A extends Int32Array | Float64Array>(x: A, n: number): A =>
      x.length === n ? x : (x.slice(0, n) as A);
    return {
      rows: this.rows,
      arcs,
      rowStart: exact(this.start, this.rows + 1),
      rowArc: exact(this.arc, this.nnz),
      rowCoef: exact(this.coef, this.nnz),
      rowWeight: exact(this.weight, this.rows),
    };
  }
}
