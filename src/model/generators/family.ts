// The contract each topology family's generator fulfils.

import type { Problem, Scenario, Topology } from '../scenario';
import type { Ctx } from './compute';

export interface Family<T extends Topology = Topology> {
  /** GPUs the topology holds, in closed form (restore() clamps on it before building). */
  count(t: T, s: Scenario): number;
  /** Repairs parameters the switch radix or the family's rules cannot build; one problem each. */
  fit(t: T, s: Scenario, ctx: Ctx): Problem[];
  /** Adds the family's GPUs, switches and links to the builder. */
  build(t: T, ctx: Ctx): void;
}
