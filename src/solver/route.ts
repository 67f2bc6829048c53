// Fixed routing of commodities over shortest-path DAGs.
// - ecmp: demand splits equally over the next hops at every node (what switches do). Routes are
//   computed once per pair of twin classes (twins.ts: all leaves of a pod, all GPUs of a
//   scale-up domain), one BFS per destination class, and mapped onto each member pair: exact,
//   and it is what makes a 100k-GPU fabric cheap (a handful of routes instead of one BFS per leaf).
// - ecmp-hash: one path per flow, a seeded hash picking the next hop at every node.
// - shortest: one deterministic path (always the first next hop).
//   Both hashed modes run one BFS per distinct destination endpoint.
// Produces bytes per arc and, when asked, the incidence (fraction of each row on each arc) that
// max-min filling needs. Demand whose endpoints are not connected is counted as unrouted.

import type { Scenario } from '../model/scenario';
import type { Commodities } from '../traffic/aggregate';
import { hash4 } from '../traffic/rng';
import { Dag } from './dag';
import type { Layer, RoutingGraph } from './graph';
import { IncidenceBuilder, type Incidence } from './incidence';
import { twinClasses, type Twins } from './twins';

export type Routing = Scenario['traffic']['routing'];

/** One routed row: a commodity or, in hashed routing of an aggregate, part of one. */
export interface RoutedRows {
  incidence: Incidence | null;
  /** Commodity of each row (list commodities first, then matrix entries a·K + b offset by count). */
  rowCommodity: Int32Array;
}

export interface Routed extends RoutedRows {
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
  /** Route once per pair of twin classes (default); false routes every endpoint pair on its own. */
  twins?: boolean;
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
  j.layer.set(c.layer);
  j.src.set(c.src);
  j.dst.set(c.dst);
  j.up.set(c.up);
  j.down.set(c.down);
  j.weight.set(c.weight);
  j.bytes.set(c.bytes);
  j.keyA.set(c.srcGpu);
  j.keyB.set(c.dstGpu);
  let k = c.count;
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
  j.n = k;
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
 * ECMP routes between twin classes. A template holds the route from representative s0 to d0 as
 * entries (code, fraction): middle arcs by id, then s0's out-ports and d0's in-ports by port
 * number (port << 1 | which arc of a circuit), instantiated for any member pair by `arcOf`.
 */
class Templates {
  n = 0;
  private ids = new Map<number, number>();
  layer: number[] = [];
  s0: number[] = [];
  d0: number[] = [];
  kind = new Uint8Array(0);
  latNs = new Float64Array(0);
  /** Entries of template t: middle [start[3t], start[3t+1]), source ports then destination ports up to start[3t+3]. */
  start = new Int32Array(0);
  code = new Int32Array(0);
  frac = new Float64Array(0);
  private destRep: Int32Array[];
  private readonly C: number;

  constructor(
    private g: RoutingGraph,
    readonly twins: [Twins, Twins],
  ) {
    this.C = Math.max(twins[0].count, twins[1].count, 1);
    this.destRep = twins.map((t) => new Int32Array(t.count).fill(-1));
  }

  /** Template for s → d (s ≠ d) on a layer, or -1 when either has no link there. */
  need(layer: number, s: number, d: number): number {
    const tw = this.twins[layer];
    const cs = tw.cls[s];
    const cd = tw.cls[d];
    if (cs < 0 || cd < 0) return -1;
    const key = (cs * this.C + cd) * 2 + layer;
    let t = this.ids.get(key);
    if (t !== undefined) return t;
    let d0 = this.destRep[layer][cd];
    if (d0 < 0) d0 = this.destRep[layer][cd] = d;
    t = this.n++;
    this.ids.set(key, t);
    this.layer.push(layer);
    this.s0.push(cs !== cd || s !== d0 ? s : d);
    this.d0.push(d0);
    return t;
  }

  /** Routes every template: one BFS per destination representative. */
  compute(onDest?: (done: number, total: number) => void): void {
    const { g } = this;
    const T = this.n;
    const order = Array.from({ length: T }, (_, t) => t).sort(
      (x, y) => this.layer[x] - this.layer[y] || this.d0[x] - this.d0[y],
    );
    this.kind = new Uint8Array(T);
    this.latNs = new Float64Array(T);
    this.start = new Int32Array(3 * T + 1);
    const dag = new Dag(g);
    const amt = new Float64Array(g.nodeCount);
    const frac = new Float64Array(g.arcCount);
    const srcCode = new Int32Array(g.arcCount).fill(-1);
    const dstCode = new Int32Array(g.arcCount).fill(-1);
    let touched = new Int32Array(1024);
    let nt = 0;
    let cur = new Int32Array(g.nodeCount);
    let nxt = new Int32Array(g.nodeCount);
    // Entries of all templates, appended template by template (parts in order).
    let codes = new Int32Array(1 << 16);
    let fracs = new Float64Array(1 << 16);
    let k = 0;
    const reserve = (n: number) => {
      if (k + n <= codes.length) return;
      const size = Math.max(2 * codes.length, k + n);
      const c2 = new Int32Array(size);
      const f2 = new Float64Array(size);
      c2.set(codes.subarray(0, k));
      f2.set(fracs.subarray(0, k));
      codes = c2;
      fracs = f2;
    };
    // First-hop and last-hop entries of the template being built.
    let portArc = new Int32Array(256);
    let portFrac = new Float64Array(256);
    let ports = new Int32Array(256);
    let portsF = new Float64Array(256);
    const growPorts = () => {
      const n = ports.length * 2;
      const grow = <A extends Int32Array | Float64Array>(x: A, make: (n: number) => A): A => {
        const y = make(n);
        y.set(x);
        return y;
      };
      portArc = grow(portArc, (m) => new Int32Array(m));
      portFrac = grow(portFrac, (m) => new Float64Array(m));
      ports = grow(ports, (m) => new Int32Array(m));
      portsF = grow(portsF, (m) => new Float64Array(m));
    };
    const tStart = new Int32Array(T);
    const tLen = new Int32Array(3 * T);
    let groups = 0;
    for (let i = 0; i < T; i++)
      if (
        i === 0 ||
        this.layer[order[i]] !== this.layer[order[i - 1]] ||
        this.d0[order[i]] !== this.d0[order[i - 1]]
      )
        groups++;
    let done = 0;
    const sources = new Int32Array(T);
    for (let i = 0; i < T;) {
      const layerI = this.layer[order[i]];
      const d0 = this.d0[order[i]];
      let e = i;
      while (e < T && this.layer[order[e]] === layerI && this.d0[order[e]] === d0) e++;
      for (let q = i; q < e; q++) sources[q - i] = this.s0[order[q]];
      const L = g.layers[layerI];
      dag.run(L, d0, sources, 0, e - i);
      for (let p = L.start[d0]; p < L.start[d0 + 1]; p++) {
        const port = (p - L.start[d0]) << 1;
        dstCode[L.arc1[p] ^ 1] = port;
        if (L.arc2[p] >= 0) dstCode[L.arc2[p] ^ 1] = port | 1;
      }
      for (let q = i; q < e; q++) {
        const t = order[q];
        const s0 = this.s0[t];
        tStart[t] = k;
        if (dag.dist[s0] < 0) {
          this.kind[t] = T_UNREACHABLE;
          continue;
        }
        this.latNs[t] = dag.latNs[s0];
        if (dag.dist[s0] === 1) {
          this.kind[t] = T_DIRECT;
          continue;
        }
        this.kind[t] = T_ROUTE;
        for (let p = L.start[s0]; p < L.start[s0 + 1]; p++) {
          const port = (p - L.start[s0]) << 1;
          srcCode[L.arc1[p]] = port;
          if (L.arc2[p] >= 0) srcCode[L.arc2[p]] = port | 1;
        }
        // ECMP fractions of one unit from s0, level by level. The first hop (out of s0) and the
        // last (into d0) go to their port lists as met; middle arcs accumulate in frac[].
        const { head, hops, next: nx, hop, arc1, arc2 } = dag;
        let ns = 0;
        let nd = 0;
        let nc = 1;
        cur[0] = s0;
        amt[s0] = 1;
        while (nc) {
          let nn = 0;
          for (let c = 0; c < nc; c++) {
            const u = cur[c];
            const share = amt[u] / hops[u];
            amt[u] = 0;
            for (let x = head[u]; x >= 0; x = nx[x]) {
              if (nt + 2 > touched.length) {
                const t2 = new Int32Array(touched.length * 2);
                t2.set(touched);
                touched = t2;
              }
              const a1 = arc1[x];
              const a2 = arc2[x];
              const v = hop[x];
              if (u === s0) {
                if (ns + nd + 2 > ports.length) growPorts();
                portArc[ns] = srcCode[a1];
                portFrac[ns++] = share;
                if (a2 >= 0) {
                  portArc[ns] = srcCode[a2];
                  portFrac[ns++] = share;
                }
              } else if (v === d0) {
                if (ns + nd + 2 > ports.length) growPorts();
                ports[nd] = dstCode[a1];
                portsF[nd++] = share;
                if (a2 >= 0) {
                  ports[nd] = dstCode[a2];
                  portsF[nd++] = share;
                }
              } else {
                if (frac[a1] === 0) touched[nt++] = a1;
                frac[a1] += share;
                if (a2 >= 0) {
                  if (frac[a2] === 0) touched[nt++] = a2;
                  frac[a2] += share;
                }
              }
              if (v !== d0) {
                if (amt[v] === 0) nxt[nn++] = v;
                amt[v] += share;
              }
            }
          }
          const sw = cur;
          cur = nxt;
          nxt = sw;
          nc = nn;
        }
        reserve(nt + ns + nd);
        for (let z = 0; z < nt; z++) {
          const a = touched[z];
          codes[k] = a;
          fracs[k++] = frac[a];
          frac[a] = 0;
        }
        codes.set(portArc.subarray(0, ns), k);
        fracs.set(portFrac.subarray(0, ns), k);
        k += ns;
        codes.set(ports.subarray(0, nd), k);
        fracs.set(portsF.subarray(0, nd), k);
        k += nd;
        tLen[3 * t] = nt;
        tLen[3 * t + 1] = ns;
        tLen[3 * t + 2] = nd;
        nt = 0;
        for (let p = L.start[s0]; p < L.start[s0 + 1]; p++) {
          srcCode[L.arc1[p]] = -1;
          if (L.arc2[p] >= 0) srcCode[L.arc2[p]] = -1;
        }
      }
      for (let p = L.start[d0]; p < L.start[d0 + 1]; p++) {
        dstCode[L.arc1[p] ^ 1] = -1;
        if (L.arc2[p] >= 0) dstCode[L.arc2[p] ^ 1] = -1;
      }
      onDest?.((done += 1), groups);
      i = e;
    }
    // Templates in id order, so that start[] is monotone.
    this.code = new Int32Array(k);
    this.frac = new Float64Array(k);
    let o = 0;
    for (let t = 0; t < T; t++) {
      const n = tLen[3 * t] + tLen[3 * t + 1] + tLen[3 * t + 2];
      this.code.set(codes.subarray(tStart[t], tStart[t] + n), o);
      this.frac.set(fracs.subarray(tStart[t], tStart[t] + n), o);
      this.start[3 * t] = o;
      this.start[3 * t + 1] = o + tLen[3 * t];
      this.start[3 * t + 2] = o + tLen[3 * t] + tLen[3 * t + 1];
      o += n;
    }
    this.start[3 * T] = o;
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
  let inc: IncidenceBuilder | null = opt.incidence ? new IncidenceBuilder() : null;
  const rowCommodity: number[] = [];
  let unroutedFlows = c.unroutedFlows;
  let unroutedBytes = c.unroutedBytes;
  let latencyNs = 0;

  if (!ecmp) {
    const r = routeHashed(g, j, opt, bytes, inc, rowCommodity);
    inc = r.inc;
    unroutedFlows += r.unroutedFlows;
    unroutedBytes += r.unroutedBytes;
    latencyNs = r.latencyNs;
  } else {
    const twins = opt.twins === false ? singletons(g) : graphTwins(g);
    const tpl = new Templates(g, twins);
    const jt = new Int32Array(j.n);
    for (let i = 0; i < j.n; i++)
      jt[i] = j.src[i] === j.dst[i] ? -2 : tpl.need(j.layer[i], j.src[i], j.dst[i]);
    let m = aggregateMatrix ? c.matrix! : null;
    const mcls = m ? new Int32Array(m.K) : null;
    let mTpl: Int32Array | null = null;
    let MC = 0;
    if (m && mcls) {
      // Matrix classes: the twin classes of the matrix's endpoints, numbered compactly.
      const ids = new Map<number, number>();
      for (let a = 0; a < m.K; a++) {
        const tc = twins[0].cls[m.node[a]];
        let x = ids.get(tc);
        if (x === undefined) ids.set(tc, (x = ids.size));
        mcls[a] = x;
      }
      MC = ids.size;
    }
    if (m && mcls && MC * MC > MAX_CLASS_PAIRS) {
      // Few twins (a torus, GPUs as their own endpoints): one BFS per destination, loads propagated in bulk.
      const r = routeMatrixBulk(g, m, bytes, opt.onDestination);
      unroutedFlows += r.unroutedFlows;
      unroutedBytes += r.unroutedBytes;
      latencyNs = r.latencyNs;
      m = null;
    }
    if (m && mcls) {
      mTpl = new Int32Array(MC * MC).fill(-1);
      for (let a = 0; a < m.K; a++)
        for (let b = 0; b < m.K; b++) {
          if (a === b || !(m.weight[a * m.K + b] > 0)) continue;
          const key = mcls[a] * MC + mcls[b];
          if (mTpl[key] === -1) mTpl[key] = tpl.need(0, m.node[a], m.node[b]);
        }
    }
    tpl.compute(opt.onDestination);
    if (inc) {
      // Size the incidence up front (exact unless direct pairs have parallel links): no regrowth, no final copy.
      let nnz = 0;
      for (let i = 0; i < j.n; i++) {
        const t = jt[i];
        if (t === -1 || (t >= 0 && tpl.kind[t] === T_UNREACHABLE)) continue;
        if (t >= 0) nnz += tpl.kind[t] === T_DIRECT ? 1 : tpl.start[3 * t + 3] - tpl.start[3 * t];
        nnz += (j.up[i] >= 0 ? 1 : 0) + (j.down[i] >= 0 ? 1 : 0);
      }
      // Past the budget the incidence would be dropped anyway: do not build it.
      inc = nnz > opt.maxNnz ? null : new IncidenceBuilder(nnz);
    }
    const tplBytes = new Float64Array(tpl.n);
    const directArcs: number[] = [];
    /** Arcs and fractions of a direct (adjacent) pair s → d: its parallel links, equally. */
    const direct = (L: Layer, s: number, d: number): number => {
      directArcs.length = 0;
      let lat = 0;
      for (let k = L.start[s]; k < L.start[s + 1]; k++)
        if (L.nbr[k] === d) {
          directArcs.push(L.arc1[k]);
          if (L.arc2[k] >= 0) directArcs.push(L.arc2[k]);
          directArcs.push(-1); // separator: one edge
          if (L.latNs[k] > lat) lat = L.latNs[k];
        }
      return lat;
    };
    for (let i = 0; i < j.n; i++) {
      const s = j.src[i];
      const d = j.dst[i];
      const t = jt[i];
      const L = g.layers[j.layer[i]];
      const w = j.weight[i];
      const b = j.bytes[i];
      if (t === -1 || (t >= 0 && tpl.kind[t] === T_UNREACHABLE)) {
        unroutedFlows += w;
        unroutedBytes += b;
        continue;
      }
      let lat = t >= 0 ? tpl.latNs[t] : 0;
      if (t >= 0 && tpl.kind[t] === T_DIRECT) lat = direct(L, s, d);
      lat += (j.up[i] >= 0 ? g.nodeLatNs[s] : 0) + (j.down[i] >= 0 && s !== d ? g.nodeLatNs[d] : 0);
      if (lat > latencyNs) latencyNs = lat;
      if (j.up[i] >= 0) bytes[j.up[i]] += b;
      if (j.down[i] >= 0) bytes[j.down[i]] += b;
      const row = inc;
      if (t >= 0 && tpl.kind[t] === T_DIRECT) {
        let edges = 0;
        for (const x of directArcs) if (x < 0) edges++;
        for (const x of directArcs)
          if (x >= 0) {
            bytes[x] += b / edges;
            row?.add(x, w / edges);
          }
      } else if (t >= 0) {
        // The middle of the route: bytes per template at the end, entries copied in one run.
        tplBytes[t] += b;
        row?.addRun(tpl.code, tpl.frac, tpl.start[3 * t], tpl.start[3 * t + 1], w);
        for (let part = 1; part < 3; part++)
          for (let e = tpl.start[3 * t + part], f = tpl.start[3 * t + part + 1]; e < f; e++) {
            const x = tpl.arcOf(part, e, L, s, d);
            const fr = tpl.frac[e];
            bytes[x] += b * fr;
            row?.add(x, w * fr);
          }
      }
      if (row) {
        if (j.up[i] >= 0) row.add(j.up[i], w);
        if (j.down[i] >= 0) row.add(j.down[i], w);
        row.endRow(w);
        rowCommodity.push(i);
        if (row.nnz > opt.maxNnz) inc = null; // too large for explicit filling
      }
    }
    if (m && mcls && mTpl) {
      // Leaf-to-leaf matrix in aggregate: per member and class, the bytes of its ports; per class pair, the middle.
      const K = m.K;
      const srcAgg = new Float64Array(K * MC);
      const dstAgg = new Float64Array(K * MC);
      const L = g.layers[0];
      for (let a = 0; a < K; a++)
        for (let b = 0; b < K; b++) {
          const w = m.weight[a * K + b];
          if (!(w > 0)) continue;
          const bt = w * m.bytesPerMember;
          const t = a === b ? -2 : mTpl[mcls[a] * MC + mcls[b]];
          if (t === -1 || (t >= 0 && tpl.kind[t] === T_UNREACHABLE)) {
            unroutedFlows += w;
            unroutedBytes += bt;
            continue;
          }
          const s = m.node[a];
          const d = m.node[b];
          let lat = t >= 0 ? tpl.latNs[t] : 0;
          if (t >= 0 && tpl.kind[t] === T_DIRECT) {
            lat = direct(L, s, d);
            let edges = 0;
            for (const x of directArcs) if (x < 0) edges++;
            for (const x of directArcs) if (x >= 0) bytes[x] += bt / edges;
          } else if (t >= 0) {
            tplBytes[t] += bt;
            srcAgg[a * MC + mcls[b]] += bt;
            dstAgg[b * MC + mcls[a]] += bt;
          }
          lat += (m.up[a] >= 0 ? g.nodeLatNs[s] : 0) + (m.down[b] >= 0 && a !== b ? g.nodeLatNs[d] : 0);
          if (lat > latencyNs) latencyNs = lat;
          if (m.up[a] >= 0) bytes[m.up[a]] += bt;
          if (m.down[b] >= 0) bytes[m.down[b]] += bt;
        }
      for (let a = 0; a < K; a++)
        for (let q = 0; q < MC; q++) {
          for (const part of [1, 2]) {
            const amount = (part === 1 ? srcAgg : dstAgg)[a * MC + q];
            if (!(amount > 0)) continue;
            const key = part === 1 ? mcls[a] * MC + q : q * MC + mcls[a];
            const t = mTpl[key];
            const node = m.node[a];
            for (let e = tpl.start[3 * t + part], f = tpl.start[3 * t + part + 1]; e < f; e++)
              bytes[tpl.arcOf(part, e, L, node, node)] += amount * tpl.frac[e];
          }
        }
    }
    for (let t = 0; t < tpl.n; t++) {
      const tb = tplBytes[t];
      if (tb === 0) continue;
      for (let e = tpl.start[3 * t], f = tpl.start[3 * t + 1]; e < f; e++)
        bytes[tpl.code[e]] += tb * tpl.frac[e];
    }
  }
  const incidence = inc ? inc.finish(arcs) : null;
  return {
    bytes,
    unroutedFlows,
    unroutedBytes,
    latencyNs,
    incidence,
    rowCommodity: incidence ? Int32Array.from(rowCommodity) : new Int32Array(0),
  };
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
  bytes: Float64Array,
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
      const lat =
        dag.latNs[s] + (m.up[a] >= 0 ? g.nodeLatNs[s] : 0) + (m.down[b] >= 0 && s !== d ? g.nodeLatNs[d] : 0);
      if (lat > latencyNs) latencyNs = lat;
      if (m.up[a] >= 0) bytes[m.up[a]] += bt;
      if (m.down[b] >= 0) bytes[m.down[b]] += bt;
      if (s !== d) amt[s] += bt;
    }
    propagate(dag, amt, bytes);
  }
  return { unroutedFlows, unroutedBytes, latencyNs };
}

const twinCache = new WeakMap<RoutingGraph, [Twins, Twins]>();

/** Twin classes of both layers, computed once per graph. */
export function graphTwins(g: RoutingGraph): [Twins, Twins] {
  let t = twinCache.get(g);
  if (!t) {
    t = [twinClasses(g.layers[0], g.transit), twinClasses(g.layers[1], g.transit)];
    twinCache.set(g, t);
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
  rowCommodity: number[],
) {
  let inc = incIn;
  const { start, order, srcs } = byDestination(j, g.nodeCount);
  const dag = new Dag(g);
  const frac = new Float64Array(bytes.length);
  const touched: number[] = [];
  let unroutedFlows = 0;
  let unroutedBytes = 0;
  let latencyNs = 0;
  const groups = start.length - 1;
  let done = 0;
  let total = 0;
  for (let k = 0; k < groups; k++) if (start[k + 1] > start[k]) total++;

  const touch = (x: number, v: number) => {
    if (frac[x] === 0) touched.push(x);
    frac[x] += v;
  };

  // One path from `s`: the next hop picked by hash (or the first one) at every node.
  const walk = (s: number, ka: number, kb: number, sub: number) => {
    const { root, head, hops, next: nx, hop, arc1, arc2 } = dag;
    let u = s;
    let h = 0;
    while (u !== root) {
      let pick = opt.routing === 'shortest' ? hops[u] - 1 : hash4(opt.seed ^ ka, kb, sub, h++) % hops[u];
      let e = head[u];
      while (pick-- > 0) e = nx[e];
      touch(arc1[e], 1);
      if (arc2[e] >= 0) touch(arc2[e], 1);
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
    opt.onDestination?.(++done, total);
    for (let p = lo; p < hi; p++) {
      const i = order[p];
      const s = j.src[i];
      if (s !== dst && dag.dist[s] < 0) {
        unroutedFlows += j.weight[i];
        unroutedBytes += j.bytes[i];
        continue;
      }
      // Switching at the source and destination leaves too, when the GPUs hang below them.
      const lat =
        dag.latNs[s] +
        (j.up[i] >= 0 ? g.nodeLatNs[s] : 0) +
        (j.down[i] >= 0 && s !== dst ? g.nodeLatNs[dst] : 0);
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
  return { inc, unroutedFlows, unroutedBytes, latencyNs };
}

/** ECMP-splits the amounts injected at nodes toward the DAG's root, adding them to `load` (amt is cleared). */
export function propagate(dag: Dag, amt: Float64Array, load: Float64Array): void {
  const { order, root, head, hops, next, hop, arc1, arc2 } = dag;
  for (let p = dag.size - 1; p > 0; p--) {
    const u = order[p];
    const a = amt[u];
    if (a === 0) continue;
    amt[u] = 0;
    if (!hops[u]) continue;
    const share = a / hops[u];
    for (let e = head[u]; e >= 0; e = next[e]) {
      load[arc1[e]] += share;
      if (arc2[e] >= 0) load[arc2[e]] += share;
      amt[hop[e]] += share;
    }
  }
  amt[root] = 0;
}
