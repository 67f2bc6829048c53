// demand(): a scenario's traffic pattern → GPU-level phases of a collective. aggregate() then
// folds them into weighted commodities for the solver.

import type { Scenario } from '../model/scenario';
import { allToAll } from './alltoall';
import type { Attachments } from './attach';
import { hierarchicalAllReduce, ringCollective } from './collectives';
import { customFlows } from './custom';
import type { Collective } from './demand';
import { mapping } from './parallelism';
import { permutation } from './permutation';
import { pipeline } from './pipeline';

export function demand(att: Attachments, s: Scenario): Collective {
  const t = s.traffic;
  const S = t.messageBytes;
  const m = mapping(att, t);
  switch (t.pattern) {
    case 'ring-allreduce':
    case 'all-gather':
    case 'reduce-scatter':
      return ringCollective(m, t.pattern, S);
    case 'hierarchical-allreduce':
      return hierarchicalAllReduce(m, S);
    case 'all-to-all':
      return allToAll(m, S);
    case 'permutation':
      return permutation(m, S, t.seed);
    case 'pipeline':
      return pipeline(m, S);
    case 'custom':
      return customFlows(t.flows, att.gpuCount, S);
  }
}

export { attachments, type Attachments } from './attach';
export { aggregate, type Commodities } from './aggregate';
export type { Collective, Phase } from './demand';
