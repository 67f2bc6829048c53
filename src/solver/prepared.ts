// The part of a solve that depends neither on the traffic nor on where racks stand: where GPUs
// attach, the routing graph's topology (cable lengths are applied per solve, graph.ts
// withLengths) and its twin classes. A worker keeps it between solves of one fabric, so that a new
// pattern, routing or message size re-solves without rebuilding it (on the 100k-GPU preset that
// is ~150 ms of a ~600 ms ring solve), and can build it ahead, while the scene is being placed.
// It is keyed by content: what the fabric is built from, and the failed links (the node and link
// counts of the fabric are checked too).

import type { Fabric } from '../model/fabric';
import { buildInputs } from '../model/generators';
import type { Scenario } from '../model/scenario';
import type { Attachments } from '../traffic/attach';
import type { RoutingGraph } from './graph';

export interface Prepared {
  att: Attachments;
  /** The routing graph without cable lengths. */
  g: RoutingGraph;
}

/** Everything of a scenario the fabric, the attachments and the graph may read: not the
 * placement (lengths come per solve) nor the traffic, but its failed links. */
const prepKey = (s: Scenario): string =>
  JSON.stringify({ ...buildInputs(s), traffic: s.traffic.failedLinks });

const shape = (f: Fabric): string => `${f.nodeCount}/${f.linkCount}/${f.gpuCount}`;

/** The last fabric's prepared part (one is enough: a worker solves one fabric at a time). */
export class PreparedCache {
  private last: { key: string; shape: string; prep: Prepared } | null = null;
  /** Lookups answered from the cache, for tests and the bench. */
  hits = 0;

  /** Whether the cache holds this scenario's part (its fabric's shape unchecked). */
  has(s: Scenario): boolean {
    return this.last?.key === prepKey(s);
  }

  lookup(fabric: Fabric, s: Scenario): Prepared | null {
    const l = this.last;
    if (!l || l.shape !== shape(fabric) || l.key !== prepKey(s)) return null;
    this.hits++;
    return l.prep;
  }

  store(fabric: Fabric, s: Scenario, prep: Prepared): void {
    this.last = { key: prepKey(s), shape: shape(fabric), prep };
  }
}
