// All-to-all (mixture-of-experts dispatch): every GPU of a stage sends S/n to each of the others.
// Kept as one structured phase; aggregation turns it into leaf-to-leaf commodities, so 100k
// GPUs never become 10^10 transfers.

import type { AllToAllPhase, Collective } from './demand';
import type { Mapping } from './parallelism';

export function allToAll(m: Mapping, S: number): Collective {
  const n = m.stageSize;
  // Stages run their all-to-alls at the same time: one phase, one group per stage.
  const gpus = new Int32Array(n * m.stages);
  for (let i = 0; i < gpus.length; i++) gpus[i] = i;
  const phases: AllToAllPhase[] = [
    { kind: 'all-to-all', name: 'all-to-all', gpus, groupSize: n, bytesPerPair: S / n, steps: 1 },
  ];
  return {
    pattern: 'all-to-all',
    ranks: n,
    gpus: n * m.stages,
    sizeBytes: S,
    busFactor: (n - 1) / n,
    phases,
    notes: [...m.notes],
  };
}
