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
  // Classes found so far, chained per hash slot (open hashing over typed arrays: no per-node objects).
  const first = new Int32Array(n);
  const second = new Int32Array(n);
  const hashOf = new Int32Array(n);
  const chain = new Int32Array(n);
  let slots = 1024;
  while (slots < n) slots *= 2;
  const slotHead = new Int32Array(slots).fill(-1);
  let count = 0;
  for (let u = 0; u < n; u++) {
    const lo = start[u];
    const hi = start[u + 1];
    if (lo === hi) continue;
    let h = (hi - lo) * 31 + transit[u];
    for (let k = lo; k < hi; k++) h = (Math.imul(h, 0x9e3779b1) + nbr[k]) | 0;
    const slot = (h ^ (h >>> 16)) & (slots - 1);
    let c = slotHead[slot];
    for (; c >= 0; c = chain[c]) {
      if (hashOf[c] !== h) continue;
      // Same neighbours over the same links, same role?
      const r = first[c];
      if (transit[r] !== transit[u] || start[r + 1] - start[r] !== hi - lo) continue;
      let k = 0;
      while (k < hi - lo && nbr[start[r] + k] === nbr[lo + k]) k++;
      if (k === hi - lo) break;
    }
    if (c < 0) {
      c = count++;
      first[c] = u;
      second[c] = -1;
      hashOf[c] = h;
      chain[c] = slotHead[slot];
      slotHead[slot] = c;
    } else if (second[c] < 0) second[c] = u;
    cls[u] = c;
  }
  return { cls, count, first: first.slice(0, count), second: second.slice(0, count) };
}
