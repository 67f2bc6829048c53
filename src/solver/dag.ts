// Shortest-path DAG toward one destination: BFS from the destination over a layer, stopped once
// every source of interest is reached (its whole level is then known). A node's next hops are
// its neighbours one step closer that may forward (or are the destination); they are recorded
// during the sweep as a linked list per node, so routing never rescans a switch's ports. Splitting
// over them is ECMP. The worst-case path latency to the destination comes from the same sweep.

import type { Layer, RoutingGraph } from './graph';

export class Dag {
  root = -1;
  /** Hops to the root, -1 where not reached. */
  readonly dist: Int32Array;
  /** Reached nodes in BFS order (non-decreasing dist). */
  readonly order: Int32Array;
  size = 0;
  /** Worst path latency to the root (ns): edges plus switching at intermediate nodes. */
  readonly latNs: Float64Array;
  /** Next hops of node u: entries e = head[u], next[e], … (-1 ends); hop[e] the node, arc1/arc2 the arcs toward it. */
  readonly head: Int32Array;
  readonly hops: Int32Array;
  next = new Int32Array(1024);
  hop = new Int32Array(1024);
  arc1 = new Int32Array(1024);
  arc2 = new Int32Array(1024);
  private want: Int32Array;
  private stamp = 0;

  constructor(readonly g: RoutingGraph) {
    this.dist = new Int32Array(g.nodeCount).fill(-1);
    this.order = new Int32Array(g.nodeCount);
    this.latNs = new Float64Array(g.nodeCount);
    this.head = new Int32Array(g.nodeCount).fill(-1);
    this.hops = new Int32Array(g.nodeCount);
    this.want = new Int32Array(g.nodeCount);
  }

  private grow(): void {
    const n = this.next.length * 2;
    for (const k of ['next', 'hop', 'arc1', 'arc2'] as const) {
      const a = new Int32Array(n);
      a.set(this[k]);
      this[k] = a;
    }
  }

  /** BFS from `root` on `layer` until sources[from..to) are all reached (everything if none given). */
  run(
    layer: Layer,
    root: number,
    sources?: ArrayLike<number>,
    from = 0,
    to = sources ? sources.length : 0,
  ): void {
    const { dist, order, latNs, want, head, hops } = this;
    for (let i = 0; i < this.size; i++) {
      const u = order[i];
      dist[u] = -1;
      head[u] = -1;
      hops[u] = 0;
    }
    this.root = root;
    const { transit, nodeLatNs } = this.g;
    const { start, nbr, latNs: edgeLat, arc1, arc2 } = layer;
    const stamp = ++this.stamp;
    let pending = 0;
    if (sources)
      for (let i = from; i < to; i++)
        if (want[sources[i]] !== stamp && sources[i] !== root) {
          want[sources[i]] = stamp;
          pending++;
        }
    let limit = sources && pending === 0 ? 0 : 0x7fffffff;
    dist[root] = 0;
    latNs[root] = 0;
    order[0] = root;
    let head0 = 0;
    let tail = 1;
    let entries = 0;
    while (head0 < tail) {
      const u = order[head0++];
      const du = dist[u];
      if (du >= limit) break;
      if (u !== root && !transit[u]) continue;
      const lu = latNs[u] + (u === root ? 0 : nodeLatNs[u]);
      for (let k = start[u], e = start[u + 1]; k < e; k++) {
        const v = nbr[k];
        const dv = dist[v];
        const l = lu + edgeLat[k];
        if (dv < 0) {
          dist[v] = du + 1;
          latNs[v] = l;
          order[tail++] = v;
          if (want[v] === stamp && --pending === 0) limit = du + 1;
        } else if (dv !== du + 1) continue;
        else if (l > latNs[v]) latNs[v] = l;
        // u is a next hop of v: the arcs of the edge back from v to u.
        if (entries === this.next.length) this.grow();
        this.next[entries] = head[v];
        this.hop[entries] = u;
        if (arc2[k] >= 0) {
          this.arc1[entries] = arc2[k] ^ 1;
          this.arc2[entries] = arc1[k] ^ 1;
        } else {
          this.arc1[entries] = arc1[k] ^ 1;
          this.arc2[entries] = -1;
        }
        head[v] = entries++;
        hops[v]++;
      }
    }
    this.size = tail;
  }
}
