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
  private arc = new Int32Array(1024);
  private coef = new Float64Array(1024);
  private start: number[] = [0];
  private weight: number[] = [];
  nnz = 0;

  add(arc: number, coef: number): void {
    if (this.nnz === this.arc.length) {
      const a = new Int32Array(this.nnz * 2);
      const c = new Float64Array(this.nnz * 2);
      a.set(this.arc);
      c.set(this.coef);
      this.arc = a;
      this.coef = c;
    }
    this.arc[this.nnz] = arc;
    this.coef[this.nnz++] = coef;
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
      rowArc: this.arc.slice(0, this.nnz),
      rowCoef: this.coef.slice(0, this.nnz),
      rowWeight: Float64Array.from(this.weight),
    };
  }
}
