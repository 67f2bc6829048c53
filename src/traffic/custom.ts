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
  const examples: string[] = [];
  const used = new Set<number>();
  flows.forEach(([s, d, w], i) => {
    const why =
      s >= gpuCount || d >= gpuCount
        ? `GPU ${Math.max(s, d)} does not exist (GPUs 0–${gpuCount - 1})`
        : s === d
          ? `GPU ${s} to itself`
          : !(w > 0)
            ? 'weight 0'
            : null;
    if (why) {
      // The first few, so the user can find them in the list.
      if (dropped++ < 3) examples.push(`flows[${i}] ${why}`);
      return;
    }
    out.push(s, d, w * S);
    used.add(s).add(d);
  });
  const notes: string[] = [];
  if (!flows.length)
    notes.push('the custom pattern has no flows: list them as "source destination weight" lines');
  if (dropped)
    notes.push(
      `${dropped === 1 ? '1 custom flow' : `${dropped} custom flows`} ignored: ${examples.join('; ')}${dropped > 3 ? '; …' : ''}`,
    );
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
