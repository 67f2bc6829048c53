// Exact aggregation of GPU-level demands into weighted commodities.
//
// A commodity is a set of transfers with one route; its weight is how many transfers it holds
// (for max-min fairness every member gets the same rate) and `bytes` what they carry in total.
// - Transfers inside a live scale-up domain route over scale-up links only (layer 1).
// - Other transfers route between scale-out endpoints (layer 0): a GPU's leaf when it has one
//   scale-out link, with its access arcs accounted per GPU, else the GPU itself.
// - Explicit transfers fold when source and destination GPU coincide.
// - All-to-all folds by endpoint class: a matrix of member counts between leaves, whose access
//   arcs become one virtual arc per leaf and direction (capacity: the sum of its GPUs' access
//   links; load: split back to each GPU's arc by its share of the demand, which is exact). For
//   max-min the virtual arc is exact when a leaf's GPUs are interchangeable, as in every
//   generated fabric (identical servers); loads and λ are exact always.

import type { Fabric } from '../model/fabric';
import type { Attachments } from './attach';
import type { AllToAllPhase, PairPhase, Phase } from './demand';

/** Access arcs of many GPUs seen as one arc (ids from `base` = 2 · linkCount on). */
export interface VirtualArcs {
  base: number;
  count: number;
  cap: Float64Array;
  /** Physical arcs behind virtual arc v: arcs[start[v] .. start[v+1]), with their share of its load. */
  start: Int32Array;
  arcs: Int32Array;
  share: Float64Array;
  /**
   * Per physical arc behind a virtual one: its GPU, that GPU's live scale-up domain (-1: none) and
   * its all-to-all group. Two GPUs talk over the fabric when they differ, share a group and not
   * a domain: what the latency of a folded leaf pair takes its worst over.
   */
  gpu: Int32Array;
  domain: Int32Array;
  group: Int32Array;
}

/** Leaf-to-leaf member counts of an all-to-all. */
export interface ClassMatrix {
  K: number;
  /** Routing endpoint node of each class. */
  node: Int32Array;
  /** Virtual access arcs of each class (-1 for a self-attached GPU). */
  up: Int32Array;
  down: Int32Array;
  /** Member transfers from class a to class b: weight[a·K + b]. */
  weight: Float32Array;
  bytesPerMember: number;
  /** A GPU of each class (for naming flows). */
  gpu: Int32Array;
}

export interface Commodities {
  count: number;
  /** 0: scale-out, 1: inside a scale-up domain. */
  layer: Uint8Array;
  /** Routing endpoints (nodes). */
  src: Int32Array;
  dst: Int32Array;
  /** Access arcs (physical, or virtual ≥ 2 · linkCount), -1 where none. */
  up: Int32Array;
  down: Int32Array;
  weight: Float64Array;
  bytes: Float64Array;
  /** A member's source and destination GPU (index). */
  srcGpu: Int32Array;
  dstGpu: Int32Array;
  /** Leaf-to-leaf part of an all-to-all, or null. */
  matrix: ClassMatrix | null;
  virtualArcs: VirtualArcs;
  /** Member transfers, routed or not. */
  flows: number;
  unroutedFlows: number;
  unroutedBytes: number;
  /**
   * The load normalisation, per plane: the bytes the busiest GPU sends outside its scale-up
   * domain in this phase (over its NIC), and the largest ratio of a GPU's bytes inside its
   * domain to its live scale-up capacity (bytes per Gb/s).
   */
  egressMaxBytes: number;
  domainBytesPerGbps: number;
}

const noVirtual = (f: Fabric): VirtualArcs => ({
  base: 2 * f.linkCount,
  count: 0,
  cap: new Float64Array(0),
  start: new Int32Array(1),
  arcs: new Int32Array(0),
  share: new Float64Array(0),
  gpu: new Int32Array(0),
  domain: new Int32Array(0),
  group: new Int32Array(0),
});

/** Growable typed columns of commodities (no per-entry JS arrays: 100k-GPU phases stay cheap). */
class ListBuilder {
  n = 0;
  layer: Uint8Array;
  src: Int32Array;
  dst: Int32Array;
  up: Int32Array;
  down: Int32Array;
  weight: Float64Array;
  bytes: Float64Array;
  srcGpu: Int32Array;
  dstGpu: Int32Array;
  constructor(capacity = 64) {
    const c = Math.max(1, capacity);
    this.layer = new Uint8Array(c);
    this.src = new Int32Array(c);
    this.dst = new Int32Array(c);
    this.up = new Int32Array(c);
    this.down = new Int32Array(c);
    this.weight = new Float64Array(c);
    this.bytes = new Float64Array(c);
    this.srcGpu = new Int32Array(c);
    this.dstGpu = new Int32Array(c);
  }
  private grow() {
    const c = 2 * this.layer.length;
    const g = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.layer = g(this.layer, (n) => new Uint8Array(n));
    this.src = g(this.src, (n) => new Int32Array(n));
    this.dst = g(this.dst, (n) => new Int32Array(n));
    this.up = g(this.up, (n) => new Int32Array(n));
    this.down = g(this.down, (n) => new Int32Array(n));
    this.weight = g(this.weight, (n) => new Float64Array(n));
    this.bytes = g(this.bytes, (n) => new Float64Array(n));
    this.srcGpu = g(this.srcGpu, (n) => new Int32Array(n));
    this.dstGpu = g(this.dstGpu, (n) => new Int32Array(n));
  }
  add(
    layer: number,
    s: number,
    d: number,
    up: number,
    down: number,
    w: number,
    b: number,
    g: number,
    h: number,
  ) {
    if (this.n === this.layer.length) this.grow();
    const i = this.n;
    this.layer[i] = layer;
    this.src[i] = s;
    this.dst[i] = d;
    this.up[i] = up;
    this.down[i] = down;
    this.weight[i] = w;
    this.bytes[i] = b;
    this.srcGpu[i] = g;
    this.dstGpu[i] = h;
    return this.n++;
  }
}

function finish(
  f: Fabric,
  lb: ListBuilder,
  rest: Pick<
    Commodities,
    'flows' | 'unroutedFlows' | 'unroutedBytes' | 'egressMaxBytes' | 'domainBytesPerGbps'
  >,
  matrix: ClassMatrix | null = null,
  virtualArcs: VirtualArcs = noVirtual(f),
): Commodities {
  return {
    count: lb.n,
    layer: lb.layer.slice(0, lb.n),
    src: lb.src.slice(0, lb.n),
    dst: lb.dst.slice(0, lb.n),
    up: lb.up.slice(0, lb.n),
    down: lb.down.slice(0, lb.n),
    weight: lb.weight.slice(0, lb.n),
    bytes: lb.bytes.slice(0, lb.n),
    srcGpu: lb.srcGpu.slice(0, lb.n),
    dstGpu: lb.dstGpu.slice(0, lb.n),
    matrix,
    virtualArcs,
    ...rest,
  };
}

function aggregatePairs(f: Fabric, att: Attachments, p: PairPhase): Commodities {
  // One loop nest per function (see solver/pieces.ts, middleGroups): each compiles on its own.
  const buckets = byDestination(p, att.gpuCount);
  const folded = foldPairs(att, buckets);
  const { egressMaxBytes, domainBytesPerGbps } = peaks(folded.egress, folded.inDomain, att.domainGbps);
  const { lb, flows, unroutedFlows, unroutedBytes } = folded;
  return finish(f, lb, { flows, unroutedFlows, unroutedBytes, egressMaxBytes, domainBytesPerGbps });
}

/** Transfers bucketed by destination GPU (counting sort): sources and bytes in bucket order, so
 * the fold reads them in sequence. */
function byDestination(p: PairPhase, G: number) {
  const { src, dst, bytes } = p;
  const n = src.length;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) if (dst[i] < G) start[dst[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const bSrc = new Int32Array(start[G]);
  const bBytes = new Float64Array(start[G]);
  const fill = start.slice(0, G);
  for (let i = 0; i < n; i++) {
    const h = dst[i];
    if (h >= G) continue;
    const k = fill[h]++;
    bSrc[k] = src[i];
    bBytes[k] = bytes[i];
  }
  return { start, bSrc, bBytes };
}

/** Equal (source, destination) transfers folded into one weighted commodity each; what every
 * GPU sends out of its domain (egress) and inside it. */
function foldPairs(att: Attachments, { start, bSrc, bBytes }: ReturnType<typeof byDestination>) {
  const G = att.gpuCount;
  const { routeDomain, attach, upArc, downArc, gpuNodes } = att;
  const egress = new Float64Array(G); // out of the GPU's domain
  const inDomain = new Float64Array(G);
  const stamp = new Int32Array(G).fill(-1);
  const slot = new Int32Array(G);
  const lb = new ListBuilder(Math.min(start[G], G));
  let unroutedFlows = 0;
  let unroutedBytes = 0;
  let flows = 0;
  for (let h = 0; h < G; h++)
    for (let k = start[h]; k < start[h + 1]; k++) {
      const g = bSrc[k];
      const b = bBytes[k];
      if (g === h || g < 0 || g >= G) continue;
      flows++;
      const dg = routeDomain[g];
      if (dg >= 0 && dg === routeDomain[h]) inDomain[g] += b;
      else egress[g] += b;
      if (stamp[g] === h) {
        lb.weight[slot[g]]++;
        lb.bytes[slot[g]] += b;
        continue;
      }
      if (dg >= 0 && dg === routeDomain[h]) {
        slot[g] = lb.add(1, gpuNodes[g], gpuNodes[h], -1, -1, 1, b, g, h);
      } else if (attach[g] < 0 || attach[h] < 0) {
        unroutedFlows++;
        unroutedBytes += b;
        continue;
      } else {
        slot[g] = lb.add(0, attach[g], attach[h], upArc[g], downArc[h], 1, b, g, h);
      }
      stamp[g] = h;
    }
  return { lb, flows, unroutedFlows, unroutedBytes, egress, inDomain };
}

/** The most any GPU sends out of its domain, and inside it per Gb/s of its scale-up links. */
function peaks(egress: Float64Array, inDomain: Float64Array, domainGbps: Float64Array) {
  let egressMaxBytes = 0;
  let domainBytesPerGbps = 0;
  for (let g = 0; g < egress.length; g++) {
    egressMaxBytes = Math.max(egressMaxBytes, egress[g]);
    if (inDomain[g] > 0) domainBytesPerGbps = Math.max(domainBytesPerGbps, inDomain[g] / domainGbps[g]);
  }
  return { egressMaxBytes, domainBytesPerGbps };
}

function aggregateAllToAll(f: Fabric, att: Attachments, p: AllToAllPhase): Commodities {
  const G = att.gpuCount;
  const gpus = p.gpus;
  const size = Math.max(1, p.groupSize);
  // Classes: distinct scale-out endpoints; class K collects GPUs without one (unroutable).
  const classOfNode = new Int32Array(f.nodeCount).fill(-1);
  const nodes: number[] = [];
  const cls = new Int32Array(G).fill(-1);
  for (const g of gpus) {
    const a = att.attach[g];
    if (a < 0) continue;
    if (classOfNode[a] < 0) classOfNode[a] = nodes.push(a) - 1;
    cls[g] = classOfNode[a];
  }
  const K = nodes.length;
  const K1 = K + 1;
  const W = new Float64Array(K1 * K1);
  const lb = new ListBuilder();
  const peersOut = new Float64Array(G); // scale-out peers per GPU: its share of its leaf's access load
  let peersOutMax = 0;
  let domainPeersPerGbps = 0; // peers inside a GPU's domain over its scale-up capacity, at most
  const count = new Float64Array(K1);
  const touched: number[] = [];
  const keys = new Float64Array(size);
  for (let q = 0; q * size < gpus.length; q++) {
    const lo = q * size;
    const hi = Math.min(gpus.length, lo + size);
    // Group counts per class: every ordered pair of the group...
    touched.length = 0;
    for (let i = lo; i < hi; i++) {
      const c = cls[gpus[i]] < 0 ? K : cls[gpus[i]];
      if (count[c]++ === 0) touched.push(c);
    }
    for (const a of touched) for (const b of touched) W[a * K1 + b] += count[a] * count[b];
    for (const a of touched) count[a] = 0;
    // ...less the pairs inside one live domain (a GPU with itself included): sort by domain.
    const m = hi - lo;
    for (let i = 0; i < m; i++) {
      const g = gpus[lo + i];
      const d = att.routeDomain[g];
      keys[i] = (d < 0 ? G + g : d) * G + g;
    }
    const sorted = keys.subarray(0, m).sort();
    for (let i = 0; i < m;) {
      const d = Math.floor(sorted[i] / G);
      let j = i;
      touched.length = 0;
      while (j < m && Math.floor(sorted[j] / G) === d) {
        const g = sorted[j] % G;
        const c = cls[g] < 0 ? K : cls[g];
        if (count[c]++ === 0) touched.push(c);
        j++;
      }
      for (const a of touched) for (const b of touched) W[a * K1 + b] -= count[a] * count[b];
      for (const a of touched) count[a] = 0;
      for (let x = i; x < j; x++) {
        const g = sorted[x] % G;
        peersOut[g] = hi - lo - (j - i);
        peersOutMax = Math.max(peersOutMax, peersOut[g]);
        if (j - i > 1 && d < G)
          domainPeersPerGbps = Math.max(domainPeersPerGbps, (j - i - 1) / att.domainGbps[g]);
      }
      if (j - i > 1 && d < G)
        for (let x = i; x < j; x++)
          for (let y = i; y < j; y++) {
            if (x === y) continue;
            const g = sorted[x] % G;
            const h = sorted[y] % G;
            lb.add(1, att.gpuNodes[g], att.gpuNodes[h], -1, -1, 1, p.bytesPerPair, g, h);
          }
      i = j;
    }
  }
  let unrouted = 0;
  for (let a = 0; a < K1; a++) unrouted += W[a * K1 + K] + (a < K ? W[K * K1 + a] : 0);
  // Virtual access arcs: one up and one down per leaf class.
  const upMembers: number[][] = Array.from({ length: K }, () => []);
  for (const g of gpus) if (cls[g] >= 0 && att.upArc[g] >= 0) upMembers[cls[g]].push(g);
  const base = 2 * f.linkCount;
  const groupOf = new Int32Array(G).fill(-1);
  for (let i = 0; i < gpus.length; i++) groupOf[gpus[i]] = Math.floor(i / size);
  const vStart = [0];
  const vArcs: number[] = [];
  const vShare: number[] = [];
  const vGpu: number[] = [];
  const vCap: number[] = [];
  const up = new Int32Array(K).fill(-1);
  const down = new Int32Array(K).fill(-1);
  for (let c = 0; c < K; c++) {
    const mem = upMembers[c];
    if (!mem.length) continue;
    let total = 0;
    for (const g of mem) total += peersOut[g];
    for (const dir of [0, 1]) {
      let cap = 0;
      for (const g of mem) {
        const arc = dir === 0 ? att.upArc[g] : att.downArc[g];
        vArcs.push(arc);
        vShare.push(total > 0 ? peersOut[g] / total : 1 / mem.length);
        vGpu.push(g);
        cap += f.linkGbps[arc >> 1];
      }
      vCap.push(cap);
      vStart.push(vArcs.length);
      (dir === 0 ? up : down)[c] = base + vCap.length - 1;
    }
  }
  const weight = new Float32Array(K * K);
  const gpuOf = new Int32Array(K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) weight[a * K + b] = W[a * K1 + b];
  for (const g of gpus) if (cls[g] >= 0) gpuOf[cls[g]] = g;
  const matrix: ClassMatrix = {
    K,
    node: Int32Array.from(nodes),
    up,
    down,
    weight,
    bytesPerMember: p.bytesPerPair,
    gpu: gpuOf,
  };
  const virtualArcs: VirtualArcs = {
    base,
    count: vCap.length,
    cap: Float64Array.from(vCap),
    start: Int32Array.from(vStart),
    arcs: Int32Array.from(vArcs),
    share: Float64Array.from(vShare),
    gpu: Int32Array.from(vGpu),
    domain: Int32Array.from(vGpu, (g) => att.routeDomain[g]),
    group: Int32Array.from(vGpu, (g) => groupOf[g]),
  };
  let flows = 0;
  for (let q = 0; q * size < gpus.length; q++) {
    const m = Math.min(size, gpus.length - q * size);
    flows += m * (m - 1);
  }
  return finish(
    f,
    lb,
    {
      flows,
      unroutedFlows: unrouted,
      unroutedBytes: unrouted * p.bytesPerPair,
      egressMaxBytes: peersOutMax * p.bytesPerPair,
      domainBytesPerGbps: domainPeersPerGbps * p.bytesPerPair,
    },
    matrix,
    virtualArcs,
  );
}

export function aggregate(f: Fabric, att: Attachments, phase: Phase): Commodities {
  return phase.kind === 'pairs' ? aggregatePairs(f, att, phase) : aggregateAllToAll(f, att, phase);
}
