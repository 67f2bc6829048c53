// Shortest-path DAG toward one node (the root): a BFS from the root over a layer, grown one
// level at a time. A node's next hops are its neighbours one step closer that may forward (or
// are the root); they are recorded during the sweep as a linked list per node, so routing never
// rescans a switch's ports. Splitting over them is ECMP. The worst-case path latency to the root
// comes from the same sweep.
// - run(): the whole DAG needed by a set of sources (stops once their level is complete).
// - begin() + grow(): a ball around the root, one level per call, for a search that meets
//   another ball halfway (route.ts): a route across a 100k-GPU fabric then costs two small
//   balls instead of a sweep of the whole fabric.

import type { Layer, RoutingGraph } from './graph';
import { borrow, giveBack } from './scratch';

export class Dag {
  root = -1;
  /** Hops to the root, -1 where not reached. */
  readonly dist: Int32Array;
  /** Reached nodes in BFS order (non-decreasing dist). */
  readonly order: Int32Array;
  size = 0;
  /** Levels known: 0 .. radius; order[levelStart .. size) is the last one. */
  radius = 0;
  levelStart = 0;
  /** Degree sum of the last level's forwarding nodes: the work of the next grow(). */
  nextCost = 0;
  /** Worst path latency to the root (ns): edges plus switching at intermediate nodes. */
  readonly latNs: Float64Array;
  /** The same without the edge at the root (0 for the root's neighbours): what twins of the root share. */
  readonly innerNs: Float64Array;
  /**
   * Next hops of node u: entries e = head[u], next[e], … (-1 ends); hop[e] the node and adj[e]
   * the edge from it back to u (an index k into the layer's adjacency, in hop[e]'s list): the
   * arcs from u toward the root are arc1[k] ^ 1 and, for a circuit, arc2[k] ^ 1.
   */
  readonly head: Int32Array;
  readonly hops: Int32Array;
  next = new Int32Array(1024);
  hop = new Int32Array(1024);
  adj = new Int32Array(1024);
  private entries = 0;
  layer: Layer;
  private readonly want: Int32Array;
  private stamp = 0;
  private pending = 0;

  constructor(readonly g: RoutingGraph) {
    this.dist = new Int32Array(g.nodeCount).fill(-1);
    this.order = new Int32Array(g.nodeCount);
    this.latNs = new Float64Array(g.nodeCount);
    this.innerNs = new Float64Array(g.nodeCount);
    this.head = new Int32Array(g.nodeCount).fill(-1);
    this.hops = new Int32Array(g.nodeCount);
    this.want = new Int32Array(g.nodeCount);
    this.layer = g.layers[0];
  }

  private growEntries(): void {
    const n = this.next.length * 2;
    const grown = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.next = grown(this.next);
    this.hop = grown(this.hop);
    this.adj = grown(this.adj);
  }

  /** Starts a new DAG at `root` (level 0 only), clearing the previous one. */
  begin(layer: Layer, root: number): void {
    const { dist, order, head, hops } = this;
    for (let i = 0; i < this.size; i++) {
      const u = order[i];
      dist[u] = -1;
      head[u] = -1;
      hops[u] = 0;
    }
    this.layer = layer;
    this.root = root;
    dist[root] = 0;
    this.latNs[root] = 0;
    this.innerNs[root] = 0;
    order[0] = root;
    this.size = 1;
    this.radius = 0;
    this.levelStart = 0;
    this.entries = 0;
    this.nextCost = layer.start[root + 1] - layer.start[root];
    this.pending = 0;
    this.stamp++;
  }

  /** Discovers the next level from the last one's forwarding nodes; returns how many nodes it has (0: the DAG is complete). */
  grow(): number {
    const { layer } = this;
    const { dist, order, latNs, innerNs, want, head, hops, root } = this;
    const { transit, nodeLatNs } = this.g;
    const { start, nbr, latNs: edgeLat } = layer;
    const stamp = this.stamp;
    const from = this.levelStart;
    const to = this.size;
    let tail = to;
    let entries = this.entries;
    let { next, hop, adj } = this;
    let cost = 0;
    for (let i = from; i < to; i++) {
      const u = order[i];
      if (u !== root && !transit[u]) continue;
      const du = dist[u];
      const lu = latNs[u] + (u === root ? 0 : nodeLatNs[u]);
      const iu = u === root ? 0 : innerNs[u] + nodeLatNs[u];
      for (let k = start[u], e = start[u + 1]; k < e; k++) {
        const v = nbr[k];
        const dv = dist[v];
        const l = lu + edgeLat[k];
        const inner = u === root ? 0 : iu + edgeLat[k];
        if (dv < 0) {
          dist[v] = du + 1;
          latNs[v] = l;
          innerNs[v] = inner;
          order[tail++] = v;
          if (transit[v]) cost += start[v + 1] - start[v];
          if (want[v] === stamp) this.pending--;
        } else if (dv !== du + 1) continue;
        else {
          if (l > latNs[v]) latNs[v] = l;
          if (inner > innerNs[v]) innerNs[v] = inner;
        }
        // u is a next hop of v.
        if (entries === next.length) {
          this.entries = entries;
          this.growEntries();
          ({ next, hop, adj } = this);
        }
        next[entries] = head[v];
        hop[entries] = u;
        adj[entries] = k;
        head[v] = entries++;
        hops[v]++;
      }
    }
    this.entries = entries;
    this.levelStart = to;
    this.size = tail;
    this.radius++;
    this.nextCost = cost;
    return tail - to;
  }

  /** BFS from `root` on `layer` until sources[from..to) are all reached (everything if none given). */
  run(
    layer: Layer,
    root: number,
    sources?: ArrayLike<number>,
    from = 0,
    to = sources ? sources.length : 0,
  ): void {
    this.begin(layer, root);
    const { want, stamp } = this;
    if (sources) {
      for (let i = from; i < to; i++)
        if (want[sources[i]] !== stamp && sources[i] !== root) {
          want[sources[i]] = stamp;
          this.pending++;
        }
      // Each level is complete once grown: stop after the one holding the last source.
      while (this.pending > 0 && this.grow() > 0);
    } else while (this.grow() > 0);
  }
}

/**
 * A growable list of entries (code, fraction): a route's arcs, or its ports, each with the share
 * of the route's unit it carries. A port code is port << 1 | which arc of a circuit, the port
 * being the edge's index in its node's adjacency.
 */
export class EntryList {
  n = 0;
  code = new Int32Array(256);
  frac = new Float64Array(256);

  reserve(extra: number): void {
    if (this.n + extra <= this.code.length) return;
    const size = Math.max(2 * this.code.length, this.n + extra);
    // Templates grow to millions of entries under all-to-all: grown arrays come from the scratch
    // pool and the outgrown ones go back to it (whoever holds the list gives back the last).
    const code = borrow(Int32Array, size, false);
    const frac = borrow(Float64Array, size, false);
    code.set(this.code.subarray(0, this.n));
    frac.set(this.frac.subarray(0, this.n));
    giveBack(this.code, this.frac);
    this.code = code;
    this.frac = frac;
  }

  push(code: number, frac: number): void {
    if (this.n === this.code.length) this.reserve(1);
    this.code[this.n] = code;
    this.frac[this.n++] = frac;
  }

  append(other: EntryList): void {
    this.reserve(other.n);
    for (let i = 0, n = this.n; i < other.n; i++, n++) {
      this.code[n] = other.code[i];
      this.frac[n] = other.frac[i];
    }
    this.n += other.n;
  }
}

/**
 * Port code at `node` of `arc`, an arc of an edge between node and `other`: leaving node, or
 * with `into` = 1 entering it. Adjacency is sorted by neighbour: the edges to `other` are found
 * by bisection.
 */
function portCode(L: Layer, node: number, other: number, arc: number, into: number): number {
  const { start, nbr, arc1, arc2 } = L;
  let lo = start[node];
  let hi = start[node + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nbr[mid] < other) lo = mid + 1;
    else hi = mid;
  }
  for (let p = lo; p < start[node + 1] && nbr[p] === other; p++) {
    if ((arc1[p] ^ into) === arc) return (p - start[node]) << 1;
    if (arc2[p] >= 0 && (arc2[p] ^ into) === arc) return ((p - start[node]) << 1) | 1;
  }
  throw new Error(`arc ${arc} is not between nodes ${node} and ${other}`);
}

/** A route's worst latencies between its first and last hops (PairPaths.hopMatrix). */
export interface HopMatrix {
  first: number[];
  last: number[];
  w: Float64Array;
}

/**
 * The shortest paths from one source to a destination (through forwarding nodes only, as
 * routes go) and their ECMP split.
 * - Two hops or less, read off the two adjacency lists (sorted by neighbour): adjacent, or the
 *   common forwarding neighbours carry the route. Every route inside a scale-up domain and
 *   between leaves of a pod is one of these.
 * - Farther, by growing a ball around each end until they meet: each step grows the side whose
 *   next level is cheaper (the destination's ball is shared by every search toward it, so it is
 *   favoured by the number of searches still to come).
 *
 * Why the meeting gives every shortest path: each step checks the nodes of the new level
 * against the whole other ball, so the first time a node v of level a (from the source) is
 * found at level b (from the destination), no path shorter than a + b exists (it would have a
 * node within both balls' earlier radii, met before), so D = a + b and every node met now sits
 * at exactly those levels. Every shortest path crosses level a at one of them: the destination
 * side is the destination's DAG from there; the source side is the source ball's part that
 * leads into them, and a node there splits over its neighbours one level further in it (they
 * are exactly its neighbours one hop closer to the destination). Same paths as one BFS from
 * the destination, at the cost of two balls of radius ~D/2.
 */
export class PairPaths {
  /** Ball around the source (its entries lead back to the source). */
  private readonly src: Dag;
  /** Ball around the destination: the DAG toward it. */
  private readonly dst: Dag;
  /** Source of the last search. */
  private s0 = -1;
  /** Worst path latency (ns) of the last search. */
  latNs = 0;
  /** The last search's route has two hops (no balls): its first hops are this many edges. */
  private twoHopEdges = 0;
  /** Source side of the paths, level i (hops from the source) in nodes[from[i] .. to[i]); level `meetLevel` is where the balls met. */
  private readonly nodes: Int32Array;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private meetLevel = 0;
  /** Next hops within the paths of a source-side node. */
  private readonly sideHops: Int32Array;
  private readonly onSide: Int32Array;
  private stamp = 0;
  private readonly amt: Float64Array;
  /** Per node on the source side: worst latency from it to the last hop, less the last edge (afterNs). */
  private readonly after: Float64Array;
  private cur: Int32Array;
  private nxt: Int32Array;

  constructor(readonly g: RoutingGraph) {
    const n = g.nodeCount;
    this.src = new Dag(g);
    this.dst = new Dag(g);
    this.nodes = new Int32Array(n);
    this.from = new Int32Array(n + 1);
    this.to = new Int32Array(n + 1);
    this.sideHops = new Int32Array(n);
    this.onSide = new Int32Array(n);
    this.amt = new Float64Array(n);
    this.after = new Float64Array(n);
    this.cur = new Int32Array(n);
    this.nxt = new Int32Array(n);
  }

  /** Starts the searches toward `d0` on `layer`. */
  toward(layer: Layer, d0: number): void {
    this.dst.begin(layer, d0);
  }

  /**
   * Hops from s0 (≠ the destination) to the destination, -1 when unreachable. `searchesLeft`:
   * searches toward this destination still to run, this one included.
   */
  search(s0: number, searchesLeft: number): number {
    this.s0 = s0;
    const near = this.nearby(s0);
    if (near > 0) return near;
    const { src, dst, nodes } = this;
    const { transit, nodeLatNs } = this.g;
    const d0 = dst.root;
    src.begin(dst.layer, s0);
    let met = 0;
    if (dst.dist[s0] >= 0) nodes[met++] = s0;
    while (met === 0) {
      if (src.nextCost * searchesLeft < dst.nextCost) {
        if (src.grow() === 0) return -1;
        for (let i = src.levelStart; i < src.size; i++) {
          const v = src.order[i];
          if ((transit[v] || v === d0) && dst.dist[v] >= 0) nodes[met++] = v;
        }
      } else {
        if (dst.grow() === 0) return -1;
        for (let i = dst.levelStart; i < dst.size; i++) {
          const v = dst.order[i];
          if ((transit[v] || v === s0) && src.dist[v] >= 0) nodes[met++] = v;
        }
      }
    }
    // Met nodes all lie at the source ball's radius (see above).
    this.meetLevel = src.radius;
    let lat = 0;
    for (let p = 0; p < met; p++) {
      const v = nodes[p];
      const l = src.latNs[v] + (v === s0 || v === d0 ? 0 : nodeLatNs[v]) + dst.latNs[v];
      if (l > lat) lat = l;
    }
    this.latNs = lat;
    this.markSourceSide(met);
    this.fillAfter();
    return src.radius + dst.dist[nodes[0]];
  }

  /**
   * 1 when s0 is adjacent to the destination, 2 when they share a forwarding neighbour (the
   * route then counted in twoHopEdges and its latency set), else 0.
   */
  private nearby(s0: number): number {
    const { layer, root: d0 } = this.dst;
    const { start, nbr, latNs: edgeLat } = layer;
    const { transit, nodeLatNs } = this.g;
    this.twoHopEdges = 0;
    let edges = 0;
    let lat = 0;
    let p = start[s0];
    let q = start[d0];
    const pEnd = start[s0 + 1];
    const qEnd = start[d0 + 1];
    while (p < pEnd && q < qEnd) {
      const w = nbr[p];
      if (w === d0) return 1;
      if (w < nbr[q]) p++;
      else if (w > nbr[q]) q++;
      else {
        // A common neighbour: its edges from s0 and to the destination, and their worst latencies.
        let latIn = 0;
        let latOut = 0;
        for (; p < pEnd && nbr[p] === w; p++) {
          if (transit[w]) edges++;
          if (edgeLat[p] > latIn) latIn = edgeLat[p];
        }
        for (; q < qEnd && nbr[q] === w; q++) if (edgeLat[q] > latOut) latOut = edgeLat[q];
        if (transit[w] && latIn + nodeLatNs[w] + latOut > lat) lat = latIn + nodeLatNs[w] + latOut;
      }
    }
    for (; p < pEnd; p++) if (nbr[p] === d0) return 1;
    if (edges === 0) return 0;
    this.twoHopEdges = edges;
    this.latNs = lat;
    return 2;
  }

  /**
   * The last search's route between its first hops (`first`, neighbours of s0) and its last
   * hops (`last`, neighbours of the destination): w[k · last.length + j] is the worst latency
   * from first[k] to last[j] along the route, both switchings included, -Infinity where the
   * route does not join them. Twins of s0 and of the destination reach the same first and last
   * hops over their own ports: any member pair's worst path latency is read off w.
   */
  hopMatrix(): HopMatrix {
    const { src, dst, nodes, from, to, s0 } = this;
    const d0 = dst.root;
    const { nodeLatNs, transit } = this.g;
    const L = dst.layer;
    if (this.twoHopEdges > 0) {
      // Two hops: the common forwarding neighbours, each joined to itself only.
      const common: number[] = [];
      for (let p = L.start[s0]; p < L.start[s0 + 1]; p++) {
        const w = L.nbr[p];
        if (!transit[w] || common[common.length - 1] === w) continue;
        for (let q = L.start[d0]; q < L.start[d0 + 1]; q++)
          if (L.nbr[q] === w) {
            common.push(w);
            break;
          }
      }
      const n = common.length;
      const w = new Float64Array(n * n).fill(-Infinity);
      common.forEach((x, k) => (w[k * n + k] = nodeLatNs[x]));
      return { first: common, last: common, w };
    }
    const A = this.meetLevel;
    // Parallel links list a hop once per link: each hop once.
    const firstSet = new Set<number>();
    if (A === 0) for (let x = dst.head[s0]; x >= 0; x = dst.next[x]) firstSet.add(dst.hop[x]);
    else for (let p = from[1]; p < to[1]; p++) firstSet.add(nodes[p]);
    const first = [...firstSet];
    const nu = first.length;
    // Per route node, the worst latency from each first hop to it (switchings included).
    const worst = new Map<number, Float64Array>();
    const at = (x: number) => {
      let v = worst.get(x);
      if (!v) worst.set(x, (v = new Float64Array(nu).fill(-Infinity)));
      return v;
    };
    const relax = (x: number, y: number, edgeNs: number) => {
      const mx = at(x);
      const my = at(y);
      const add = edgeNs + nodeLatNs[y];
      for (let k = 0; k < nu; k++) if (mx[k] + add > my[k]) my[k] = mx[k] + add;
    };
    first.forEach((u, k) => (at(u)[k] = nodeLatNs[u]));
    const lastSet = new Set<number>();
    // Source side, level by level toward the met nodes (entries of v lead back to the source).
    for (let i = 2; i <= A; i++)
      for (let p = from[i]; p < to[i]; p++) {
        const v = nodes[p];
        if (v === d0) {
          // Met at the destination: the nodes before it are the last hops.
          for (let x = src.head[v]; x >= 0; x = src.next[x]) lastSet.add(src.hop[x]);
          continue;
        }
        for (let x = src.head[v]; x >= 0; x = src.next[x]) relax(src.hop[x], v, src.layer.latNs[src.adj[x]]);
      }
    // Destination side from the met nodes (or the first hops, met at the source) down its DAG.
    let level = A === 0 ? first.slice() : nodes.slice(from[A], to[A]).filter((v) => v !== d0);
    while (level.length) {
      const next = new Set<number>();
      for (const x of level)
        for (let e = dst.head[x]; e >= 0; e = dst.next[e]) {
          const y = dst.hop[e];
          if (y === d0) {
            lastSet.add(x);
            break;
          }
          relax(x, y, L.latNs[dst.adj[e]]);
          next.add(y);
        }
      level = [...next];
    }
    const last = [...lastSet];
    const nv = last.length;
    const w = new Float64Array(nu * nv);
    last.forEach((v, j) => {
      const mv = at(v);
      for (let k = 0; k < nu; k++) w[k * nv + j] = mv[k];
    });
    return { first, last, w };
  }

  /**
   * For each of the last search's first hops u (at port code `code` of s0, as spread() lists
   * them): the worst latency of the paths from u on, u's switching included, less their last
   * edge. A member s of s0's class reaches u over its own port: its worst path to any member of
   * the destination's class is at most max over ports (its port latency + afterNs) + the
   * destination's worst last edge.
   */
  afterNs(code: number): number {
    const L = this.dst.layer;
    const u = L.nbr[L.start[this.s0] + (code >> 1)];
    if (this.twoHopEdges > 0) return this.g.nodeLatNs[u];
    return this.after[u];
  }

  /** Fills `after` over the source side, from the met nodes back to the first hops. */
  private fillAfter(): void {
    const { src, dst, nodes, from, to, after } = this;
    const { nodeLatNs } = this.g;
    const edgeLat = src.layer.latNs;
    const d0 = dst.root;
    const A = this.meetLevel;
    if (A === 0) {
      // Met at the source: its first hops are its next hops in the destination's DAG.
      for (let x = dst.head[this.s0]; x >= 0; x = dst.next[x]) {
        const w = dst.hop[x];
        after[w] = nodeLatNs[w] + dst.innerNs[w];
      }
      return;
    }
    for (let p = from[A]; p < to[A]; p++) {
      const v = nodes[p];
      if (v !== d0) after[v] = nodeLatNs[v] + dst.innerNs[v];
    }
    for (let i = A; i > 1; i--) {
      for (let p = from[i - 1]; p < to[i - 1]; p++) after[nodes[p]] = -Infinity;
      for (let p = from[i]; p < to[i]; p++) {
        const v = nodes[p];
        // Into the destination: that edge is the last one, left out.
        const onward = v === d0 ? 0 : after[v];
        for (let x = src.head[v]; x >= 0; x = src.next[x]) {
          const u = src.hop[x];
          const l = (v === d0 ? 0 : edgeLat[src.adj[x]]) + onward;
          if (l > after[u]) after[u] = l;
        }
      }
      for (let p = from[i - 1]; p < to[i - 1]; p++) after[nodes[p]] += nodeLatNs[nodes[p]];
    }
  }

  /** Levels a − 1 … 0 of the paths: the source ball's nodes leading into the met ones, and their next-hop counts. */
  private markSourceSide(met: number): void {
    const { src, nodes, from, to, sideHops, onSide } = this;
    const { head, next, hop } = src;
    const stamp = ++this.stamp;
    for (let p = 0; p < met; p++) onSide[nodes[p]] = stamp;
    from[this.meetLevel] = 0;
    to[this.meetLevel] = met;
    let end = met;
    for (let i = this.meetLevel; i > 0; i--) {
      from[i - 1] = end;
      for (let p = from[i]; p < to[i]; p++)
        for (let x = head[nodes[p]]; x >= 0; x = next[x]) {
          const u = hop[x];
          if (onSide[u] !== stamp) {
            onSide[u] = stamp;
            sideHops[u] = 0;
            nodes[end++] = u;
          }
          sideHops[u]++;
        }
      to[i - 1] = end;
    }
  }

  /**
   * ECMP-splits one unit from the source over the paths of the last search (two hops or more):
   * the source's out-ports go to `first`, the destination's in-ports to `last` (port codes),
   * the arcs between to `middle` (each arc of the paths is met once), with their shares.
   */
  spread(middle: EntryList, first: EntryList, last: EntryList): void {
    if (this.twoHopEdges > 0) this.spreadTwoHops(first, last);
    else this.spreadMet(middle, first, last);
  }

  /**
   * The last search's ports without its split (what latency needs, not loads): the source's
   * out-ports onto the route's first hops, exactly, to `first`; the destination's in-ports from
   * every forwarding neighbour one hop from it, to `last` (the route's last hops and possibly
   * more: a bound over them still bounds). Shares are left 0.
   */
  ports(first: EntryList, last: EntryList): void {
    if (this.twoHopEdges > 0) {
      this.spreadTwoHops(first, last);
      return;
    }
    const { src, dst, s0, onSide, stamp } = this;
    const { transit } = this.g;
    const L = dst.layer;
    const d0 = dst.root;
    const toward = this.meetLevel === 0;
    for (let k = L.start[s0]; k < L.start[s0 + 1]; k++) {
      const u = L.nbr[k];
      // Met at the source: its next hops in the destination's DAG; else the source side's first level.
      const onRoute = toward
        ? dst.dist[u] === dst.dist[s0] - 1 && (transit[u] || u === d0)
        : onSide[u] === stamp && src.dist[u] === 1;
      if (!onRoute) continue;
      const c = (k - L.start[s0]) << 1;
      first.push(c, 0);
      if (L.arc2[k] >= 0) first.push(c | 1, 0);
    }
    // (A destination whose ball never grew, met by the source's: all its forwarding neighbours.)
    const grown = dst.radius >= 1;
    for (let k = L.start[d0]; k < L.start[d0 + 1]; k++) {
      const v = L.nbr[k];
      if (!transit[v] || (grown && dst.dist[v] !== 1)) continue;
      const c = (k - L.start[d0]) << 1;
      last.push(c, 0);
      if (L.arc2[k] >= 0) last.push(c | 1, 0);
    }
  }

  /** s0 splits over its edges to common forwarding neighbours; each splits what it gets over its edges to the destination. */
  private spreadTwoHops(first: EntryList, last: EntryList): void {
    const { layer, root: d0 } = this.dst;
    const { start, nbr, arc2 } = layer;
    const { transit } = this.g;
    const { s0 } = this;
    const share = 1 / this.twoHopEdges;
    let p = start[s0];
    let q = start[d0];
    const pEnd = start[s0 + 1];
    const qEnd = start[d0 + 1];
    while (p < pEnd && q < qEnd) {
      const w = nbr[p];
      if (w < nbr[q]) p++;
      else if (w > nbr[q]) q++;
      else {
        const p0 = p;
        const q0 = q;
        while (p < pEnd && nbr[p] === w) p++;
        while (q < qEnd && nbr[q] === w) q++;
        if (!transit[w]) continue;
        for (let k = p0; k < p; k++) {
          const c = (k - start[s0]) << 1;
          first.push(c, share);
          if (arc2[k] >= 0) first.push(c | 1, share);
        }
        const onward = ((p - p0) * share) / (q - q0);
        for (let k = q0; k < q; k++) {
          const c = (k - start[d0]) << 1;
          last.push(c, onward);
          if (arc2[k] >= 0) last.push(c | 1, onward);
        }
      }
    }
  }

  /** Over the balls that met: pulled along the source side level by level, then pushed down the destination's DAG. */
  private spreadMet(middle: EntryList, first: EntryList, last: EntryList): void {
    const { src, dst, nodes, from, to, sideHops, amt } = this;
    const s0 = src.root;
    const d0 = dst.root;
    const A = this.meetLevel;
    amt[s0] = 1;
    // Source side: v pulls from the entries leading back to the source (edges u → v in u's list).
    for (let i = 1; i <= A; i++) {
      for (let p = from[i]; p < to[i]; p++) {
        const v = nodes[p];
        for (let x = src.head[v]; x >= 0; x = src.next[x]) {
          const u = src.hop[x];
          const share = amt[u] / sideHops[u];
          this.emit(u, v, src.adj[x], 0, share, middle, first, last);
          amt[v] += share;
        }
      }
      for (let p = from[i - 1]; p < to[i - 1]; p++) amt[nodes[p]] = 0;
    }
    // Destination side: pushed from the met nodes (edges u → v in v's list).
    let { cur, nxt } = this;
    let nc = 0;
    for (let p = from[A]; p < to[A]; p++) {
      if (nodes[p] === d0) amt[d0] = 0;
      else cur[nc++] = nodes[p];
    }
    const { head, next, hop, adj, hops } = dst;
    while (nc) {
      let nn = 0;
      for (let c = 0; c < nc; c++) {
        const u = cur[c];
        const share = amt[u] / hops[u];
        amt[u] = 0;
        for (let x = head[u]; x >= 0; x = next[x]) {
          const v = hop[x];
          this.emit(u, v, adj[x], 1, share, middle, first, last);
          if (v !== d0) {
            if (amt[v] === 0) nxt[nn++] = v;
            amt[v] += share;
          }
        }
      }
      const swap = cur;
      cur = nxt;
      nxt = swap;
      nc = nn;
    }
  }

  /**
   * Edge u → v with `share`: entry k of the adjacency, in u's list or, when `back` = 1, in v's
   * (its arcs then reversed). A port code is at hand when the edge is listed at the port's node.
   */
  private emit(
    u: number,
    v: number,
    k: number,
    back: number,
    share: number,
    middle: EntryList,
    first: EntryList,
    last: EntryList,
  ): void {
    const L = this.dst.layer;
    const a1 = L.arc1[k] ^ back;
    const a2 = L.arc2[k] < 0 ? -1 : L.arc2[k] ^ back;
    if (u === this.s0) {
      const c = back ? portCode(L, u, v, a1, 0) : (k - L.start[u]) << 1;
      first.push(c, share);
      if (a2 >= 0) first.push(back ? portCode(L, u, v, a2, 0) : c | 1, share);
    } else if (v === this.dst.root) {
      const c = back ? (k - L.start[v]) << 1 : portCode(L, v, u, a1, 1);
      last.push(c, share);
      if (a2 >= 0) last.push(back ? c | 1 : portCode(L, v, u, a2, 1), share);
    } else {
      middle.push(a1, share);
      if (a2 >= 0) middle.push(a2, share);
    }
  }
}
