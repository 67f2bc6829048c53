// The routing graph: two layers of adjacency (CSR) over the fabric's nodes, failed links removed.
// Layer 0 (scale-out) holds every live link but scale-up domain links and the access links of
// GPUs represented by their leaf; layer 1 holds the domain links. An edge names the directed
// arcs it loads: one, or two for an optical circuit (GPU → OCS → GPU is one light path, so an
// OCS never mixes circuits; its links pair up in link order, the order the generator adds a
// circuit's two fibres). GPUs forward only in fabrics without switches (a torus).

import { PROPAGATION_NS_PER_M } from '../model/catalog';
import { NODE_GPU, NODE_OCS, NODE_SWITCH, type Fabric } from '../model/fabric';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import type { Attachments } from '../traffic/attach';

export interface Layer {
  start: Int32Array;
  nbr: Int32Array;
  arc1: Int32Array;
  /** Second arc of an optical circuit, else -1. */
  arc2: Int32Array;
  /** Propagation and passive-hop latency of the edge, ns. */
  latNs: Float32Array;
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
  layers: [Layer, Layer];
}

interface EdgeList {
  a: number[];
  b: number[];
  arcAB1: number[];
  arcAB2: number[];
  lat: number[];
}

function csr(n: number, e: EdgeList): Layer {
  const m = e.a.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    start[e.a[i] + 1]++;
    start[e.b[i] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * m);
  const arc1 = new Int32Array(2 * m);
  const arc2 = new Int32Array(2 * m);
  const latNs = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const [a, b, x1, x2] = [e.a[i], e.b[i], e.arcAB1[i], e.arcAB2[i]];
    let k = fill[a]++;
    nbr[k] = b;
    arc1[k] = x1;
    arc2[k] = x2;
    latNs[k] = e.lat[i];
    // Reverse direction: the arcs back, in reverse order.
    k = fill[b]++;
    nbr[k] = a;
    arc1[k] = x2 >= 0 ? x2 ^ 1 : x1 ^ 1;
    arc2[k] = x2 >= 0 ? x1 ^ 1 : -1;
    latNs[k] = e.lat[i];
  }
  return { start, nbr, arc1, arc2, latNs };
}

export function routingGraph(f: Fabric, s: Scenario, att: Attachments, lengthM?: Float32Array): RoutingGraph {
  const n = f.nodeCount;
  const cat = resolveCatalog(s);
  let switched = false;
  for (let i = 0; i < n && !switched; i++) if (f.nodeKind[i] === NODE_SWITCH) switched = true;
  const transit = new Uint8Array(n);
  const nodeLatNs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = f.nodeKind[i];
    transit[i] = k === NODE_SWITCH || (k === NODE_GPU && !switched) ? 1 : 0;
    if (k === NODE_SWITCH) nodeLatNs[i] = cat.switchModel(f.switchModels[f.nodeModel[i]]).latencyNs;
  }
  const prop = (l: number) => (lengthM ? lengthM[l] * PROPAGATION_NS_PER_M : 0);
  const out: EdgeList = { a: [], b: [], arcAB1: [], arcAB2: [], lat: [] };
  const dom: EdgeList = { a: [], b: [], arcAB1: [], arcAB2: [], lat: [] };
  const access = new Uint8Array(f.linkCount);
  for (let g = 0; g < att.gpuCount; g++) if (att.upArc[g] >= 0) access[att.upArc[g] >> 1] = 1;
  const ocsLinks = new Map<number, number[]>();
  for (let l = 0; l < f.linkCount; l++) {
    const [a, b] = [f.linkA[l], f.linkB[l]];
    const ocs = f.nodeKind[a] === NODE_OCS ? a : f.nodeKind[b] === NODE_OCS ? b : -1;
    if (ocs >= 0) {
      // Pair by build order, failed or not, so a failure kills only its own circuit.
      let list = ocsLinks.get(ocs);
      if (!list) ocsLinks.set(ocs, (list = []));
      list.push(l);
      continue;
    }
    if (!att.alive[l] || access[l]) continue;
    const e = att.domainLink[l] ? dom : out;
    e.a.push(a);
    e.b.push(b);
    e.arcAB1.push(2 * l);
    e.arcAB2.push(-1);
    e.lat.push(prop(l));
  }
  for (const [ocs, links] of ocsLinks)
    for (let i = 0; i + 1 < links.length; i += 2) {
      const [l1, l2] = [links[i], links[i + 1]];
      if (!att.alive[l1] || !att.alive[l2]) continue;
      const x = f.linkA[l1] === ocs ? f.linkB[l1] : f.linkA[l1];
      const y = f.linkA[l2] === ocs ? f.linkB[l2] : f.linkA[l2];
      out.a.push(x);
      out.b.push(y);
      out.arcAB1.push(f.linkA[l1] === x ? 2 * l1 : 2 * l1 + 1);
      out.arcAB2.push(f.linkA[l2] === ocs ? 2 * l2 : 2 * l2 + 1);
      out.lat.push(prop(l1) + prop(l2) + cat.switchModel(f.switchModels[f.nodeModel[ocs]]).latencyNs);
    }
  const arcCap = new Float64Array(2 * f.linkCount);
  for (let l = 0; l < f.linkCount; l++) arcCap[2 * l] = arcCap[2 * l + 1] = f.linkGbps[l];
  return {
    nodeCount: n,
    arcCount: 2 * f.linkCount,
    arcCap,
    transit,
    nodeLatNs,
    layers: [csr(n, out), csr(n, dom)],
  };
}
