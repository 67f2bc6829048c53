// The route search (dag.ts PairPaths) against brute force: every shortest path between two
// switches enumerated, its latency summed edge by edge. The worst path latency must match, and
// so must what twins of the two ends share (route.ts reads member pairs' latency off these):
// the worst latency after each first hop (less the last edge), and between each first and last
// hop; whichever ball the search grows and wherever the balls meet: halfway, at the source, or
// at the destination.

import { describe, expect, it } from 'vitest';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { PairPaths } from '../../src/solver/dag';
import { routingGraph, type RoutingGraph } from '../../src/solver/graph';
import { attachments } from '../../src/traffic/attach';
import { randomLengths } from './helpers';

function graphOf(raw: Record<string, unknown>, seed: number): RoutingGraph {
  const { scenario, problems } = restore(raw);
  expect(problems).toEqual([]);
  const fabric = build(scenario);
  return routingGraph(fabric, scenario, attachments(fabric), randomLengths(fabric.linkCount, seed, 200));
}

/** Over every shortest s → d path (layer 0), by enumeration: the worst latency, and the worst inner
 * latency (less the first and last edges) per first hop and per first and last hop. */
function bruteForce(g: RoutingGraph, s: number, d: number) {
  const L = g.layers[0];
  const dist = new Int32Array(g.nodeCount).fill(-1);
  dist[d] = 0;
  const queue = [d];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    if (u !== d && !g.transit[u]) continue;
    for (let k = L.start[u]; k < L.start[u + 1]; k++)
      if (dist[L.nbr[k]] < 0) {
        dist[L.nbr[k]] = dist[u] + 1;
        queue.push(L.nbr[k]);
      }
  }
  let worst = -1;
  // Per first hop (by port of s): the worst inner latency of the paths through it.
  const after = new Map<number, number>();
  // Per first-hop and last-hop node ("u v"): the worst inner latency of the paths joining them.
  const between = new Map<string, number>();
  const walk = (u: number, lat: number, first: number, last: number, firstPort = -1, path: number[] = []) => {
    if (u === d) {
      worst = Math.max(worst, lat);
      after.set(firstPort, Math.max(after.get(firstPort) ?? -1, lat - first - last));
      const key = `${path[1]} ${path[path.length - 1]}`;
      between.set(key, Math.max(between.get(key) ?? -1, lat - first - last));
      return;
    }
    if (u !== s && !g.transit[u]) return;
    for (let k = L.start[u]; k < L.start[u + 1]; k++) {
      const v = L.nbr[k];
      if (dist[v] !== dist[u] - 1) continue;
      const hop = L.latNs[k] + (v === d ? 0 : g.nodeLatNs[v]);
      walk(
        v,
        lat + hop,
        u === s ? L.latNs[k] : first,
        v === d ? L.latNs[k] : last,
        u === s ? k - L.start[s] : firstPort,
        [...path, u],
      );
    }
  };
  walk(s, 0, 0, 0);
  // Last hops: the same walk from d to s (latencies are symmetric), read by port of d.
  return { hops: dist[s], worst, after, between };
}

const FABRICS: Record<string, Record<string, unknown>> = {
  // d has many spare neighbours: searches toward it grow the source's ball and meet at d; from d
  // outward the destination's ball grows and meets at the source.
  'a chain to a switch with many neighbours': {
    topology: {
      kind: 'custom',
      nodes: ['s', 'a1', 'a2', 'b', 'd', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'].map((name) => ({
        name,
        kind: 'switch',
        tier: 'leaf',
      })),
      links: 's-a1 s-a2 s-a2 a1-b a2-b b-d d-e1 d-e2 d-e3 d-e4 d-e5 d-e6 d-e7 d-e8 e1-e2'
        .split(' ')
        .map((l) => ({ a: l.split('-')[0], b: l.split('-')[1] })),
    },
    scaleUp: { kind: 'none' },
  },
  'torus through OCS': {
    topology: { kind: 'torus', dims: [4, 4, 2], rackDims: [2, 2, 2], ocs: 'inter-rack', ocsCount: 0 },
  },
  'clos3, 2 pods': {
    topology: {
      kind: 'clos3',
      gpus: 128,
      gpusPerLeaf: 16,
      leavesPerPod: 4,
      leafOversubscription: 1,
      spineOversubscription: 1,
    },
    scaleUp: { kind: 'none' },
  },
};

describe('PairPaths: worst latencies equal brute force', () => {
  for (const [name, raw] of Object.entries(FABRICS))
    it(name, () => {
      const g = graphOf(raw, 3);
      const L = g.layers[0];
      const switches: number[] = [];
      for (let u = 0; u < g.nodeCount; u++) if (g.transit[u] && L.start[u + 1] > L.start[u]) switches.push(u);
      const paths = new PairPaths(g);
      let checked = 0;
      for (const d of switches)
        for (const searchesLeft of [1, 1000]) {
          // A fresh ball per destination and growth preference: the source's or the destination's.
          paths.toward(L, d);
          for (const s of switches) {
            if (s === d) continue;
            const want = bruteForce(g, s, d);
            const hops = paths.search(s, searchesLeft);
            expect(hops).toBe(want.hops);
            if (hops < 2) continue;
            expect(paths.latNs).toBeCloseTo(want.worst, 3);
            // What follows each first hop (by port of s).
            for (const [port, ns] of want.after) expect(paths.afterNs(port << 1)).toBeCloseTo(ns, 3);
            // Between every first and last hop.
            const hm = paths.hopMatrix();
            let joined = 0;
            hm.first.forEach((u, k) =>
              hm.last.forEach((v, j) => {
                const ns = hm.w[k * hm.last.length + j];
                const key = `${u} ${v}`;
                if (ns === -Infinity) expect(want.between.has(key)).toBe(false);
                else {
                  expect(ns).toBeCloseTo(want.between.get(key)!, 3);
                  joined++;
                }
              }),
            );
            expect(joined).toBe(want.between.size);
            checked++;
          }
        }
      expect(checked).toBeGreaterThan(20);
    });
});
