// Worst-path latency: the longest of the fastest GPU-to-GPU paths, by Dijkstra over link
// latency (propagation and module retimers) plus each switch traversed. GPUs forward traffic
// only in direct networks (torus), where there are no packet switches.

import { PROPAGATION_NS_PER_M } from './catalog';
import { NODE_GPU, NODE_SWITCH, type Fabric } from './fabric';
import { logicalFabric } from './circuits';
import type { MediaAssignment } from './media';
import type { ResolvedCatalog } from './resolved';

/** Undirected adjacency in compressed sparse rows: neighbours of n are adj[start[n]..start[n+1]). */
export function adjacency(f: Fabric): { start: Uint32Array; adj: Uint32Array; via: Uint32Array } {
  const start = new Uint32Array(f.nodeCount + 1);
  for (let l = 0; l < f.linkCount; l++) {
    start[f.linkA[l] + 1]++;
    start[f.linkB[l] + 1]++;
  }
  for (let n = 0; n < f.nodeCount; n++) start[n + 1] += start[n];
  const fill = start.slice(0, f.nodeCount);
  const adj = new Uint32Array(2 * f.linkCount);
  const via = new Uint32Array(2 * f.linkCount);
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.linkA[l];
    const b = f.linkB[l];
    adj[fill[a]] = b;
    via[fill[a]++] = l;
    adj[fill[b]] = a;
    via[fill[b]++] = l;
  }
  return { start, adj, via };
}

/** A binary min-heap of node ids keyed by a Float64Array of distances. */
class Heap {
  private items: number[] = [];
  constructor(private key: Float64Array) {}
  get size() {
    return this.items.length;
  }
  push(n: number) {
    const h = this.items;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key[h[p]] <= this.key[n]) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = n;
  }
  pop(): number {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.key[h[r]] < this.key[h[l]] ? r : l;
        if (this.key[h[c]] >= this.key[last]) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

export function worstPathLatencyNs(
  f: Fabric,
  lengthM: Float32Array,
  media: MediaAssignment,
  cat: ResolvedCatalog,
  sources = 3,
): number {
  if (f.gpuCount < 2) return 0;
  const physicalNs = (l: number) =>
    l < 0 ? 0 : lengthM[l] * PROPAGATION_NS_PER_M + media.kinds[media.linkKind[l]].latencyNs;
  // Circuits through an OCS are one logical link: the light passes both fibres.
  const logical = logicalFabric(f);
  const { start, adj, via } = adjacency(logical.fabric);
  const linkNs = new Float64Array(logical.fabric.linkCount);
  for (let l = 0; l < linkNs.length; l++)
    linkNs[l] = physicalNs(logical.physical[2 * l]) + physicalNs(logical.physical[2 * l + 1]);
  const nodeNs = new Float64Array(f.nodeCount);
  let hasSwitches = false;
  for (let n = 0; n < f.nodeCount; n++)
    if (f.nodeKind[n] === NODE_SWITCH) {
      hasSwitches = true;
      nodeNs[n] = cat.switchModel(f.switchModels[f.nodeModel[n]]).latencyNs;
    }
  const gpus: number[] = [];
  for (let n = 0; n < f.nodeCount && gpus.length < f.gpuCount; n++)
    if (f.nodeKind[n] === NODE_GPU) gpus.push(n);
  const picks = new Set(
    [0, Math.floor(gpus.length / 2), gpus.length - 1].slice(0, sources).map((i) => gpus[i]),
  );
  const dist = new Float64Array(f.nodeCount);
  let worst = 0;
  for (const src of picks) {
    dist.fill(Infinity);
    dist[src] = 0;
    const heap = new Heap(dist);
    heap.push(src);
    const done = new Uint8Array(f.nodeCount);
    while (heap.size) {
      const n = heap.pop();
      if (done[n]) continue;
      done[n] = 1;
      // A GPU other than the source ends a path unless the fabric is a direct network.
      if (n !== src && f.nodeKind[n] === NODE_GPU && hasSwitches) continue;
      const leave = dist[n] + (n === src ? 0 : nodeNs[n]);
      for (let e = start[n]; e < start[n + 1]; e++) {
        const m = adj[e];
        const d = leave + linkNs[via[e]];
        if (d < dist[m]) {
          dist[m] = d;
          heap.push(m);
        }
      }
    }
    for (const g of gpus) if (g !== src && dist[g] < Infinity) worst = Math.max(worst, dist[g]);
  }
  return worst;
}
