// Fixed routing of commodities over shortest-path DAGs.
// - ecmp: demand splits equally over the next hops at every node (what switches do). Routes are
//   computed once per pair of twin classes (twins.ts: all leaves of a pod, all GPUs of a
//   scale-up domain) and mapped onto each member pair: exact, and it is what makes a 100k-GPU
//   fabric cheap (a handful of routes instead of one BFS per leaf). Each route is read off the
//   two adjacency lists when two hops long, else found by balls grown from both ends until
//   they meet (dag.ts): no route sweeps the whole fabric.
// - ecmp-hash: one path per flow, a seeded hash picking the next hop at every node.
// - shortest: one deterministic path (always the first next hop).
//   Both hashed modes run one BFS per distinct destination endpoint.
// The latency term is the worst path latency over every member pair, access cables included:
// twins share all hops of their routes but the first and the last, so a template also keeps
// what follows each first hop (afterNs) to bound its members, and the worst are read exactly
// off the route between its first and last hops (memberNs).
// Produces bytes per arc and, when asked, the incidence (fraction of each row on each arc) that
// max-min filling needs; under ecmp, arcs that only one piece of rows uses are merged into one
// incidence arc (pieces.ts). Demand whose endpoints are not connected is counted as unrouted.

import type { Scenario } from '../model/scenario';
import type { Commodities, VirtualArcs } from '../traffic/aggregate';
import { hash4 } from '../traffic/rng';
import { Dag, EntryList, PairPaths, type HopMatrix } from './dag';
import type { Layer, RoutingGraph } from './graph';
import { IncidenceBuilder, type Incidence } from './incidence';
import { PairIndex } from './pairIndex';
import { RowPieces, SIDE_DST, SIDE_SRC, sortByCode, type MergedArcs } from './pieces';
import { borrow, giveBack } from './scratch';
import { twinClasses, type Twins } from './twins';

export type Routing = Scenario['traffic']['routing'];

/** One routed row: a commodity or, in hashed routing of an aggregate, part of one. */
export interface RoutedRows {
  incidence: Incidence | null;
  /** Commodity of each row (list commodities first, then matrix entries a·K + b offset by count). */
  rowCommodity: Int32Array;
}

export interface Routed extends RoutedRows {
  /** Arcs merged into one constraint in the incidence (pieces.ts), null without an incidence. */
  merged: MergedArcs | null;
  /** Bytes per arc (physical arcs, then virtual ones). */
  bytes: Float64Array;
  unroutedFlows: number;
  unroutedBytes: number;
  /** Worst path latency over routed commodities, ns (access hops included). */
  latencyNs: number;
}

export interface RouteOptions {
  routing: Routing;
  seed: number;
  /** Build the incidence for max-min (fails over to null past `maxNnz` entries). */
  incidence: boolean;
  maxNnz: number;
  /** Hashed sub-flows per aggregated commodity at most (ecmp-hash on all-to-all). */
  maxSubflows: number;
  /** ECMP: merge the arcs only one row piece uses into one incidence arc (default; exact, pieces.ts). */
  merge?: boolean;
  /** Route once per pair of twin classes (default); false routes every endpoint pair on its own. */
  twins?: boolean;
  /** Called after each destination: the work done so far and in all, in the routing's own unit. */
  onDestination?: (done: number, total: number) => void;
}

/** A routing job: a commodity to carry from src to dst with bytes, weight and access arcs. */
interface Job {
  n: number;
  layer: Uint8Array;
  src: Int32Array;
  dst: Int32Array;
  up: Int32Array;
  down: Int32Array;
  weight: Float64Array;
  bytes: Float64Array;
  /** Hash key per job (two ints). */
  keyA: Int32Array;
  keyB: Int32Array;
}

/** Commodities (list part and, unless `withMatrix` is false, every non-zero matrix entry) as routing jobs. */
function jobs(c: Commodities, withMatrix: boolean): Job {
  const m = withMatrix ? c.matrix : null;
  let n = c.count;
  if (m) for (let i = 0; i < m.weight.length; i++) if (m.weight[i] > 0) n++;
  if (n === c.count) {
    // The list alone: its columns as they are (jobs are only read).
    const { layer, src, dst, up, down, weight, bytes } = c;
    return { n, layer, src, dst, up, down, weight, bytes, keyA: c.srcGpu, keyB: c.dstGpu };
  }
  const j: Job = {
    n,
    layer: new Uint8Array(n),
    src: new Int32Array(n),
    dst: new Int32Array(n),
    up: new Int32Array(n),
    down: new Int32Array(n),
    weight: new Float64Array(n),
    bytes: new Float64Array(n),
    keyA: new Int32Array(n),
    keyB: new Int32Array(n),
  };
  const count = c.count;
  j.layer.set(c.layer.subarray(0, count));
  j.src.set(c.src.subarray(0, count));
  j.dst.set(c.dst.subarray(0, count));
  j.up.set(c.up.subarray(0, count));
  j.down.set(c.down.subarray(0, count));
  j.weight.set(c.weight.subarray(0, count));
  j.bytes.set(c.bytes.subarray(0, count));
  j.keyA.set(c.srcGpu.subarray(0, count));
  j.keyB.set(c.dstGpu.subarray(0, count));
  let k = count;
  if (m)
    for (let a = 0; a < m.K; a++)
      for (let b = 0; b < m.K; b++) {
        const w = m.weight[a * m.K + b];
        if (!(w > 0)) continue;
        j.src[k] = m.node[a];
        j.dst[k] = m.node[b];
        j.up[k] = m.up[a];
        j.down[k] = m.down[b];
        j.weight[k] = w;
        j.bytes[k] = w * m.bytesPerMember;
        j.keyA[k] = m.gpu[a];
        j.keyB[k] = m.gpu[b];
        k++;
      }
  return j;
}

/** Jobs grouped by (layer, destination): CSR over layer · nodeCount + dst. */
function byDestination(j: Job, nodeCount: number) {
  const keys = 2 * nodeCount;
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < j.n; i++) start[j.layer[i] * nodeCount + j.dst[i] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keys);
  const order = new Int32Array(j.n);
  const srcs = new Int32Array(j.n);
  for (let i = 0; i < j.n; i++) {
    const p = fill[j.layer[i] * nodeCount + j.dst[i]]++;
    order[p] = i;
    srcs[p] = j.src[i];
  }
  return { start, order, srcs };
}

const T_UNREACHABLE = 0;
const T_ROUTE = 1;
/** Source and destination classes are adjacent: each member pair routes over its direct links. */
const T_DIRECT = 2;

/**
 * Latency at a commodity's ends: its GPUs' access links and the leaves they hang below. A leaf
 * pair folded from an all-to-all (virtual access arcs) takes its worst pair of GPUs that talk
 * over the fabric (VirtualArcs: not one GPU, not one scale-up domain, one group); its bounds
 * (srcNs, dstNs) take each leaf's longest GPU link, and so does a leaf paired with a GPU that is
 * its own endpoint (several links: custom fabrics), an upper bound by the spread of the leaf's links.
 */
class Endpoints {
  /** Longest link behind each virtual access arc (a leaf's GPUs folded into one arc), ns. */
  private virtualNs: Float64Array;
  private virtualBase: number;
  /** Per virtual arc, its members (indices into v.arcs) by decreasing link latency. */
  private byLatency: Int32Array;
  private memberNs: Float64Array;

  constructor(
    private g: RoutingGraph,
    private v: VirtualArcs,
  ) {
    this.virtualBase = v.base;
    this.virtualNs = new Float64Array(v.count);
    this.memberNs = Float64Array.from(v.arcs, (arc) => g.linkNs[arc >> 1]);
    this.byLatency = new Int32Array(v.arcs.length);
    for (let i = 0; i < v.count; i++) {
      const members = Array.from({ length: v.start[i + 1] - v.start[i] }, (_, k) => v.start[i] + k);
      members.sort((x, y) => this.memberNs[y] - this.memberNs[x]);
      this.byLatency.set(members, v.start[i]);
      if (members.length) this.virtualNs[i] = this.memberNs[members[0]];
    }
  }

  private cable(arc: number): number {
    return arc < this.virtualBase ? this.g.linkNs[arc >> 1] : this.virtualNs[arc - this.virtualBase];
  }

  /** Leaving source s through access arc up (-1: s is the GPU itself), ns; for a folded leaf, a bound. */
  srcNs(s: number, up: number): number {
    return up >= 0 ? this.g.nodeLatNs[s] + this.cable(up) : 0;
  }

  /** Entering destination d through access arc down, ns; for a folded leaf, a bound. */
  dstNs(d: number, down: number): number {
    return down >= 0 ? this.g.nodeLatNs[d] + this.cable(down) : 0;
  }

  /** s → d with access arcs up, down: GPUs below one leaf (s = d) switch there once. */
  ns(s: number, d: number, up: number, down: number): number {
    const lat = this.g.nodeLatNs;
    if (up >= this.virtualBase && down >= this.virtualBase)
      return (
        (s !== d ? lat[s] + lat[d] : lat[s]) + this.foldedNs(up - this.virtualBase, down - this.virtualBase)
      );
    if (s !== d) return this.srcNs(s, up) + this.dstNs(d, down);
    return this.srcNs(s, up) + (down >= 0 ? this.cable(down) : 0);
  }

  /** Worst up link + down link over the GPU pairs of two folded leaves that talk over the fabric. */
  private foldedNs(u: number, w: number): number {
    const { v, byLatency, memberNs } = this;
    let worst = -Infinity;
    const topW = v.start[w] < v.start[w + 1] ? memberNs[byLatency[v.start[w]]] : -Infinity;
    for (let x = v.start[u]; x < v.start[u + 1]; x++) {
      const i = byLatency[x];
      if (memberNs[i] + topW <= worst) break;
      for (let y = v.start[w]; y < v.start[w + 1]; y++) {
        const k = byLatency[y];
        if (memberNs[i] + memberNs[k] <= worst) break;
        const talk =
          v.gpu[i] !== v.gpu[k] &&
          v.group[i] === v.group[k] &&
          !(v.domain[i] >= 0 && v.domain[i] === v.domain[k]);
        if (talk) {
          worst = memberNs[i] + memberNs[k];
          break;
        }
      }
    }
    // No such pair: the leaves carry nothing between them (their weight is 0); a bound then.
    return worst === -Infinity ? this.virtualNs[u] + this.virtualNs[w] : worst;
  }
}

/**
 * The worst latency over routed items: exact ones as they come, templated ones by an upper
 * bound (their source's and destination's Templates.portNs), then exactly (Templates.memberNs),
 * best bound first, until no bound is above the worst found. With placed cables that takes a
 * handful of pairs on a Clos (colossus-100k: 6 to 8) and up to a few thousand on a SuperPOD
 * all-to-all, each a few microseconds.
 */
class WorstLatency {
  private top = -1;
  private topBound = -Infinity;
  private secondBound = -Infinity;

  constructor(public known: number) {}

  exact(ns: number): void {
    if (ns > this.known) this.known = ns;
  }

  bound(i: number, ns: number): void {
    if (ns > this.topBound) {
      this.secondBound = this.topBound;
      this.topBound = ns;
      this.top = i;
    } else if (ns > this.secondBound) this.secondBound = ns;
  }

  /**
   * The worst latency: the best-bound item's exact latency, then, if another bound is above it,
   * those `collect` hands over (every item whose bound is above `floor`), best bound first,
   * until no bound is above the worst found.
   */
  resolve(
    exactOf: (i: number) => number,
    collect: (floor: number, add: (i: number, bound: number) => void) => void,
  ): number {
    if (this.top < 0 || this.topBound <= this.known) return this.known;
    let worst = Math.max(this.known, exactOf(this.top));
    if (this.secondBound <= worst) return worst;
    const ids: number[] = [];
    const bounds: number[] = [];
    const top = this.top;
    collect(worst, (i, bound) => {
      if (i === top) return;
      ids.push(i);
      bounds.push(bound);
    });
    const order = ids.map((_, k) => k).sort((x, y) => bounds[y] - bounds[x]);
    for (const k of order) {
      if (bounds[k] <= worst) break;
      worst = Math.max(worst, exactOf(ids[k]));
    }
    return worst;
  }
}

/**
 * ECMP routes between twin classes. A template holds the route from representative s0 to d0 as
 * entries (code, fraction): middle arcs by id, then s0's out-ports and d0's in-ports by port
 * number (port << 1 | which arc of a circuit), instantiated for any member pair s, d by
 * reading the same ports on s and d. Templates are routed grouped by d0 (PairPaths: searches
 * toward one d0 share its ball).
 */
class Templates {
  n = 0;
  private ids = new PairIndex();
  s0: number[] = [];
  /** Group (destination representative and layer) of each template. */
  group: number[] = [];
  groupD0: number[] = [];
  groupLayer: number[] = [];
  kind = new Uint8Array(0);
  /** Worst path latency s0 → d0 (ns); members differ at their first and last hops (memberNs). */
  latNs = new Float64Array(0);
  /**
   * Per source port entry e of template t, at afterNs[e − part[4t+1] + afterStart[t]]: the worst
   * latency of the paths after that first hop, less their last edge (PairPaths.afterNs).
   */
  private afterNs = new Float64Array(0);
  private afterStart = new Int32Array(0);
  private paths: PairPaths | null = null;
  private hopMatrices = new Map<number, HopMatrix & { portHop: Int32Array }>();
  /** memberNs: per template and source, the worst latency up to each last hop. */
  private fromSource = new Map<number, Float64Array>();
  /** Arcs between s0 and d0 of a direct template (its member pairs have as many links). */
  directArcs = new Int32Array(0);
  /** Entries of template t: middle arcs [part[4t], part[4t+1]), source ports up to part[4t+2], destination ports up to part[4t+3]. */
  part = new Int32Array(0);
  code = new Int32Array(0);
  frac = new Float64Array(0);
  /** Bytes routed through each template (their middles are loaded once, at the end). */
  bytes = new Float64Array(0);
  /** Group of each destination class (key: layer, class). */
  private destGroup = new PairIndex();

  constructor(
    private g: RoutingGraph,
    readonly twins: [Twins, Twins],
  ) {}

  /** Template of every job: -2 when source and destination coincide, -1 when either has no link in its layer. */
  assign(j: Job): Int32Array {
    const jt = new Int32Array(j.n);
    // Consecutive jobs often join the same classes (a ring inside a domain): the last pair is kept.
    let lastLayer = -1;
    let lastCs = -1;
    let lastCd = -1;
    let lastT = -1;
    for (let i = 0; i < j.n; i++) {
      const s = j.src[i];
      const d = j.dst[i];
      if (s === d) {
        jt[i] = -2;
        continue;
      }
      const layer = j.layer[i];
      const { cls } = this.twins[layer];
      const cs = cls[s];
      const cd = cls[d];
      if (layer !== lastLayer || cs !== lastCs || cd !== lastCd) {
        lastT = this.need(layer, s, d);
        lastLayer = layer;
        lastCs = cs;
        lastCd = cd;
      }
      jt[i] = lastT;
    }
    return jt;
  }

  /** Template for s → d (s ≠ d) on a layer, or -1 when either has no link there. */
  need(layer: number, s: number, d: number): number {
    const { cls } = this.twins[layer];
    const cs = cls[s];
    const cd = cls[d];
    if (cs < 0 || cd < 0) return -1;
    const key = 2 * cs + layer;
    let t = this.ids.get(key, cd);
    if (t >= 0) return t;
    let group = this.destGroup.get(layer, cd);
    if (group < 0) {
      group = this.groupD0.length;
      this.destGroup.set(layer, cd, group);
      this.groupD0.push(d);
      this.groupLayer.push(layer);
    }
    const d0 = this.groupD0[group];
    t = this.n++;
    this.ids.set(key, cd, t);
    this.group.push(group);
    this.s0.push(cs !== cd || s !== d0 ? s : d);
    return t;
  }

  /**
   * Routes every template, grouped by destination representative. `latencyOnly`: no split, only
   * the ports and latencies (PairPaths.ports): what routeLatency needs.
   */
  compute(onDest?: (done: number, total: number) => void, latencyOnly = false): void {
    const { g } = this;
    const T = this.n;
    // Templates by destination (counting sort on group ids).
    const groups = this.groupD0.length;
    const groupStart = new Int32Array(groups + 1);
    for (let t = 0; t < T; t++) groupStart[this.group[t] + 1]++;
    for (let k = 0; k < groups; k++) groupStart[k + 1] += groupStart[k];
    const fill = groupStart.slice(0, groups);
    const order = new Int32Array(T);
    for (let t = 0; t < T; t++) order[fill[this.group[t]]++] = t;
    this.kind = new Uint8Array(T);
    this.latNs = new Float64Array(T);
    this.directArcs = new Int32Array(T);
    const part = (this.part = new Int32Array(4 * T));
    const paths = new PairPaths(g);
    // Entries of all templates, template by template: middle arcs as met (each arc of a route's
    // DAG is met once), then the ports, gathered aside meanwhile.
    const entries = new EntryList();
    let after = new Float64Array(256);
    let afterCount = 0;
    this.afterStart = new Int32Array(T);
    const srcPorts = new EntryList();
    const dstPorts = new EntryList();
    for (let k = 0; k < groups; k++) {
      const layer = this.groupLayer[k];
      const L = g.layers[layer];
      const d0 = this.groupD0[k];
      paths.toward(L, d0);
      for (let q = groupStart[k]; q < groupStart[k + 1]; q++) {
        const t = order[q];
        const s0 = this.s0[t];
        part[4 * t] = part[4 * t + 1] = part[4 * t + 2] = part[4 * t + 3] = entries.n;
        const hops = paths.search(s0, groupStart[k + 1] - q);
        if (hops < 0) {
          this.kind[t] = T_UNREACHABLE;
          continue;
        }
        if (hops === 1) {
          this.kind[t] = T_DIRECT;
          for (let p = L.start[s0]; p < L.start[s0 + 1]; p++)
            if (L.nbr[p] === d0) this.directArcs[t] += L.arc2[p] >= 0 ? 2 : 1;
          continue;
        }
        this.kind[t] = T_ROUTE;
        this.latNs[t] = paths.latNs;
        if (latencyOnly) paths.ports(srcPorts, dstPorts);
        else paths.spread(entries, srcPorts, dstPorts);
        part[4 * t + 1] = entries.n;
        entries.append(srcPorts);
        part[4 * t + 2] = entries.n;
        entries.append(dstPorts);
        part[4 * t + 3] = entries.n;
        // Ports in code order (as pieces.ts reads them; hop matrices index them by position),
        // each source port with what follows its hop.
        sortByCode(entries.code, entries.frac, part[4 * t + 1], part[4 * t + 2]);
        sortByCode(entries.code, entries.frac, part[4 * t + 2], part[4 * t + 3]);
        if (after.length < afterCount + srcPorts.n) {
          const grown = new Float64Array(2 * (afterCount + srcPorts.n));
          grown.set(after);
          after = grown;
        }
        this.afterStart[t] = afterCount;
        for (let e = part[4 * t + 1]; e < part[4 * t + 2]; e++)
          after[afterCount++] = paths.afterNs(entries.code[e]);
        srcPorts.n = dstPorts.n = 0;
      }
      onDest?.(k + 1, groups);
    }
    this.code = entries.code;
    this.frac = entries.frac;
    this.afterNs = after.subarray(0, afterCount);
    this.bytes = new Float64Array(T);
    this.paths = paths;
  }

  /**
   * Member `node`'s ports on `side` of template t: as a source, over its ports, the port's
   * latency and the worst after its first hop (afterNs); as a destination, its worst port's
   * latency. Members share every hop of their paths but the first and the last (twins): the sum
   * of a source's and a destination's bounds their worst path latency.
   */
  portNs(t: number, side: number, node: number): number {
    const L = this.g.layers[this.layerOf(t)];
    const base = L.start[node];
    const { code, afterNs } = this;
    const from = this.part[4 * t + side];
    const to = this.part[4 * t + side + 1];
    let worst = 0;
    if (side === SIDE_SRC) {
      const shift = this.afterStart[t] - from;
      for (let e = from; e < to; e++)
        worst = Math.max(worst, L.latNs[base + (code[e] >> 1)] + afterNs[e + shift]);
    } else for (let e = from; e < to; e++) worst = Math.max(worst, L.latNs[base + (code[e] >> 1)]);
    return worst;
  }

  /**
   * Worst path latency between members s → d of template t (ns): over its first hops u and last
   * hops v, s's worst port to u + the route's worst u → v + d's worst port from v. The part up
   * to each v is kept per source (fromSource): pairs searched one after another share sources.
   */
  memberNs(t: number, s: number, d: number): number {
    if (s === this.s0[t] && d === this.groupD0[this.group[t]]) return this.latNs[t];
    const hm = this.hopMatrixOf(t);
    const L = this.g.layers[this.layerOf(t)];
    const nv = hm.last.length;
    const key = t * this.g.nodeCount + s;
    let upTo = this.fromSource.get(key);
    if (!upTo) {
      // Worst latency from s to each last hop, its switching included.
      const nu = hm.first.length;
      const out = new Float64Array(nu).fill(-Infinity);
      for (let e = this.part[4 * t + 1], f = this.part[4 * t + 2]; e < f; e++) {
        const k = hm.portHop[e - this.part[4 * t + 1]];
        if (k >= 0) out[k] = Math.max(out[k], L.latNs[L.start[s] + (this.code[e] >> 1)]);
      }
      upTo = new Float64Array(nv).fill(-Infinity);
      for (let k = 0; k < nu; k++)
        for (let j = 0; j < nv; j++) upTo[j] = Math.max(upTo[j], out[k] + hm.w[k * nv + j]);
      this.fromSource.set(key, upTo);
    }
    let worst = -Infinity;
    for (let e = this.part[4 * t + 2], f = this.part[4 * t + 3]; e < f; e++) {
      const j = hm.portHop[e - this.part[4 * t + 1]];
      if (j >= 0) worst = Math.max(worst, upTo[j] + L.latNs[L.start[d] + (this.code[e] >> 1)]);
    }
    // Twins share their routes: no path at all would be a bug, not a latency of 0.
    if (worst === -Infinity) throw new Error(`no route joins nodes ${s} and ${d} through their twins' ports`);
    return worst;
  }

  /** Template t's hop matrix (PairPaths.hopMatrix, s0 → d0 searched again), its ports' hops indexed. */
  private hopMatrixOf(t: number): HopMatrix & { portHop: Int32Array } {
    let hm = this.hopMatrices.get(t);
    if (hm) return hm;
    const L = this.g.layers[this.layerOf(t)];
    const s0 = this.s0[t];
    const d0 = this.groupD0[this.group[t]];
    const paths = (this.paths ??= new PairPaths(this.g));
    paths.toward(L, d0);
    paths.search(s0, 1);
    const m = paths.hopMatrix();
    // Source ports, then destination ports: the index of the hop each leads to (or comes from).
    const from = this.part[4 * t + 1];
    const portHop = new Int32Array(this.part[4 * t + 3] - from);
    const firstOf = new Map(m.first.map((u, k) => [u, k]));
    const lastOf = new Map(m.last.map((v, j) => [v, j]));
    for (let e = from; e < this.part[4 * t + 3]; e++) {
      const end = e < this.part[4 * t + 2] ? s0 : d0;
      const hop = L.nbr[L.start[end] + (this.code[e] >> 1)];
      portHop[e - from] = (end === s0 ? firstOf : lastOf).get(hop) ?? -1;
    }
    hm = { ...m, portHop };
    this.hopMatrices.set(t, hm);
    return hm;
  }

  layerOf(t: number): number {
    return this.groupLayer[this.group[t]];
  }

  /** Arc of entry e (part 0 middle, 1 source port, 2 destination port) for members s → d. */
  arcOf(part: number, e: number, L: Layer, s: number, d: number): number {
    const c = this.code[e];
    if (part === 0) return c;
    if (part === 1) {
      const k = L.start[s] + (c >> 1);
      return c & 1 ? L.arc2[k] : L.arc1[k];
    }
    const k = L.start[d] + (c >> 1);
    return (c & 1 ? L.arc2[k] : L.arc1[k]) ^ 1;
  }
}

export function route(g: RoutingGraph, c: Commodities, opt: RouteOptions): Routed {
  const arcs = g.arcCount + c.virtualArcs.count;
  const bytes = new Float64Array(arcs);
  const ecmp = opt.routing === 'ecmp';
  // A large leaf-to-leaf matrix without max-min is routed in aggregate (loads only), never expanded.
  const aggregateMatrix = ecmp && !!c.matrix && !opt.incidence;
  const j = jobs(c, !aggregateMatrix);
  const ends = new Endpoints(g, c.virtualArcs);
  const r = ecmp
    ? routeEcmp(g, c, j, opt, bytes, aggregateMatrix, ends)
    : routeHashed(g, j, opt, bytes, opt.incidence ? new IncidenceBuilder() : null, ends);
  const merged = r.inc ? r.merged : null;
  const incidence = r.inc ? r.inc.finish(arcs + (merged?.count ?? 0)) : null;
  return {
    bytes,
    merged,
    unroutedFlows: c.unroutedFlows + r.unroutedFlows,
    unroutedBytes: c.unroutedBytes + r.unroutedBytes,
    latencyNs: r.latencyNs,
    incidence,
    rowCommodity: incidence ? r.rowCommodity : new Int32Array(0),
  };
}

/**
 * The worst path latency of route(g, c, opt) alone, without its loads: what changes when only
 * the cable lengths (or modules) do. ECMP reroutes its templates for their latencies only;
 * hashed routing (one BFS per destination either way) runs route() whole.
 */
export function routeLatency(g: RoutingGraph, c: Commodities, opt: RouteOptions): number {
  if (opt.routing !== 'ecmp') return route(g, c, { ...opt, incidence: false }).latencyNs;
  const ends = new Endpoints(g, c.virtualArcs);
  const j = jobs(c, false);
  const twins = opt.twins === false ? singletons(g) : graphTwins(g);
  const tpl = new Templates(g, twins);
  const jt = tpl.assign(j);
  const plan = c.matrix ? matrixPlan(c.matrix, twins, tpl) : null;
  let known = c.matrix && !plan ? routeMatrixBulk(g, c.matrix, null, ends).latencyNs : 0;
  tpl.compute(opt.onDestination, true);
  if (plan) known = matrixLatencyNs(g, plan, tpl, ends, known);
  return jobsWorstNs(g, j, jt, tpl, ends, known);
}

/**
 * The worst latency over jobs, at least `known`: exact for direct pairs and endpoints alone;
 * through a template, bounded (its source's and destination's Templates.portNs), then resolved.
 */
function jobsWorstNs(
  g: RoutingGraph,
  j: Job,
  jt: Int32Array,
  tpl: Templates,
  ends: Endpoints,
  known: number,
): number {
  const { kind } = tpl;
  const direct = new DirectEdges();
  const worst = new WorstLatency(known);
  const bound = borrow(Float64Array, j.n, false).fill(-Infinity);
  // Templates.portNs per node and side, for the template it was last taken for (an all-to-all
  // inside scale-up domains meets each GPU once per peer).
  const portTpl = borrow(Int32Array, 2 * g.nodeCount, false).fill(-1);
  const portWorst = borrow(Float64Array, 2 * g.nodeCount, false);
  const portOf = (t: number, side: typeof SIDE_SRC | typeof SIDE_DST, node: number) => {
    const k = 2 * node + side - 1;
    if (portTpl[k] !== t) {
      portTpl[k] = t;
      portWorst[k] = tpl.portNs(t, side, node);
    }
    return portWorst[k];
  };
  for (let i = 0; i < j.n; i++) {
    const t = jt[i];
    if (t === -1 || (t >= 0 && kind[t] === T_UNREACHABLE)) continue;
    const s = j.src[i];
    const d = j.dst[i];
    const endsNs = ends.ns(s, d, j.up[i], j.down[i]);
    if (t >= 0 && kind[t] === T_ROUTE) {
      bound[i] = portOf(t, SIDE_SRC, s) + portOf(t, SIDE_DST, d) + endsNs;
      worst.bound(i, bound[i]);
    } else worst.exact((t >= 0 ? direct.find(g.layers[j.layer[i]], s, d) : 0) + endsNs);
  }
  const ns = worst.resolve(
    (i) => tpl.memberNs(jt[i], j.src[i], j.dst[i]) + ends.ns(j.src[i], j.dst[i], j.up[i], j.down[i]),
    (floor, add) => {
      for (let i = 0; i < j.n; i++) if (bound[i] > floor) add(i, bound[i]);
    },
  );
  giveBack(bound, portTpl, portWorst);
  return ns;
}

/** The worst latency over a leaf-to-leaf matrix, at least `known`. */
function matrixLatencyNs(
  g: RoutingGraph,
  plan: MatrixPlan,
  tpl: Templates,
  ends: Endpoints,
  known: number,
): number {
  const { m, mcls, MC, mTpl } = plan;
  const { kind } = tpl;
  const K = m.K;
  const direct = new DirectEdges();
  // Not through a route: GPUs below one leaf, and leaves joined directly.
  for (let a = 0; a < K; a++)
    if (m.weight[a * K + a] > 0) known = Math.max(known, ends.ns(m.node[a], m.node[a], m.up[a], m.down[a]));
  const cls = classMembers(mcls, MC);
  for (let key = 0; key < MC * MC; key++) {
    const t = mTpl[key];
    if (t < 0 || kind[t] !== T_DIRECT) continue;
    visitPairs(m, cls, Math.floor(key / MC), key % MC, (a, b) => {
      const s = m.node[a];
      const d = m.node[b];
      known = Math.max(known, direct.find(g.layers[0], s, d) + ends.ns(s, d, m.up[a], m.down[b]));
    });
  }
  return matrixWorstNs(plan, tpl, ends, known);
}

/** A leaf-to-leaf matrix routed through templates: its endpoints' classes and, per class pair
 * (ca · MC + cb), the template its transfers take (-1: none). */
interface MatrixPlan {
  m: NonNullable<Commodities['matrix']>;
  mcls: Int32Array;
  MC: number;
  mTpl: Int32Array;
}

/** The plan of a matrix, or null past MAX_CLASS_PAIRS (few twins: routed in bulk instead).
 * Call before tpl.compute(): it asks for the templates. */
function matrixPlan(
  m: NonNullable<Commodities['matrix']>,
  twins: [Twins, Twins],
  tpl: Templates,
): MatrixPlan | null {
  const { mcls, MC } = matrixClasses(m, twins);
  return MC * MC > MAX_CLASS_PAIRS ? null : { m, mcls, MC, mTpl: matrixTemplates(m, mcls, MC, tpl) };
}

/** The twin classes of a matrix's endpoints (layer 0), numbered compactly. */
function matrixClasses(m: NonNullable<Commodities['matrix']>, twins: [Twins, Twins]) {
  const mcls = new Int32Array(m.K);
  const ids = new Map<number, number>();
  for (let a = 0; a < m.K; a++) {
    const tc = twins[0].cls[m.node[a]];
    let x = ids.get(tc);
    if (x === undefined) ids.set(tc, (x = ids.size));
    mcls[a] = x;
  }
  return { mcls, MC: ids.size };
}

/** Members of each matrix class (CSR): members[memberStart[q] .. memberStart[q + 1]). */
function classMembers(mcls: Int32Array, MC: number) {
  const memberStart = new Int32Array(MC + 1);
  for (let a = 0; a < mcls.length; a++) memberStart[mcls[a] + 1]++;
  for (let q = 0; q < MC; q++) memberStart[q + 1] += memberStart[q];
  const members = new Int32Array(mcls.length);
  const fill = memberStart.slice(0, MC);
  for (let a = 0; a < mcls.length; a++) members[fill[mcls[a]]++] = a;
  return { memberStart, members };
}

/** Every pair (a, b ≠ a, with transfers) of classes ca and cb, until `visit` returns true. */
function visitPairs(
  m: NonNullable<Commodities['matrix']>,
  cls: ReturnType<typeof classMembers>,
  ca: number,
  cb: number,
  visit: (a: number, b: number) => boolean | void,
): void {
  const { memberStart, members } = cls;
  for (let x = memberStart[ca]; x < memberStart[ca + 1]; x++)
    for (let y = memberStart[cb]; y < memberStart[cb + 1]; y++) {
      const a = members[x];
      const b = members[y];
      if (a !== b && m.weight[a * m.K + b] > 0 && visit(a, b)) return;
    }
}

/** The template of every matrix class pair with transfers (-1: none), from its first such pair. */
function matrixTemplates(
  m: NonNullable<Commodities['matrix']>,
  mcls: Int32Array,
  MC: number,
  tpl: Templates,
) {
  const mTpl = new Int32Array(MC * MC).fill(-1);
  const cls = classMembers(mcls, MC);
  for (let ca = 0; ca < MC; ca++)
    for (let cb = 0; cb < MC; cb++)
      visitPairs(m, cls, ca, cb, (a, b) => {
        mTpl[ca * MC + cb] = tpl.need(0, m.node[a], m.node[b]);
        return true;
      });
  return mTpl;
}

/** Capacity of every arc of a routed incidence: physical arcs, aggregated access arcs, merged
 * arcs. Borrowed (scratch.ts): the caller may give it back. */
export function incidenceCaps(g: RoutingGraph, c: Commodities, r: Routed): Float64Array {
  const cap = borrow(Float64Array, r.incidence?.arcs ?? g.arcCount + c.virtualArcs.count);
  cap.set(g.arcCap);
  cap.set(c.virtualArcs.cap, g.arcCount);
  if (r.merged) cap.set(r.merged.cap, r.merged.base);
  return cap;
}

/** What a routing mode adds up: loads go straight into `bytes`. */
interface RouteTotals {
  inc: IncidenceBuilder | null;
  rowCommodity: Int32Array;
  unroutedFlows: number;
  unroutedBytes: number;
  latencyNs: number;
  merged: MergedArcs | null;
}

/** ECMP through twin-class templates (see Templates); a matrix not expanded into jobs is routed in aggregate. */
function routeEcmp(
  g: RoutingGraph,
  c: Commodities,
  j: Job,
  opt: RouteOptions,
  bytes: Float64Array,
  aggregateMatrix: boolean,
  ends: Endpoints,
): RouteTotals {
  const totals: RouteTotals = {
    inc: null,
    rowCommodity: new Int32Array(0),
    unroutedFlows: 0,
    unroutedBytes: 0,
    latencyNs: 0,
    merged: null,
  };
  const twins = opt.twins === false ? singletons(g) : graphTwins(g);
  const tpl = new Templates(g, twins);
  const jt = tpl.assign(j);
  const m = aggregateMatrix ? c.matrix! : null;
  const plan = m ? matrixPlan(m, twins, tpl) : null;
  if (m && !plan) {
    // Few twins (a torus, GPUs as their own endpoints): one BFS per destination, loads propagated in bulk.
    const r = routeMatrixBulk(g, m, bytes, ends, opt.onDestination);
    totals.unroutedFlows += r.unroutedFlows;
    totals.unroutedBytes += r.unroutedBytes;
    totals.latencyNs = r.latencyNs;
  }
  tpl.compute(opt.onDestination);
  if (plan) routeMatrixAggregate(g, plan, tpl, bytes, totals, ends);
  routeJobs(g, j, jt, tpl, opt, bytes, totals, ends);
  // The middle of every template, once for all its bytes.
  const { code, frac, part, bytes: tplBytes } = tpl;
  for (let t = 0; t < tpl.n; t++) {
    const tb = tplBytes[t];
    if (tb === 0) continue;
    for (let e = part[4 * t], f = part[4 * t + 1]; e < f; e++) bytes[code[e]] += tb * frac[e];
  }
  // The templates' entries (an EntryList's, from the scratch pool): rows and loads are built.
  giveBack(code, frac);
  tpl.code = new Int32Array(0);
  tpl.frac = new Float64Array(0);
  return totals;
}

/**
 * Loads of every job through its template and, when asked, the incidence rows. A row is its
 * template's pieces (pieces.ts: the middle, the source's and the destination's ports) and its
 * access arcs; loads go per piece (the middle in bulk per template, in tpl.bytes; ports per
 * port piece). Rows are sized up front (exact unless direct pairs mix circuits and links), so
 * entries are written in place.
 */
function routeJobs(
  g: RoutingGraph,
  j: Job,
  jt: Int32Array,
  tpl: Templates,
  opt: RouteOptions,
  bytes: Float64Array,
  totals: RouteTotals,
  ends: Endpoints,
): void {
  // One pass per function (see pieces.ts, middleGroups): each compiles on its own.
  const pieces = new RowPieces(g, tpl, bytes.length, opt.incidence && opt.merge !== false);
  const jp: JobRows = {
    j,
    jt,
    tpl,
    pieces,
    srcPiece: borrow(Int32Array, j.n),
    dstPiece: borrow(Int32Array, j.n),
  };
  const rows = jobPieces(g, jp);
  pieces.finish();
  const nnz = jobEntries(jp);
  // Past the budget the incidence would be dropped anyway: not built.
  const inc = opt.incidence && nnz <= opt.maxNnz ? new IncidenceBuilder(nnz, rows) : null;
  const rowCommodity = new Int32Array(inc ? rows : 0);
  const pieceBytes = borrow(Float64Array, pieces.rowStart.length - 1);
  const kept = loadJobs(g, jp, opt, bytes, totals, pieceBytes, inc, rowCommodity);
  // Port pieces' loads, once per piece (middles are spread per template by the caller).
  for (let p = pieces.templates; p < pieceBytes.length; p++)
    if (pieceBytes[p] > 0) pieces.spread(bytes, p, pieceBytes[p]);
  pieces.release();
  giveBack(jp.srcPiece, jp.dstPiece, pieceBytes);
  totals.latencyNs = jobsWorstNs(g, j, jt, tpl, ends, totals.latencyNs);
  totals.inc = kept;
  totals.rowCommodity = rowCommodity;
  totals.merged = kept ? pieces.merged : null;
}

/** The jobs, their templates and, per job, the port pieces of its source and destination: what
 * the three passes over the jobs below share. */
interface JobRows {
  j: Job;
  jt: Int32Array;
  tpl: Templates;
  pieces: RowPieces;
  srcPiece: Int32Array;
  dstPiece: Int32Array;
}

/** Each job's pieces: its template's, its source's and destination's ports, or its direct
 * edges; jobs without a route become -1. Returns the rows (jobs with a route). */
function jobPieces(g: RoutingGraph, { j, jt, tpl, pieces, srcPiece, dstPiece }: JobRows): number {
  const { kind } = tpl;
  const direct = new DirectEdges();
  let rows = 0;
  for (let i = 0; i < j.n; i++) {
    let t = jt[i];
    if (t >= 0 && kind[t] === T_UNREACHABLE) t = jt[i] = -1;
    if (t === -1) continue;
    rows++;
    if (j.up[i] >= 0) pieces.share(j.up[i]);
    if (j.down[i] >= 0) pieces.share(j.down[i]);
    if (t < 0) continue;
    if (kind[t] === T_DIRECT) {
      direct.find(g.layers[j.layer[i]], j.src[i], j.dst[i]);
      for (let e = 0; e < direct.n; e++) pieces.share(direct.arc[e]);
      continue;
    }
    pieces.useTemplate(t);
    srcPiece[i] = pieces.port(SIDE_SRC, j.src[i], t);
    dstPiece[i] = pieces.port(SIDE_DST, j.dst[i], t);
  }
  return rows;
}

/** Incidence entries of every row (exact unless direct pairs mix circuits and links). */
function jobEntries({ j, jt, tpl, pieces, srcPiece, dstPiece }: JobRows): number {
  const { kind, directArcs } = tpl;
  let nnz = 0;
  for (let i = 0; i < j.n; i++) {
    const t = jt[i];
    if (t === -1) continue;
    if (t >= 0)
      nnz +=
        kind[t] === T_DIRECT
          ? directArcs[t]
          : pieces.rowSize(t) + pieces.rowSize(srcPiece[i]) + pieces.rowSize(dstPiece[i]);
    nnz += (j.up[i] >= 0 ? 1 : 0) + (j.down[i] >= 0 ? 1 : 0);
  }
  return nnz;
}

/** Loads of every job (ports per piece in pieceBytes, middles per template in tpl.bytes) and,
 * with `inc`, its row; returns `inc`, or null once it outgrew the budget. */
function loadJobs(
  g: RoutingGraph,
  { j, jt, tpl, pieces, srcPiece, dstPiece }: JobRows,
  opt: RouteOptions,
  bytes: Float64Array,
  totals: RouteTotals,
  pieceBytes: Float64Array,
  incIn: IncidenceBuilder | null,
  rowCommodity: Int32Array,
): IncidenceBuilder | null {
  const { kind, bytes: tplBytes } = tpl;
  const direct = new DirectEdges();
  const { rowStart: pieceStart, rowArc: pieceArc, rowFrac: pieceFrac } = pieces;
  let inc = incIn;
  let row = 0;
  for (let i = 0; i < j.n; i++) {
    const s = j.src[i];
    const d = j.dst[i];
    const t = jt[i];
    const w = j.weight[i];
    const b = j.bytes[i];
    if (t === -1) {
      totals.unroutedFlows += w;
      totals.unroutedBytes += b;
      continue;
    }
    const isDirect = t >= 0 && kind[t] === T_DIRECT;
    if (j.up[i] >= 0) bytes[j.up[i]] += b;
    if (j.down[i] >= 0) bytes[j.down[i]] += b;
    if (isDirect) {
      direct.find(g.layers[j.layer[i]], s, d);
      direct.load(bytes, b);
      if (inc) for (let e = 0; e < direct.n; e++) inc.add(direct.arc[e], w / direct.edges);
    } else if (t >= 0) {
      tplBytes[t] += b;
      pieceBytes[srcPiece[i]] += b;
      pieceBytes[dstPiece[i]] += b;
      if (inc) {
        const o = inc.claim(pieces.rowSize(t) + pieces.rowSize(srcPiece[i]) + pieces.rowSize(dstPiece[i]));
        const rowArc = inc.entryArcs;
        const rowCoef = inc.entryCoefs;
        let q = o;
        for (let k = 0; k < 3; k++) {
          const p = k === 0 ? t : k === 1 ? srcPiece[i] : dstPiece[i];
          for (let e = pieceStart[p]; e < pieceStart[p + 1]; e++, q++) {
            rowArc[q] = pieceArc[e];
            rowCoef[q] = w * pieceFrac[e];
          }
        }
      }
    }
    if (inc) {
      if (j.up[i] >= 0) inc.add(j.up[i], w);
      if (j.down[i] >= 0) inc.add(j.down[i], w);
      inc.endRow(w);
      rowCommodity[row++] = i;
      if (inc.nnz > opt.maxNnz) inc = null; // too large for explicit filling
    }
  }
  return inc;
}

/** A leaf-to-leaf matrix in aggregate: per member and class, the bytes of its ports; per class pair, the middle (in tpl.bytes). */
function routeMatrixAggregate(
  g: RoutingGraph,
  plan: MatrixPlan,
  tpl: Templates,
  bytes: Float64Array,
  totals: RouteTotals,
  ends: Endpoints,
): void {
  const { m, mcls, MC, mTpl } = plan;
  const { kind, frac, part, bytes: tplBytes } = tpl;
  const K = m.K;
  const srcAgg = new Float64Array(K * MC);
  const dstAgg = new Float64Array(K * MC);
  const L = g.layers[0];
  const direct = new DirectEdges();
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) {
      const w = m.weight[a * K + b];
      if (!(w > 0)) continue;
      const bt = w * m.bytesPerMember;
      const t = a === b ? -2 : mTpl[mcls[a] * MC + mcls[b]];
      if (t === -1 || (t >= 0 && kind[t] === T_UNREACHABLE)) {
        totals.unroutedFlows += w;
        totals.unroutedBytes += bt;
        continue;
      }
      const s = m.node[a];
      const d = m.node[b];
      if (t >= 0 && kind[t] === T_DIRECT) {
        direct.find(L, s, d);
        direct.load(bytes, bt);
      } else if (t >= 0) {
        tplBytes[t] += bt;
        srcAgg[a * MC + mcls[b]] += bt;
        dstAgg[b * MC + mcls[a]] += bt;
      }
      if (m.up[a] >= 0) bytes[m.up[a]] += bt;
      if (m.down[b] >= 0) bytes[m.down[b]] += bt;
    }
  for (let a = 0; a < K; a++)
    for (let q = 0; q < MC; q++) {
      for (const side of [1, 2]) {
        const amount = (side === 1 ? srcAgg : dstAgg)[a * MC + q];
        if (!(amount > 0)) continue;
        const key = side === 1 ? mcls[a] * MC + q : q * MC + mcls[a];
        const t = mTpl[key];
        const node = m.node[a];
        for (let e = part[4 * t + side], f = part[4 * t + side + 1]; e < f; e++)
          bytes[tpl.arcOf(side, e, L, node, node)] += amount * frac[e];
      }
    }
  totals.latencyNs = matrixLatencyNs(g, plan, tpl, ends, totals.latencyNs);
}

/**
 * Worst latency over a matrix's pairs through templates, at least `known`. A template's pairs
 * are the members of two classes: each pair's bound adds its source's Templates.portNs toward
 * the other class and its destination's from it (access cable and leaf included); a template's
 * own bound takes the worst of both classes. Templates are opened best bound first while above
 * the worst found, their pairs evaluated (memberNs) best bound first.
 */
function matrixWorstNs(plan: MatrixPlan, tpl: Templates, ends: Endpoints, known: number): number {
  const { m, mcls, MC, mTpl } = plan;
  const K = m.K;
  const { kind } = tpl;
  const routed = (t: number) => t >= 0 && kind[t] === T_ROUTE;
  // Templates.portNs of class a toward class q at outNs[a · MC + q], of class b from class q at
  // inNs[b · MC + q], access cables and leaves included; per template, the worst of its classes.
  const outNs = new Float64Array(K * MC);
  const inNs = new Float64Array(K * MC);
  const topOut = new Float64Array(tpl.n).fill(-Infinity);
  const topIn = new Float64Array(tpl.n).fill(-Infinity);
  for (let a = 0; a < K; a++) {
    const node = m.node[a];
    for (let q = 0; q < MC; q++) {
      const k = a * MC + q;
      const out = mTpl[mcls[a] * MC + q];
      if (routed(out)) {
        outNs[k] = tpl.portNs(out, SIDE_SRC, node) + ends.srcNs(node, m.up[a]);
        topOut[out] = Math.max(topOut[out], outNs[k]);
      }
      const into = mTpl[q * MC + mcls[a]];
      if (routed(into)) {
        inNs[k] = tpl.portNs(into, SIDE_DST, node) + ends.dstNs(node, m.down[a]);
        topIn[into] = Math.max(topIn[into], inNs[k]);
      }
    }
  }
  // The templates (class pairs) by bound.
  const { memberStart, members } = classMembers(mcls, MC);
  const keys: number[] = [];
  for (let key = 0; key < MC * MC; key++) if (routed(mTpl[key])) keys.push(key);
  const boundOf = (key: number) => topOut[mTpl[key]] + topIn[mTpl[key]];
  const keyBound = keys.map(boundOf);
  const order = keys.map((_, k) => k).sort((x, y) => keyBound[y] - keyBound[x]);
  let worst = known;
  for (const k of order) {
    if (keyBound[k] <= worst) break;
    const key = keys[k];
    const t = mTpl[key];
    const ca = Math.floor(key / MC);
    const cb = key - ca * MC;
    const pairs: number[] = [];
    const bounds: number[] = [];
    for (let x = memberStart[ca]; x < memberStart[ca + 1]; x++)
      for (let y = memberStart[cb]; y < memberStart[cb + 1]; y++) {
        const a = members[x];
        const b = members[y];
        if (a === b || !(m.weight[a * K + b] > 0)) continue;
        const bound = outNs[a * MC + cb] + inNs[b * MC + ca];
        if (bound <= worst) continue;
        pairs.push(a * K + b);
        bounds.push(bound);
      }
    const byBound = pairs.map((_, i) => i).sort((x, y) => bounds[y] - bounds[x]);
    for (const i of byBound) {
      if (bounds[i] <= worst) break;
      const a = Math.floor(pairs[i] / K);
      const b = pairs[i] - a * K;
      const s = m.node[a];
      const d = m.node[b];
      worst = Math.max(worst, tpl.memberNs(t, s, d) + ends.ns(s, d, m.up[a], m.down[b]));
    }
  }
  return worst;
}

/** The links of a direct (adjacent) pair s → d, sharing its traffic equally per edge. */
class DirectEdges {
  arc = new Int32Array(16);
  n = 0;
  edges = 0;

  /** Finds the edges s → d; returns their worst latency. */
  find(L: Layer, s: number, d: number): number {
    this.n = this.edges = 0;
    let lat = 0;
    for (let k = L.start[s]; k < L.start[s + 1]; k++)
      if (L.nbr[k] === d) {
        if (this.n + 2 > this.arc.length) {
          const grown = new Int32Array(2 * this.arc.length);
          grown.set(this.arc);
          this.arc = grown;
        }
        this.arc[this.n++] = L.arc1[k];
        if (L.arc2[k] >= 0) this.arc[this.n++] = L.arc2[k];
        this.edges++;
        if (L.latNs[k] > lat) lat = L.latNs[k];
      }
    return lat;
  }

  /** Adds `amount` over the edges found. */
  load(bytes: Float64Array, amount: number): void {
    for (let e = 0; e < this.n; e++) bytes[this.arc[e]] += amount / this.edges;
  }
}

/** Every node its own class: routing without merging (the tests' peer). */
function singletons(g: RoutingGraph): [Twins, Twins] {
  return g.layers.map((L) => {
    const n = L.start.length - 1;
    const cls = new Int32Array(n).fill(-1);
    let count = 0;
    for (let u = 0; u < n; u++) if (L.start[u + 1] > L.start[u]) cls[u] = count++;
    const first = new Int32Array(count);
    for (let u = 0; u < n; u++) if (cls[u] >= 0) first[cls[u]] = u;
    return { cls, count, first, second: new Int32Array(count).fill(-1) };
  }) as [Twins, Twins];
}

/** Class pairs of a leaf-to-leaf matrix past which it is routed per destination instead. */
const MAX_CLASS_PAIRS = 1 << 18;

/** A matrix routed by one BFS per destination endpoint, amounts injected at the sources and spread at once. */
function routeMatrixBulk(
  g: RoutingGraph,
  m: NonNullable<Commodities['matrix']>,
  bytes: Float64Array | null,
  ends: Endpoints,
  onDest?: (done: number, total: number) => void,
) {
  const dag = new Dag(g);
  const amt = new Float64Array(g.nodeCount);
  const K = m.K;
  let unroutedFlows = 0;
  let unroutedBytes = 0;
  let latencyNs = 0;
  for (let b = 0; b < K; b++) {
    const d = m.node[b];
    dag.run(g.layers[0], d, m.node);
    onDest?.(b + 1, K);
    for (let a = 0; a < K; a++) {
      const w = m.weight[a * K + b];
      if (!(w > 0)) continue;
      const bt = w * m.bytesPerMember;
      const s = m.node[a];
      if (s !== d && dag.dist[s] < 0) {
        unroutedFlows += w;
        unroutedBytes += bt;
        continue;
      }
      const lat = dag.latNs[s] + ends.ns(s, d, m.up[a], m.down[b]);
      if (lat > latencyNs) latencyNs = lat;
      if (!bytes) continue; // the latency alone (routeLatency)
      if (m.up[a] >= 0) bytes[m.up[a]] += bt;
      if (m.down[b] >= 0) bytes[m.down[b]] += bt;
      if (s !== d) amt[s] += bt;
    }
    if (bytes) propagate(dag, amt, bytes);
  }
  return { unroutedFlows, unroutedBytes, latencyNs };
}

/** Keyed by the graph's `transit` array: the graphs withLengths() makes of one topology share
 * it, and twins depend on the topology only. */
const twinCache = new WeakMap<Uint8Array, [Twins, Twins]>();

/** Twin classes of both layers, computed once per topology. */
export function graphTwins(g: RoutingGraph): [Twins, Twins] {
  let t = twinCache.get(g.transit);
  if (!t) {
    t = [twinClasses(g.layers[0], g.transit), twinClasses(g.layers[1], g.transit)];
    twinCache.set(g.transit, t);
  }
  return t;
}

/** Hashed routing (ecmp-hash, shortest): one BFS per distinct destination, one path per flow. */
function routeHashed(
  g: RoutingGraph,
  j: Job,
  opt: RouteOptions,
  bytes: Float64Array,
  incIn: IncidenceBuilder | null,
  ends: Endpoints,
): RouteTotals {
  let inc = incIn;
  const rowCommodity: number[] = [];
  const { start, order, srcs } = byDestination(j, g.nodeCount);
  const dag = new Dag(g);
  const frac = new Float64Array(bytes.length);
  const touched: number[] = [];
  let unroutedFlows = 0;
  let unroutedBytes = 0;
  let latencyNs = 0;
  const groups = start.length - 1;
  // Progress counts flows, not destinations: under an all-to-all a few destinations (the leaves
  // folded GPUs reach) hold most of the flows, and the bar stalled on them, then jumped.
  let done = 0;
  const total = start[groups];

  const touch = (x: number, v: number) => {
    if (frac[x] === 0) touched.push(x);
    frac[x] += v;
  };

  // One path from `s`: the next hop picked by hash (or the first one) at every node.
  const walk = (s: number, ka: number, kb: number, sub: number) => {
    const { root, head, hops, next: nx, hop, adj } = dag;
    const { arc1, arc2 } = dag.layer;
    let u = s;
    let h = 0;
    while (u !== root) {
      let pick = opt.routing === 'shortest' ? hops[u] - 1 : hash4(opt.seed ^ ka, kb, sub, h++) % hops[u];
      let e = head[u];
      while (pick-- > 0) e = nx[e];
      const k = adj[e];
      touch(arc1[k] ^ 1, 1);
      if (arc2[k] >= 0) touch(arc2[k] ^ 1, 1);
      u = hop[e];
    }
  };

  for (let key = 0; key < groups; key++) {
    const lo = start[key];
    const hi = start[key + 1];
    if (lo === hi) continue;
    const layer = key >= g.nodeCount ? 1 : 0;
    const dst = key - layer * g.nodeCount;
    dag.run(g.layers[layer], dst, srcs, lo, hi);
    done += hi - lo;
    opt.onDestination?.(done, total);
    for (let p = lo; p < hi; p++) {
      const i = order[p];
      const s = j.src[i];
      if (s !== dst && dag.dist[s] < 0) {
        unroutedFlows += j.weight[i];
        unroutedBytes += j.bytes[i];
        continue;
      }
      // Switching at the source and destination leaves too, when the GPUs hang below them.
      const lat = dag.latNs[s] + ends.ns(s, dst, j.up[i], j.down[i]);
      if (lat > latencyNs) latencyNs = lat;
      const w = j.weight[i];
      const b = j.bytes[i];
      if (j.up[i] >= 0) bytes[j.up[i]] += b;
      if (j.down[i] >= 0) bytes[j.down[i]] += b;
      const subs = Math.max(1, Math.min(Math.round(w), opt.maxSubflows));
      for (let q = 0; q < subs; q++) {
        if (s !== dst) walk(s, j.keyA[i], j.keyB[i], q);
        const part = w / subs;
        for (const x of touched) {
          bytes[x] += (b / subs) * frac[x];
          inc?.add(x, part * frac[x]);
          frac[x] = 0;
        }
        touched.length = 0;
        if (inc) {
          if (j.up[i] >= 0) inc.add(j.up[i], part);
          if (j.down[i] >= 0) inc.add(j.down[i], part);
          inc.endRow(part);
          rowCommodity.push(i);
          if (inc.nnz > opt.maxNnz) inc = null; // too large for explicit filling
        }
      }
    }
  }
  return {
    inc,
    rowCommodity: Int32Array.from(rowCommodity),
    unroutedFlows,
    unroutedBytes,
    latencyNs,
    merged: null,
  };
}

/** ECMP-splits the amounts injected at nodes toward the DAG's root, adding them to `load` (amt is cleared). */
export function propagate(dag: Dag, amt: Float64Array, load: Float64Array): void {
  const { order, root, head, hops, next, hop, adj } = dag;
  const { arc1, arc2 } = dag.layer;
  for (let p = dag.size - 1; p > 0; p--) {
    const u = order[p];
    const a = amt[u];
    if (a === 0) continue;
    amt[u] = 0;
    if (!hops[u]) continue;
    const share = a / hops[u];
    for (let e = head[u]; e >= 0; e = next[e]) {
      const k = adj[e];
      load[arc1[k] ^ 1] += share;
      if (arc2[k] >= 0) load[arc2[k] ^ 1] += share;
      amt[hop[e]] += share;
    }
  }
  amt[root] = 0;
}
