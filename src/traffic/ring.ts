// NCCL-style rings, rail-aligned: one channel per tensor rank. Channel c walks the tensor groups
// in order; inside a group it visits every GPU over scale-up links, alternating direction from
// group to group so that it leaves a group from the rank it enters the next one by
// (GPU i talks to GPU i of the next group: one rail, one leaf on a rail-optimized fabric).

import { PairList } from './demand';
import { gpuAt, type Mapping } from './parallelism';

/** Rank visited at position k (0 ≤ k < t) of group j in channel c. */
export function ringRank(t: number, c: number, j: number, k: number): number {
  return j % 2 === 0 ? (c + k) % t : (c + t - 1 - k) % t;
}

/** Adds the transfers of one ring step pattern: every GPU sends `bytesPerChannel` to its successor, in every channel. */
export function addRings(out: PairList, m: Mapping, bytesPerChannel: number): void {
  const { tp: t, groups: G } = m;
  if (m.stageSize < 2) return;
  out.reserve(m.stages * t * G * t);
  // Ranks walk by ±1 (mod t) inside a group; computed incrementally, this loop runs for every
  // GPU of every channel (800k transfers on the 100k preset).
  for (let s = 0; s < m.stages; s++)
    for (let c = 0; c < t; c++)
      for (let j = 0; j < G; j++) {
        const base = gpuAt(m, s, j, 0);
        const step = j % 2 === 0 ? 1 : t - 1;
        let r = ringRank(t, c, j, 0);
        for (let k = 0; k + 1 < t; k++) {
          const next = r + step < t ? r + step : r + step - t;
          out.push(base + r, base + next, bytesPerChannel);
          r = next;
        }
        const to = gpuAt(m, s, (j + 1) % G, ringRank(t, c, (j + 1) % G, 0));
        if (base + r !== to) out.push(base + r, to, bytesPerChannel);
      }
}

/** A single ring over `gpus` (in order), each GPU sending `bytes` to the next. */
export function addRing(out: PairList, gpus: ArrayLike<number>, bytes: number): void {
  const n = gpus.length;
  if (n < 2) return;
  for (let i = 0; i < n; i++) out.push(gpus[i], gpus[(i + 1) % n], bytes);
}
