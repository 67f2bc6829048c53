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
  private start: number[] = [0];
  private weight: number[] = [];
  nnz = 0;

  /** `capacity`: the entries expected; when exact, finish() hands the arrays over without a copy. */
  constructor(capacity = 1024) {
    this.arc = new Int32Array(Math.max(1, capacity));
    this.coef = new Float64Array(Math.max(1, capacity));
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

  /** Adds entries arcs[from .. to) with coefficients scale · fracs[i]. */
  addRun(arcs: Int32Array, fracs: Float64Array, from: number, to: number, scale: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    const { arc, coef } = this;
    let n = this.nnz;
    for (let i = from; i < to; i++, n++) {
      arc[n] = arcs[i];
      coef[n] = scale * fracs[i];
    }
    this.nnz = n;
  }

  /** Closes the current row; returns its index. */
  endRow(weight: number): number {
    this.start.push(this.nnz);
    return this.weight.push(weight) - 1;
  }

  /** Drops entries added since the last endRow. */
  discardRow(): void {
    this.nnz = this.start[this.start.length - 1];
  }

  finish(arcs: number): Incidence {
    return {
      rows: this.weight.length,
      arcs,
      rowStart: Int32Array.from(this.start),
      rowArc: this.arc.length === this.nnz ? this.arc : this.arc.slice(0, this.nnz),
      rowCoef: this.coef.length === this.nnz ? this.coef : this.coef.slice(0, this.nnz),
      rowWeight: Float64Array.from(this.weight),
    };
  }
}
