// GPU-level demands of a collective, before aggregation. A collective runs as phases one after
// another (hierarchical all-reduce has three); inside a phase all transfers run at once.

import type { Scenario } from '../model/scenario';

export type Pattern = Scenario['traffic']['pattern'];

/** Explicit transfers: GPU indices and bytes per transfer. */
export interface PairPhase {
  kind: 'pairs';
  name: string;
  src: Int32Array;
  dst: Int32Array;
  bytes: Float64Array;
  /** Sequential latency steps of the phase (2(n−1) for a ring all-reduce). */
  steps: number;
}

/**
 * Inside each consecutive group of `groupSize` GPUs of `gpus`, every GPU sends `bytesPerPair`
 * to every other: never expanded into pairs.
 */
export interface AllToAllPhase {
  kind: 'all-to-all';
  name: string;
  gpus: Int32Array;
  groupSize: number;
  bytesPerPair: number;
  steps: number;
}

export type Phase = PairPhase | AllToAllPhase;

export interface Collective {
  pattern: Pattern;
  /** Ranks of the collective (the n of nccl-tests): GPUs per group it runs over. */
  ranks: number;
  /** GPUs taking part in all groups. */
  gpus: number;
  /** The collective's size S (nccl-tests "size"): algorithm bandwidth = S / time. */
  sizeBytes: number;
  /** nccl-tests bus bandwidth factor. */
  busFactor: number;
  phases: Phase[];
  notes: string[];
}

/** Pair phase from plain arrays. */
export function pairPhase(
  name: string,
  src: number[],
  dst: number[],
  bytes: number[],
  steps: number,
): PairPhase {
  return {
    kind: 'pairs',
    name,
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    bytes: Float64Array.from(bytes),
    steps,
  };
}

/** Grows parallel arrays of transfers without an object per transfer. */
export class PairList {
  src: Int32Array;
  dst: Int32Array;
  bytes: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.src = new Int32Array(capacity);
    this.dst = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
  }
  /** Makes room for `extra` more transfers. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.src.length) return;
    const n = Math.max(need, this.src.length * 2);
    const [src, dst, bytes] = [new Int32Array(n), new Int32Array(n), new Float64Array(n)];
    src.set(this.src.subarray(0, this.length));
    dst.set(this.dst.subarray(0, this.length));
    bytes.set(this.bytes.subarray(0, this.length));
    [this.src, this.dst, this.bytes] = [src, dst, bytes];
  }
  push(s: number, d: number, b: number): void {
    if (this.length === this.src.length) this.reserve(1);
    this.src[this.length] = s;
    this.dst[this.length] = d;
    this.bytes[this.length++] = b;
  }
  /** The transfers as a phase (the arrays themselves when full, so a big list is not copied). */
  phase(name: string, steps: number): PairPhase {
    const n = this.length;
    const fit = <T extends Int32Array | Float64Array>(a: T) => (a.length === n ? a : (a.slice(0, n) as T));
    return { kind: 'pairs', name, src: fit(this.src), dst: fit(this.dst), bytes: fit(this.bytes), steps };
  }
}
