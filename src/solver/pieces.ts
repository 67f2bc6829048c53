// Row pieces: what ECMP rows share, and merged arcs for arcs whose constraints are one.
//
// An ECMP row (a commodity through a template, route.ts) is made of pieces: the template's
// middle arcs, its source's ports, its destination's ports (each entry the row's weight w times
// the template's fraction f), and its access arcs. Rows share pieces: every row of a template
// shares its middle; every row leaving node s through the same ports at the same fractions
// shares one port piece (and likewise into d). Two kinds of arcs collapse:
// - An arc that only one port piece uses carries exactly that piece's rows, each at w·f, so its
//   constraint Σ w·f·rate ≤ cap is Σ w·rate ≤ cap / f: all such arcs of a piece are one
//   constraint, at the smallest cap / f.
// - Arcs that only middles use, with proportional columns (the same templates, fractions in the
//   same ratios), are one constraint too (middleGroups): in a Clos, the arcs from a pod's spines
//   up to the core under every route that leaves the pod.
// Each becomes one merged arc; max-min rates do not change (the constraints are the same), and
// rows shrink from hundreds or thousands of ECMP arcs to a handful: a 100k-GPU ring from 4.2M
// entries to 0.43M, an all-to-all over a 4k-GPU SuperPOD from 26M to 0.15M.
// Loads never use merged arcs: each piece spreads its bytes over its own arcs once.

import type { RoutingGraph } from './graph';
import type { Incidence } from './incidence';
import { PairIndex } from './pairIndex';
import { borrow, giveBack } from './scratch';

/** What a piece is cut from: the template entries (route.ts) and where each template's parts start. */
export interface PieceSource {
  /** Templates. */
  n: number;
  /** Entries of template t: middle arcs [part[4t], part[4t+1]), source ports to part[4t+2], destination ports to part[4t+3]. */
  part: Int32Array;
  /** Middle entries: arc id; port entries: port << 1 | which arc of a circuit. */
  code: Int32Array;
  frac: Float64Array;
  layerOf(t: number): number;
}

/** Arcs merged into one constraint each, numbered from `base` in the incidence. */
export interface MergedArcs {
  base: number;
  count: number;
  /** Capacity of merged arc m: min over its arcs of cap / factor. */
  cap: Float64Array;
  /**
   * Physical arcs of merged arc m: arc[first[m] .. end[m]), each with a factor: a row's coefficient
   * on the merged arc times the factor is its coefficient on that arc.
   */
  first: Int32Array;
  end: Int32Array;
  arc: Int32Array;
  frac: Float64Array;
}

/** Visits each arc of incidence row r with its coefficient, merged arcs expanded into the arcs they stand for. */
export function visitRow(
  inc: Incidence,
  merged: MergedArcs | null,
  r: number,
  visit: (arc: number, coef: number) => void,
): void {
  for (let k = inc.rowStart[r]; k < inc.rowStart[r + 1]; k++) {
    const a = inc.rowArc[k];
    if (!merged || a < merged.base) visit(a, inc.rowCoef[k]);
    else
      for (let q = merged.first[a - merged.base]; q < merged.end[a - merged.base]; q++)
        visit(merged.arc[q], inc.rowCoef[k] * merged.frac[q]);
  }
}

export const SIDE_SRC = 1;
export const SIDE_DST = 2;

export class RowPieces {
  private templateUsed: Uint8Array;
  /** Signature of each template's port part (index t · 3 + side), -1 until asked. */
  private signature: Int32Array;
  private signatureByHash = new Map<number, number[]>();
  private signatureCount = 0;
  /**
   * Port piece of (node, side): nearly every node leaves (or is entered) through one port
   * signature per side, kept in `firstSig`/`firstPiece` at 2·node + side − 1; the rest in `more`.
   */
  private firstSig: Int32Array;
  private firstPiece: Int32Array;
  private more = new PairIndex();
  /** Per port piece (piece − n): node, template it was cut from, side. */
  private portCount = 0;
  private portNode = new Int32Array(1024);
  private portTemplate = new Int32Array(1024);
  private portSide = new Uint8Array(1024);
  /** 0 unused, 1 one piece, 2 more (or an entry outside any piece). */
  private use: Uint8Array | null;

  /** Entries of piece p (middle of template p, then port piece p − n): rows read these. */
  rowStart = new Int32Array(1);
  rowArc = new Int32Array(0);
  rowFrac = new Float64Array(0);
  /** Physical arcs of piece p: loads spread over these. */
  physStart = new Int32Array(1);
  physArc = new Int32Array(0);
  physFrac = new Float64Array(0);
  merged: MergedArcs;
  /** Whether the merged arcs point into physArc / physFrac (then those stay when released). */
  private physInMerged = false;

  /** `arcs`: arcs of the incidence before merged ones; `merge`: whether to merge at all (rows are built). */
  constructor(
    private g: RoutingGraph,
    private src: PieceSource,
    private arcs: number,
    merge: boolean,
  ) {
    this.templateUsed = new Uint8Array(src.n);
    this.signature = new Int32Array(3 * src.n).fill(-1);
    this.firstSig = new Int32Array(2 * g.nodeCount).fill(-1);
    this.firstPiece = new Int32Array(2 * g.nodeCount);
    this.use = merge ? new Uint8Array(arcs) : null;
    this.merged = {
      base: arcs,
      count: 0,
      cap: new Float64Array(0),
      first: new Int32Array(0),
      end: new Int32Array(0),
      arc: new Int32Array(0),
      frac: new Float64Array(0),
    };
  }

  get templates(): number {
    return this.src.n;
  }

  /** Marks an arc that rows use outside any piece (access, direct links): never merged. */
  share(arc: number): void {
    if (this.use) this.use[arc] = 2;
  }

  /** A row runs through template t: its middle is a piece. */
  useTemplate(t: number): void {
    this.templateUsed[t] = 1;
  }

  /** The port piece of node `node` on `side` of template t (piece id). */
  port(side: typeof SIDE_SRC | typeof SIDE_DST, node: number, t: number): number {
    const sig = this.signatureOf(t, side);
    const slot = 2 * node + side - 1;
    if (this.firstSig[slot] === sig) return this.firstPiece[slot];
    let k = this.firstSig[slot] < 0 ? -1 : this.more.get(node, sig);
    if (k < 0) {
      k = this.src.n + this.portCount;
      if (this.firstSig[slot] < 0) {
        this.firstSig[slot] = sig;
        this.firstPiece[slot] = k;
      } else this.more.set(node, sig, k);
      if (this.portCount === this.portNode.length) this.growPorts();
      this.portNode[this.portCount] = node;
      this.portTemplate[this.portCount] = t;
      this.portSide[this.portCount++] = side;
    }
    return k;
  }

  private growPorts(): void {
    const grow = <A extends Int32Array | Uint8Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(2 * a.length);
      b.set(a);
      return b;
    };
    this.portNode = grow(this.portNode);
    this.portTemplate = grow(this.portTemplate);
    this.portSide = grow(this.portSide);
  }

  /** Entries of piece p in rows. */
  rowSize(p: number): number {
    return this.rowStart[p + 1] - this.rowStart[p];
  }

  /**
   * Resolves every piece's arcs and, when merging, merges: each port piece's exclusive arcs,
   * and middle arcs with proportional columns (middleGroups). Call after every port() and share().
   */
  finish(): void {
    // One loop nest per method: each compiles on its own (see middleGroups).
    const physStart = (this.physStart = this.physicalStarts());
    const T = this.src.n;
    const P = T + this.portCount;
    const middles = physStart[T];
    // Room after the pieces' arcs for the members of middle groups (at most every middle entry).
    // Only written entries are read: no zeroing (the merged arcs keep these two; scratch.ts).
    const physArc = (this.physArc = borrow(Int32Array, physStart[P] + (this.use ? middles : 0), false));
    const physFrac = (this.physFrac = borrow(Float64Array, physArc.length, false));
    this.copyTemplateArcs(physArc, physFrac);
    this.copyPortArcs(physArc, physFrac);
    const use = this.use;
    if (!use) {
      this.rowStart = physStart;
      this.rowArc = physArc;
      this.rowFrac = physFrac;
      return;
    }
    // use: port pieces per arc (2: two or more, or an entry outside any piece).
    for (let q = middles; q < physStart[P]; q++) {
      const x = physArc[q];
      if (use[x] < 2) use[x]++;
    }
    this.mergedRows(use, this.middleGroups(use, physStart[P]));
  }

  /** Where each piece's physical arcs start: a used template's middle, then every port piece. */
  private physicalStarts() {
    const { src } = this;
    const T = src.n;
    const P = T + this.portCount;
    const physStart = new Int32Array(P + 1);
    for (let t = 0; t < T; t++)
      physStart[t + 1] = this.templateUsed[t] ? src.part[4 * t + 1] - src.part[4 * t] : 0;
    for (let k = 0; k < this.portCount; k++) {
      const t = this.portTemplate[k];
      const side = this.portSide[k];
      physStart[T + k + 1] = src.part[4 * t + side + 1] - src.part[4 * t + side];
    }
    for (let p = 0; p < P; p++) physStart[p + 1] += physStart[p];
    return physStart;
  }

  /** Middles: the template's own arcs. */
  private copyTemplateArcs(physArc: Int32Array, physFrac: Float64Array): void {
    const { src, physStart } = this;
    for (let t = 0; t < src.n; t++) {
      if (!this.templateUsed[t]) continue;
      let o = physStart[t];
      for (let e = src.part[4 * t]; e < src.part[4 * t + 1]; e++, o++) {
        physArc[o] = src.code[e];
        physFrac[o] = src.frac[e];
      }
    }
  }

  /** Port pieces: the template's port codes resolved at the piece's node. */
  private copyPortArcs(physArc: Int32Array, physFrac: Float64Array): void {
    const { src, g, physStart } = this;
    const T = src.n;
    for (let k = 0; k < this.portCount; k++) {
      let o = physStart[T + k];
      const t = this.portTemplate[k];
      const side = this.portSide[k];
      const L = g.layers[src.layerOf(t)];
      const base = L.start[this.portNode[k]];
      for (let e = src.part[4 * t + side]; e < src.part[4 * t + side + 1]; e++, o++) {
        const c = src.code[e];
        const x = c & 1 ? L.arc2[base + (c >> 1)] : L.arc1[base + (c >> 1)];
        physArc[o] = side === SIDE_SRC ? x : x ^ 1;
        physFrac[o] = src.frac[e];
      }
    }
  }

  /**
   * Rows: a middle's grouped arcs as one entry per group, a port piece's exclusive arcs (used by
   * no other piece, no middle) as one. Exclusive port arcs move to the front of the piece's
   * arcs, where the merged arc points. Row arrays are sized for no merging at all (pages
   * never written cost nothing).
   */
  private mergedRows(use: Uint8Array, groups: ReturnType<RowPieces['middleGroups']>): void {
    const P = this.src.n + this.portCount;
    this.rowStart = borrow(Int32Array, P + 1);
    this.rowArc = borrow(Int32Array, this.physStart[P], false);
    this.rowFrac = borrow(Float64Array, this.physStart[P], false);
    const first = new Int32Array(groups.count + this.portCount);
    const end = new Int32Array(first.length);
    const cap = new Float64Array(first.length);
    first.set(groups.first);
    end.set(groups.end);
    cap.set(groups.cap);
    this.templateRows(groups);
    const count = this.portRows(use, groups.slot, groups.count, first, end, cap);
    this.merged = {
      base: this.arcs,
      count,
      cap: cap.subarray(0, count),
      first: first.subarray(0, count),
      end: end.subarray(0, count),
      arc: this.physArc,
      frac: this.physFrac,
    };
    this.physInMerged = true;
    giveBack(groups.slot);
  }

  /** A template's row: its middle arcs, those of a group as the group's one entry. */
  private templateRows(groups: ReturnType<RowPieces['middleGroups']>): void {
    const { physStart, physArc, physFrac, rowStart, rowArc, rowFrac } = this;
    const { slot, mergedOf, stamp, cursor, ratio } = groups;
    for (let p = 0; p < this.src.n; p++) {
      let o = rowStart[p];
      for (let q = physStart[p]; q < physStart[p + 1]; q++) {
        const x = physArc[q];
        const k = mergedOf[slot[x] - 1];
        if (k < 0) {
          rowArc[o] = x;
          rowFrac[o++] = physFrac[q];
        } else if (stamp[k] !== p) {
          // The group's entry for this template: its share relative to the group's first template.
          stamp[k] = p;
          rowArc[o] = this.arcs + k;
          rowFrac[o++] = ratio[cursor[k]++];
        }
      }
      rowStart[p + 1] = o;
    }
  }

  /**
   * A port piece's row: its arcs, those used by no other piece (and in no middle) merged into
   * one entry when there are two or more. Returns the merged arcs' count, groups included.
   */
  private portRows(
    use: Uint8Array,
    slot: Int32Array,
    groups: number,
    first: Int32Array,
    end: Int32Array,
    cap: Float64Array,
  ): number {
    const { g, physStart, physArc, physFrac, rowStart, rowArc, rowFrac } = this;
    const T = this.src.n;
    let count = groups;
    for (let p = T; p < T + this.portCount; p++) {
      const from = physStart[p];
      const to = physStart[p + 1];
      let o = rowStart[p];
      let n = 0;
      for (let q = from; q < to; q++) if (use[physArc[q]] === 1 && slot[physArc[q]] === 0) n++;
      if (n < 2) {
        for (let q = from; q < to; q++, o++) {
          rowArc[o] = physArc[q];
          rowFrac[o] = physFrac[q];
        }
        rowStart[p + 1] = o;
        continue;
      }
      let tightest = Infinity;
      for (let q = from, front = from; q < to; q++) {
        const x = physArc[q];
        const f = physFrac[q];
        if (use[x] !== 1 || slot[x] !== 0) {
          rowArc[o] = x;
          rowFrac[o++] = f;
          continue;
        }
        tightest = Math.min(tightest, g.arcCap[x] / f);
        physArc[q] = physArc[front];
        physFrac[q] = physFrac[front];
        physArc[front] = x;
        physFrac[front++] = f;
      }
      first[count] = from;
      end[count] = from + n;
      cap[count] = tightest;
      rowArc[o] = this.arcs + count++;
      rowFrac[o++] = 1;
      rowStart[p + 1] = o;
    }
    return count;
  }

  /**
   * Groups of middle arcs that only middles use (no port piece, no other entry) and whose
   * columns are proportional: arc x carries f_t(x) of every row of template t, and x, y group
   * when the templates through them are the same and f_t(x) / f_t0(x) = f_t(y) / f_t0(y) for all
   * of them (t0 the first). With L_t the weighted rates of t's rows, x's constraint
   * Σ_t f_t(x)·L_t ≤ cap_x reads Σ_t ratio_t·L_t ≤ cap_x / f_t0(x): one constraint for the
   * group at the smallest cap_x / f_t0(x), entered by template t at ratio_t. Under ECMP in a
   * Clos, the arcs from a pod's spines to the core form one group per source pod (every route
   * leaving the pod spreads equally over them), those into a pod one per destination pod.
   * Members are written from `at` in physArc / physFrac, with f_t0(x) as their factor.
   */
  private middleGroups(use: Uint8Array, at: number) {
    const { src, g, physStart, physArc, physFrac } = this;
    // One loop per helper: each is compiled (and on-stack replaced) on its own, with its own
    // type feedback, instead of one large function recompiled loop after loop on every solve.
    const { slot, arcOf, colStart, n } = numberMiddleArcs(physArc, physStart[src.n], this.arcs);
    const { colTemplate, ratio } = fillColumns(physStart, physArc, physFrac, src.n, slot, colStart, n);
    const factor = normaliseColumns(colStart, ratio, n);
    const { candidate, repOf, size, candidates } = groupColumns(use, arcOf, colStart, colTemplate, ratio, n);
    // Candidates of two arcs or more become merged arcs 0, 1, …; members written from `at`.
    const mergedOfCandidate = new Int32Array(candidates).fill(-1);
    let count = 0;
    for (let c = 0; c < candidates; c++) if (size[c] >= 2) mergedOfCandidate[c] = count++;
    const first = new Int32Array(count + 1);
    for (let c = 0; c < candidates; c++) if (size[c] >= 2) first[mergedOfCandidate[c] + 1] = size[c];
    first[0] = at;
    for (let m = 0; m < count; m++) first[m + 1] += first[m];
    const end = first.slice(0, count);
    const cap = new Float64Array(count).fill(Infinity);
    const cursor = new Int32Array(count);
    const mergedOf = new Int32Array(n).fill(-1);
    const columns = { candidate, repOf, colStart, arcOf, factor };
    writeMembers(columns, mergedOfCandidate, g.arcCap, physArc, physFrac, { end, cap, cursor, mergedOf });
    return {
      count,
      first: first.subarray(0, count),
      end,
      cap,
      /** Per arc: 1 + its number among arcs in middles, 0 for the others. */
      slot,
      /** Per numbered arc: its merged arc, -1 when it stays as it is. */
      mergedOf,
      /** Per merged arc, the template that last took its entry (templates come in order). */
      stamp: new Int32Array(count).fill(-1),
      /** Per merged arc, its next entry in `ratio` (the representative's column, in template order). */
      cursor,
      ratio,
    };
  }

  /** Gives back (scratch.ts) what rows and loads used, once both are done: the merged arcs,
   * which point into the physical arcs when merging, stay. */
  release(): void {
    const kept = this.physInMerged ? [] : [this.physArc, this.physFrac];
    giveBack(this.rowStart, this.rowArc, this.rowFrac, this.physStart, ...kept);
    // Whatever reads the pieces after this finds them empty, not another solve's numbers.
    this.rowStart = this.physStart = new Int32Array(1);
    this.rowArc = new Int32Array(0);
    this.rowFrac = new Float64Array(0);
    if (!this.physInMerged) {
      this.physArc = new Int32Array(0);
      this.physFrac = new Float64Array(0);
    }
  }

  /** Adds `amount` (bytes through piece p) over its physical arcs. */
  spread(bytes: Float64Array, p: number, amount: number): void {
    for (let q = this.physStart[p]; q < this.physStart[p + 1]; q++)
      bytes[this.physArc[q]] += amount * this.physFrac[q];
  }

  /** Id of template t's port part on `side`: equal ids for equal (layer, ports, fractions). */
  private signatureOf(t: number, side: number): number {
    const slot = 3 * t + side;
    if (this.signature[slot] >= 0) return this.signature[slot];
    const { part, code, frac } = this.src;
    const from = part[4 * t + side];
    const to = part[4 * t + side + 1];
    sortByCode(code, frac, from, to);
    const layer = this.src.layerOf(t);
    let h = Math.imul(layer + 1, 0x9e3779b1) ^ side;
    for (let e = from; e < to; e++) {
      h = Math.imul(h ^ code[e], 0x85ebca77);
      h = Math.imul(h ^ Math.round(frac[e] * 0x40000000), 0xc2b2ae35);
    }
    // Candidates with the same hash, as slots 3·u + side (sides never share an id).
    const same = this.signatureByHash.get(h) ?? [];
    for (const other of same) {
      const u = Math.floor(other / 3);
      const uf = part[4 * u + side];
      const ut = part[4 * u + side + 1];
      if (other % 3 !== side || this.src.layerOf(u) !== layer || ut - uf !== to - from) continue;
      let equal = true;
      for (let e = 0; e < to - from && equal; e++)
        equal = code[uf + e] === code[from + e] && frac[uf + e] === frac[from + e];
      if (equal) return (this.signature[slot] = this.signature[other]);
    }
    same.push(slot);
    this.signatureByHash.set(h, same);
    return (this.signature[slot] = this.signatureCount++);
  }
}

/** Arcs in middles (entries [0, middles) of physArc), numbered in order of appearance:
 * slot[x] = number + 1 (0: in no middle); colStart counts each numbered arc's entries. */
function numberMiddleArcs(physArc: Int32Array, middles: number, arcs: number) {
  const slot = borrow(Int32Array, arcs);
  const arcOf = new Int32Array(middles);
  const colStart = new Int32Array(middles + 1);
  let n = 0;
  for (let q = 0; q < middles; q++) {
    const x = physArc[q];
    if (slot[x] === 0) {
      arcOf[n] = x;
      slot[x] = ++n;
    }
    colStart[slot[x]]++;
  }
  for (let i = 0; i < n; i++) colStart[i + 1] += colStart[i];
  return { slot, arcOf, colStart, n };
}

/** Columns: per numbered arc, (template, fraction) in template order (templates visited in order). */
function fillColumns(
  physStart: Int32Array,
  physArc: Int32Array,
  physFrac: Float64Array,
  T: number,
  slot: Int32Array,
  colStart: Int32Array,
  n: number,
) {
  const middles = physStart[T];
  const colTemplate = new Int32Array(middles);
  const ratio = new Float64Array(middles);
  const fill = colStart.slice(0, n);
  for (let t = 0; t < T; t++)
    for (let q = physStart[t]; q < physStart[t + 1]; q++) {
      const k = fill[slot[physArc[q]] - 1]++;
      colTemplate[k] = t;
      ratio[k] = physFrac[q];
    }
  return { colTemplate, ratio };
}

/** Each column over its first fraction, which is returned as the arc's factor. */
function normaliseColumns(colStart: Int32Array, ratio: Float64Array, n: number): Float64Array {
  const factor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    factor[i] = ratio[colStart[i]];
    for (let k = colStart[i]; k < colStart[i + 1]; k++) ratio[k] /= factor[i];
  }
  return factor;
}

/**
 * Equal normalised columns of arcs only middles use: one candidate group (hash, then compared
 * exactly). Chains of candidates with one hash: head in `byHash`, then `nextSameHash`.
 */
function groupColumns(
  use: Uint8Array,
  arcOf: Int32Array,
  colStart: Int32Array,
  colTemplate: Int32Array,
  ratio: Float64Array,
  n: number,
) {
  const candidate = new Int32Array(n).fill(-1);
  const repOf = new Int32Array(n);
  const size = new Int32Array(n);
  const nextSameHash = new Int32Array(n);
  const byHash = new Map<number, number>();
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    if (use[arcOf[i]] !== 0) continue;
    // Arcs come in template order: most share the previous arc's column.
    const last = i > 0 ? candidate[i - 1] : -1;
    if (last >= 0 && sameColumn(colStart, colTemplate, ratio, repOf[last], i)) {
      candidate[i] = last;
      size[last]++;
      continue;
    }
    let h = 0x811c9dc5;
    for (let k = colStart[i]; k < colStart[i + 1]; k++) {
      h = Math.imul(h ^ colTemplate[k], 0x01000193);
      h = Math.imul(h ^ Math.round(ratio[k] * 0x40000000), 0x01000193);
    }
    let c = byHash.get(h) ?? -1;
    for (; c >= 0; c = nextSameHash[c]) if (sameColumn(colStart, colTemplate, ratio, repOf[c], i)) break;
    if (c < 0) {
      c = candidates++;
      repOf[c] = i;
      nextSameHash[c] = byHash.get(h) ?? -1;
      byHash.set(h, c);
    }
    candidate[i] = c;
    size[c]++;
  }
  return { candidate, repOf, size, candidates };
}

/** Members of each merged arc written from its `end` on (advanced), its cap, its cursor (the
 * representative's column) and, per numbered arc, its merged arc. */
function writeMembers(
  columns: {
    candidate: Int32Array;
    repOf: Int32Array;
    colStart: Int32Array;
    arcOf: Int32Array;
    factor: Float64Array;
  },
  mergedOfCandidate: Int32Array,
  arcCap: Float64Array,
  physArc: Int32Array,
  physFrac: Float64Array,
  out: { end: Int32Array; cap: Float64Array; cursor: Int32Array; mergedOf: Int32Array },
): void {
  const { candidate, repOf, colStart, arcOf, factor } = columns;
  const { end, cap, cursor, mergedOf } = out;
  for (let i = 0; i < candidate.length; i++) {
    const m = candidate[i] < 0 ? -1 : mergedOfCandidate[candidate[i]];
    if (m < 0) continue;
    mergedOf[i] = m;
    const x = arcOf[i];
    physArc[end[m]] = x;
    physFrac[end[m]++] = factor[i];
    cap[m] = Math.min(cap[m], arcCap[x] / factor[i]);
    if (repOf[candidate[i]] === i) cursor[m] = colStart[i];
  }
}

/** Whether the normalised columns of numbered arcs i and j are equal. */
function sameColumn(
  colStart: Int32Array,
  colTemplate: Int32Array,
  ratio: Float64Array,
  i: number,
  j: number,
): boolean {
  const n = colStart[i + 1] - colStart[i];
  if (colStart[j + 1] - colStart[j] !== n) return false;
  for (let d = 0; d < n; d++)
    if (
      colTemplate[colStart[i] + d] !== colTemplate[colStart[j] + d] ||
      ratio[colStart[i] + d] !== ratio[colStart[j] + d]
    )
      return false;
  return true;
}

/**
 * Sorts entries [from, to) by code (insertion sort: a node's ports, dozens), `also` (values kept
 * beside the entries) along. Templates come with their ports sorted already (route.ts: its hop
 * matrices index ports by position, so nothing may reorder them later).
 */
export function sortByCode(
  code: Int32Array,
  frac: Float64Array,
  from: number,
  to: number,
  also?: Float64Array,
): void {
  for (let i = from + 1; i < to; i++) {
    const c = code[i];
    const f = frac[i];
    const x = also ? also[i] : 0;
    let k = i - 1;
    while (k >= from && code[k] > c) {
      code[k + 1] = code[k];
      frac[k + 1] = frac[k];
      if (also) also[k + 1] = also[k];
      k--;
    }
    code[k + 1] = c;
    frac[k + 1] = f;
    if (also) also[k + 1] = x;
  }
}
