// A user's own flow list: [source GPU, destination GPU, weight], each carrying weight · S bytes.

import type { Collective } from './demand';
import { PairList } from './demand';

export function customFlows(
  flows: readonly (readonly [number, number, number])[],
  gpuCount: number,
  S: number,
): Collective {
  const out = new PairList(Math.max(1, flows.length));
  let dropped = 0;
  const used = new Set<number>();
  for (const [s, d, w] of flows) {
    if (s >= gpuCount || d >= gpuCount || s === d || !(w > 0)) {
      dropped++;
      continue;
    }
    out.push(s, d, w * S);
    used.add(s).add(d);
  }
  const notes = dropped
    ? [`${dropped} custom flows name a missing GPU, loop to themselves or weigh 0; ignored`]
    : [];
  return {
    pattern: 'custom',
    ranks: used.size,
    gpus: used.size,
    sizeBytes: S,
    busFactor: 1,
    phases: [out.phase('custom flows', 1)],
    notes,
  };
}
