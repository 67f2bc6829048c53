// Pipeline-parallel point-to-point: GPU i of stage k sends activations to GPU i of stage k+1 and
// receives gradients back (steady state: every boundary busy at once), S bytes each way.

import type { Collective } from './demand';
import { PairList } from './demand';
import type { Mapping } from './parallelism';

export function pipeline(m: Mapping, S: number): Collective {
  const out = new PairList();
  const n = m.stageSize;
  for (let s = 0; s + 1 < m.stages; s++)
    for (let i = 0; i < n; i++) {
      out.push(s * n + i, (s + 1) * n + i, S);
      out.push((s + 1) * n + i, s * n + i, S);
    }
  const notes = [...m.notes];
  if (m.stages < 2)
    notes.push('pipeline traffic needs 2 or more pipeline stages (traffic.pipelineStages); no transfers');
  return {
    pattern: 'pipeline',
    ranks: m.stages,
    gpus: n * m.stages,
    sizeBytes: S,
    busFactor: 1,
    phases: [out.phase('pipeline boundaries', 1)],
    notes,
  };
}
