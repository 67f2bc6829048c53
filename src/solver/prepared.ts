// The part of a solve that does not depend on the traffic: where GPUs attach and the routing
// graph. A worker keeps it between solves of one fabric, so that a new pattern, routing or
// message size re-solves without rebuilding it (on the 100k-GPU preset that is ~150 ms of a
// ~600 ms ring solve). It is keyed by the fabric and cable-length objects (the worker keeps those
// too) and by what else the two read: the failed links and the catalog (switch latencies).

import type { Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';
import type { Attachments } from '../traffic/attach';
import type { RoutingGraph } from './graph';

export interface Prepared {
  att: Attachments;
  g: RoutingGraph;
}

/** Everything of a scenario the attachments and the graph may read, but its fabric. */
const prepKey = (s: Scenario): string => JSON.stringify({ ...s, traffic: s.traffic.failedLinks });

/** The last fabric's prepared part (one is enough: a worker solves one fabric at a time). */
export class PreparedCache {
  private last: { fabric: Fabric; lengthM?: Float32Array; key: string; prep: Prepared } | null = null;
  /** Lookups answered from the cache, for tests and the bench. */
  hits = 0;

  lookup(fabric: Fabric, s: Scenario, lengthM?: Float32Array): Prepared | null {
    const l = this.last;
    if (!l || l.fabric !== fabric || l.lengthM !== lengthM || l.key !== prepKey(s)) return null;
    this.hits++;
    return l.prep;
  }

  store(fabric: Fabric, s: Scenario, lengthM: Float32Array | undefined, prep: Prepared): void {
    this.last = { fabric, lengthM, key: prepKey(s), prep };
  }
}
