// Random permutation traffic: every GPU sends S to one other, every GPU receives once.
// Sattolo's algorithm gives a single cycle (no GPU sends to itself); the seed makes it repeatable.

import type { Collective } from './demand';
import { PairList } from './demand';
import type { Mapping } from './parallelism';
import { mulberry32 } from './rng';

/** A seeded cyclic permutation of 0..n−1 (no fixed points for n ≥ 2). */
export function cyclicPermutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export function permutation(m: Mapping, S: number, seed: number): Collective {
  const n = m.stageSize * m.stages;
  const p = cyclicPermutation(n, seed);
  const out = new PairList(n);
  for (let i = 0; i < n; i++) if (p[i] !== i) out.push(i, p[i], S);
  return {
    pattern: 'permutation',
    ranks: n,
    gpus: n,
    sizeBytes: S,
    busFactor: 1,
    phases: [out.phase('permutation', 1)],
    notes: [...m.notes],
  };
}
