// Twin classes: nodes of a layer with the same neighbours over the same number of links and the
// same forwarding role. Swapping two twins (never adjacent: a twin would be its own neighbour)
// is an automorphism of the routing graph, and ECMP over shortest paths is defined by the graph
// alone, so the route from s to d is the route from s0 to d0 with s0 ↦ s and d0 ↦ d — when s0,
// s are twins, d0, d are twins and s0 is not adjacent to d0. A shortest path never passes a
// twin of its source or destination (a twin's neighbours are theirs, one hop shorter), so only
// the first hop (out of s0) and the last (into d0) change: port p of s0 becomes port p of s,
// since adjacency lists are ordered by neighbour (graph.ts). One route per pair of classes
// serves every pair of members: every leaf of a pod, every GPU of a scale-up domain.

import type { Layer } from './graph';

export interface Twins {
  /** Class of each node, -1 for a node without links in the layer. */
  cls: Int32Array;
  count: number;
  /** First and second member of each class (-1 when single). */
  first: Int32Array;
  second: Int32Array;
}

export function twinClasses(layer: Layer, transit: Uint8Array): Twins {
  const { start, nbr } = layer;
  const n = start.length - 1;
  const cls = new Int32Array(n).fill(-1);
  const byHash = new Map<number, number[]>();
  const firstL: number[] = [];
  const secondL: number[] = [];
  const same = (u: number, v: number) => {
    if (transit[u] !== transit[v]) return false;
    const du = start[u + 1] - start[u];
    if (du !== start[v + 1] - start[v]) return false;
    for (let k = 0; k < du; k++) if (nbr[start[u] + k] !== nbr[start[v] + k]) return false;
    return true;
  };
  for (let u = 0; u < n; u++) {
    const lo = start[u];
    const hi = start[u + 1];
    if (lo === hi) continue;
    let h = (hi - lo) * 31 + transit[u];
    for (let k = lo; k < hi; k++) h = (Math.imul(h, 0x9e3779b1) + nbr[k]) | 0;
    let bucket = byHash.get(h);
    if (!bucket) byHash.set(h, (bucket = []));
    let c = -1;
    for (const r of bucket)
      if (same(r, u)) {
        c = cls[r];
        break;
      }
    if (c < 0) {
      c = firstL.push(u) - 1;
      secondL.push(-1);
      bucket.push(u);
    } else if (secondL[c] < 0) secondL[c] = u;
    cls[u] = c;
  }
  return { cls, count: firstL.length, first: Int32Array.from(firstL), second: Int32Array.from(secondL) };
}
