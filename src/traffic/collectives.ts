// Ring collectives (nccl-tests definitions): all-reduce moves 2(n−1)/n · S per rank, all-gather
// and reduce-scatter (n−1)/n · S, over t rail-aligned channels of S/t each. Hierarchical
// all-reduce: reduce-scatter inside the tensor group, all-reduce of the shard across groups
// between GPUs of equal rank, all-gather back inside the group.

import type { Collective, Pattern } from './demand';
import { PairList } from './demand';
import { gpuAt, type Mapping } from './parallelism';
import { addRing, addRings } from './ring';

export function ringCollective(m: Mapping, pattern: Pattern, S: number): Collective {
  const n = m.stageSize;
  const allReduce = pattern === 'ring-allreduce';
  const factor = allReduce ? (2 * (n - 1)) / n : (n - 1) / n;
  const out = new PairList(m.stageSize * m.stages);
  addRings(out, m, (factor * S) / m.tp);
  return {
    pattern,
    ranks: n,
    gpus: n * m.stages,
    sizeBytes: S,
    busFactor: factor,
    phases: [out.phase(pattern, allReduce ? 2 * (n - 1) : n - 1)],
    notes: [...m.notes],
  };
}

export function hierarchicalAllReduce(m: Mapping, S: number): Collective {
  const { tp: t, groups: G } = m;
  const n = m.stageSize;
  const inner = new PairList();
  const outer = new PairList();
  const group: number[] = [];
  for (let s = 0; s < m.stages; s++) {
    for (let j = 0; j < G; j++) {
      group.length = 0;
      for (let r = 0; r < t; r++) group.push(gpuAt(m, s, j, r));
      addRing(inner, group, ((t - 1) / t) * S);
    }
    for (let r = 0; r < t; r++) {
      group.length = 0;
      for (let j = 0; j < G; j++) group.push(gpuAt(m, s, j, r));
      addRing(outer, group, ((2 * (G - 1)) / G) * (S / t));
    }
  }
  const reduce = inner.phase('reduce-scatter in group', t - 1);
  const gather = { ...reduce, name: 'all-gather in group' };
  return {
    pattern: 'hierarchical-allreduce',
    ranks: n,
    gpus: n * m.stages,
    sizeBytes: S,
    busFactor: (2 * (n - 1)) / n,
    phases: [reduce, outer.phase('all-reduce across groups', 2 * (G - 1)), gather],
    notes:
      t > 1
        ? [...m.notes]
        : [...m.notes, 'tensor groups of 1 GPU (no scale-up domain): the same as a flat ring'],
  };
}
