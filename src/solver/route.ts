// Fixed routing of commodities over the shortest-path DAG toward each distinct destination
// endpoint (a leaf, not a GPU): one BFS per destination serves every commodity bound for it.
// - ecmp: demand splits equally over the next hops at every node (what switches do).
// - ecmp-hash: one path per flow, a seeded hash picking the next hop at every node.
// - shortest: one deterministic path (always the first next hop).
// Produces bytes per arc and, when asked, the incidence (fraction of each row on each arc) that
// max-min filling needs. Demand whose endpoints are not connected is counted as unrouted.

import type { Scenario } from '../model/scenario';
import type { Commodities } from '../traffic/aggregate';
import { hash4 } from '../traffic/rng';
import { Dag } from './dag';
import type { RoutingGraph } from './graph';
import { IncidenceBuilder, type Incidence } from './incidence';

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

/** Commodities (list part and, if present, every non-zero matrix entry) as routing jobs. */
function jobs(c: Commodities): Job {
  const m = c.matrix;
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

export function route(g: RoutingGraph, c: Commodities, opt: RouteOptions): Routed {
  const arcs = g.arcCount + c.virtualArcs.count;
  const bytes = new Float64Array(arcs);
  const j = jobs(c);
  const { start, order, srcs } = byDestination(j, g.nodeCount);
  const dag = new Dag(g);
  const amt = new Float64Array(g.nodeCount);
  const frac = new Float64Array(arcs);
  const touched: number[] = [];
  let inc: IncidenceBuilder | null = opt.incidence ? new IncidenceBuilder() : null;
  const rowCommodity: number[] = [];
  let unroutedFlows = c.unroutedFlows;
  let unroutedBytes = c.unroutedBytes;
  let latencyNs = 0;
  let cur = new Int32Array(g.nodeCount);
  let next = new Int32Array(g.nodeCount);
  const hashed = opt.routing !== 'ecmp';
  const groups = start.length - 1;
  let done = 0;
  let total = 0;
  for (let k = 0; k < groups; k++) if (start[k + 1] > start[k]) total++;

  const touch = (x: number, v: number) => {
    if (frac[x] === 0) touched.push(x);
    frac[x] += v;
  };

  // ECMP fractions of one unit from `s` toward the DAG root into frac[] (touched lists the arcs),
  // level by level: every node of a level is one hop closer than the last.
  const spread = (s: number) => {
    const { root, head, hops, next: nx, hop, arc1, arc2 } = dag;
    let nc = 1;
    cur[0] = s;
    amt[s] = 1;
    while (nc) {
      let nn = 0;
      for (let i = 0; i < nc; i++) {
        const u = cur[i];
        const share = amt[u] / hops[u];
        amt[u] = 0;
        for (let e = head[u]; e >= 0; e = nx[e]) {
          touch(arc1[e], share);
          if (arc2[e] >= 0) touch(arc2[e], share);
          const v = hop[e];
          if (v !== root) {
            if (amt[v] === 0) next[nn++] = v;
            amt[v] += share;
          }
        }
      }
      [cur, next] = [next, cur];
      nc = nn;
    }
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
    const bulk = !inc && !hashed;
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
      if (bulk) {
        // Loads only: inject here, spread once per destination below.
        amt[s] += b;
        continue;
      }
      const subs = hashed ? Math.max(1, Math.min(Math.round(w), opt.maxSubflows)) : 1;
      for (let q = 0; q < subs; q++) {
        if (s !== dst) {
          if (hashed) walk(s, j.keyA[i], j.keyB[i], q);
          else spread(s);
        }
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
    if (bulk) propagate(dag, amt, bytes);
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
