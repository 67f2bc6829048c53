// The routing graph: two layers of adjacency (CSR) over the fabric's nodes, failed links removed.
// Layer 0 (scale-out) holds every live link but scale-up domain links and the access links of
// GPUs represented by their leaf; layer 1 holds the domain links. An edge names the directed
// arcs it loads: one, or two for an optical circuit (GPU → OCS → GPU is one light path, so an
// OCS never mixes circuits; a fibre's circuit partner is `linkPeer`). GPUs forward only in
// fabrics without switches (a torus).
//
// Each node's adjacency is sorted by neighbour (ties in link order), so two twins — nodes with
// the same neighbours over the same number of links — list their ports in the same order:
// port p of one faces the same switch as port p of the other. Routing relies on that (twins.ts).

import { PROPAGATION_NS_PER_M } from '../model/catalog';
import { NODE_GPU, NODE_SWITCH, type Fabric } from '../model/fabric';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import type { Attachments } from '../traffic/attach';

export interface Layer {
  start: Int32Array;
  nbr: Int32Array;
  arc1: Int32Array;
  /** Second arc of an optical circuit, else -1. */
  arc2: Int32Array;
  /** Latency of the edge, ns: its links (cables and modules, withLengths) and a circuit's OCS. */
  latNs: Float32Array;
  /** The part of it that does not depend on cable lengths: an optical circuit's OCS, ns. */
  fixedNs: Float32Array;
}

export interface RoutingGraph {
  nodeCount: number;
  /** Physical directed arcs: 2 per link. */
  arcCount: number;
  arcCap: Float64Array;
  /** 1 where a node may forward traffic. */
  transit: Uint8Array;
  /** Switching latency of a node, ns. */
  nodeLatNs: Float32Array;
  /**
   * Latency of each link itself, ns: its cable's propagation and its modules (zeros until
   * withLengths). What edges add up; GPU access links, in no layer, are read here.
   */
  linkNs: Float32Array;
  layers: [Layer, Layer];
}

/** Undirected edges in typed arrays (a → b loads arc1 then arc2). */
class EdgeList {
  n = 0;
  a: Int32Array;
  b: Int32Array;
  x1: Int32Array;
  x2: Int32Array;
  /** Latency that does not depend on cable lengths, ns. */
  fixed: Float32Array;
  constructor(cap: number) {
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.x1 = new Int32Array(cap);
    this.x2 = new Int32Array(cap);
    this.fixed = new Float32Array(cap);
  }
  add(a: number, b: number, x1: number, x2: number, fixed: number): void {
    const i = this.n++;
    this.a[i] = a;
    this.b[i] = b;
    this.x1[i] = x1;
    this.x2[i] = x2;
    this.fixed[i] = fixed;
  }
}

/** CSR over both directions of every edge, each node's entries ordered by neighbour, then edge.
 * One loop nest per function (see pieces.ts, middleGroups): each compiles on its own. */
function csr(n: number, e: EdgeList): Layer {
  const start = edgeStarts(n, e);
  const byNbr = byNeighbour(e, start.slice(0, n));
  return fillLayer(n, e, byNbr, start);
}

/** Where each node's entries start: its edges, counted at both ends. */
function edgeStarts(n: number, e: EdgeList): Int32Array {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < e.n; i++) {
    start[e.a[i] + 1]++;
    start[e.b[i] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  return start;
}

/** Directed entries (2i is a → b, 2i + 1 is b → a) by neighbour: a counting sort over the
 * same per-node offsets (a node is the neighbour of as many entries as it has). */
function byNeighbour(e: EdgeList, fill: Int32Array): Int32Array {
  const byNbr = new Int32Array(2 * e.n);
  for (let i = 0; i < e.n; i++) {
    byNbr[fill[e.b[i]]++] = 2 * i;
    byNbr[fill[e.a[i]]++] = 2 * i + 1;
  }
  return byNbr;
}

/** Entries in neighbour order, (stably) sorted by source. */
function fillLayer(n: number, e: EdgeList, byNbr: Int32Array, start: Int32Array): Layer {
  const M = byNbr.length;
  const fill = start.slice(0, n);
  const nbr = new Int32Array(M);
  const arc1 = new Int32Array(M);
  const arc2 = new Int32Array(M);
  const fixedNs = new Float32Array(M);
  for (let q = 0; q < M; q++) {
    const d = byNbr[q];
    const i = d >> 1;
    const x1 = e.x1[i];
    const x2 = e.x2[i];
    if ((d & 1) === 0) {
      const k = fill[e.a[i]]++;
      nbr[k] = e.b[i];
      arc1[k] = x1;
      arc2[k] = x2;
      fixedNs[k] = e.fixed[i];
    } else {
      // Reverse direction: the arcs back, in reverse order.
      const k = fill[e.b[i]]++;
      nbr[k] = e.a[i];
      arc1[k] = x2 >= 0 ? x2 ^ 1 : x1 ^ 1;
      arc2[k] = x2 >= 0 ? x1 ^ 1 : -1;
      fixedNs[k] = e.fixed[i];
    }
  }
  return { start, nbr, arc1, arc2, latNs: fixedNs, fixedNs };
}

/** The routing graph with cable lengths (m per link) in its edge latencies. */
export function routingGraph(
  f: Fabric,
  s: Scenario,
  att: Attachments,
  lengthM?: Float32Array,
  moduleNs?: Float32Array,
): RoutingGraph {
  return withLengths(routingTopology(f, s, att), lengthM, moduleNs);
}

/**
 * The same graph with edge latencies from these cable lengths (m per link) and the latency each
 * link's modules add (ns per link, model/media moduleLatencyNs): new latency arrays, everything
 * else shared. Cheap (one pass over the edges), so a graph built before placement serves every
 * placement of its fabric.
 */
export function withLengths(g: RoutingGraph, lengthM?: Float32Array, moduleNs?: Float32Array): RoutingGraph {
  if (!lengthM && !moduleNs) return g;
  const linkNs = new Float32Array(g.linkNs.length);
  for (let l = 0; l < linkNs.length; l++)
    linkNs[l] = (lengthM ? lengthM[l] * PROPAGATION_NS_PER_M : 0) + (moduleNs ? moduleNs[l] : 0);
  const layer = (L: Layer): Layer => {
    const latNs = new Float32Array(L.fixedNs.length);
    // An edge's arcs name its links: one cable, or an optical circuit's two fibres.
    for (let k = 0; k < latNs.length; k++)
      latNs[k] = L.fixedNs[k] + linkNs[L.arc1[k] >> 1] + (L.arc2[k] >= 0 ? linkNs[L.arc2[k] >> 1] : 0);
    return { ...L, latNs };
  };
  return { ...g, linkNs, layers: [layer(g.layers[0]), layer(g.layers[1])] };
}

/** The routing graph without cable lengths (latencies of passive hops only). */
export function routingTopology(f: Fabric, s: Scenario, att: Attachments): RoutingGraph {
  const n = f.nodeCount;
  const cat = resolveCatalog(s);
  const modelLat = f.switchModels.map((id) => cat.switchModel(id).latencyNs);
  const { transit, nodeLatNs } = transitNodes(f, modelLat);
  const L = f.linkCount;
  let domCount = 0;
  for (let l = 0; l < L; l++) domCount += att.domainLink[l];
  const out = new EdgeList(L - domCount);
  const dom = new EdgeList(domCount);
  const access = new Uint8Array(L);
  for (let g = 0; g < att.gpuCount; g++) if (att.upArc[g] >= 0) access[att.upArc[g] >> 1] = 1;
  addEdges(f, att, circuitPeers(f), access, modelLat, out, dom);
  const arcCap = new Float64Array(2 * L);
  for (let l = 0; l < L; l++) arcCap[2 * l] = arcCap[2 * l + 1] = f.linkGbps[l];
  return {
    nodeCount: n,
    arcCount: 2 * L,
    arcCap,
    transit,
    nodeLatNs,
    linkNs: new Float32Array(L),
    layers: [csr(n, out), csr(n, dom)],
  };
}

/** Nodes that forward (switches; GPUs too in a direct-connect fabric), and their latency. */
function transitNodes(f: Fabric, modelLat: number[]) {
  const n = f.nodeCount;
  let switched = false;
  for (let i = 0; i < n && !switched; i++) if (f.nodeKind[i] === NODE_SWITCH) switched = true;
  const transit = new Uint8Array(n);
  const nodeLatNs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = f.nodeKind[i];
    transit[i] = k === NODE_SWITCH || (k === NODE_GPU && !switched) ? 1 : 0;
    if (k === NODE_SWITCH) nodeLatNs[i] = modelLat[f.nodeModel[i]];
  }
  return { transit, nodeLatNs };
}

/** Circuit partners from linkPeer; fibres into an OCS without one (hand-written custom fabrics)
 * pair up in build order per OCS, as a generator adds a circuit's two fibres. */
function circuitPeers(f: Fabric): Int32Array {
  const L = f.linkCount;
  const { linkA, linkB, nodeKind } = f;
  const linkPeer = f.linkPeer ? Int32Array.from(f.linkPeer) : new Int32Array(L).fill(-1);
  const lastOpen = new Map<number, number>();
  for (let l = 0; l < L; l++) {
    if (linkPeer[l] >= 0) continue;
    const ocs = nodeKind[linkA[l]] === 2 ? linkA[l] : nodeKind[linkB[l]] === 2 ? linkB[l] : -1;
    if (ocs < 0) continue;
    const open = lastOpen.get(ocs);
    if (open === undefined) lastOpen.set(ocs, l);
    else {
      linkPeer[open] = l;
      linkPeer[l] = open;
      lastOpen.delete(ocs);
    }
  }
  return linkPeer;
}

/** Every live link not a GPU's access link becomes an edge: scale-up links in `dom`, the rest
 * (an optical circuit's two fibres as one edge) in `out`. */
function addEdges(
  f: Fabric,
  att: Attachments,
  linkPeer: Int32Array,
  access: Uint8Array,
  modelLat: number[],
  out: EdgeList,
  dom: EdgeList,
): void {
  const L = f.linkCount;
  const { linkA, linkB, nodeKind, nodeModel } = f;
  for (let l = 0; l < L; l++) {
    const peer = linkPeer[l];
    if (peer >= 0) {
      // An optical circuit: its two fibres, l and its peer, make one edge between their far ends.
      // A fibre whose partner failed carries nothing; an unpaired fibre (peer out of range) neither.
      if (peer <= l || peer >= L || !att.alive[l] || !att.alive[peer]) continue;
      const ocsL = nodeKind[linkB[l]] === 2 ? linkB[l] : linkA[l];
      const ocsP = nodeKind[linkB[peer]] === 2 ? linkB[peer] : linkA[peer];
      const x = linkA[l] === ocsL ? linkB[l] : linkA[l];
      const y = linkA[peer] === ocsP ? linkB[peer] : linkA[peer];
      out.add(
        x,
        y,
        linkA[l] === x ? 2 * l : 2 * l + 1,
        linkA[peer] === ocsP ? 2 * peer : 2 * peer + 1,
        modelLat[nodeModel[ocsL]],
      );
      continue;
    }
    if (!att.alive[l] || access[l]) continue;
    if (nodeKind[linkA[l]] === 2 || nodeKind[linkB[l]] === 2) continue; // an OCS fibre without a circuit
    (att.domainLink[l] ? dom : out).add(linkA[l], linkB[l], 2 * l, -1, 0);
  }
}
