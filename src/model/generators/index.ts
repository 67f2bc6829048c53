// build(): scenario → fabric, by the topology family's generator.

import type { Fabric } from '../fabric';
import type { Problem, Scenario, Topology, TopologyKind } from '../scenario';
import { clos3 } from './clos3';
import { Ctx } from './compute';
import { custom } from './custom';
import { dragonfly } from './dragonfly';
import { fatTree } from './fat-tree';
import type { Family } from './family';
import { leafSpine } from './leaf-spine';
import { railOptimized } from './rail-optimized';
import { torus } from './torus';

const FAMILIES: { [K in TopologyKind]: Family<Extract<Topology, { kind: K }>> } = {
  'fat-tree': fatTree,
  'leaf-spine': leafSpine,
  clos3,
  'rail-optimized': railOptimized,
  dragonfly,
  torus,
  custom,
};

const family = (s: Scenario) => FAMILIES[s.topology.kind] as Family;

/** GPUs the scenario's topology holds (closed form, no build). */
export function countGpus(s: Scenario): number {
  return family(s).count(s.topology, s);
}

/** Repairs what the family's rules or the switch radix cannot build (mutates s). */
export function fitTopology(s: Scenario): Problem[] {
  return family(s).fit(s.topology, s, new Ctx(s));
}

/** The part of a scenario the fabric depends on: everything but the floor's pins, seed and rack
 * rows (they place the racks, not the links). Equal inputs build equal fabrics: build() is
 * deterministic, which the solve worker relies on when it builds a fabric of its own ahead. */
export const buildInputs = (s: Scenario): Scenario => ({
  ...s,
  floor: { ...s.floor, pinned: {}, seed: 0, racksPerRow: 0 },
});

/** Builds the fabric of a restored scenario. */
export function build(s: Scenario): Fabric {
  const ctx = new Ctx(s);
  family(s).build(s.topology, ctx);
  return ctx.b.finish();
}
