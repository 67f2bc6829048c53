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
  push(s: number, d: number, b: number): void {
    if (this.length === this.src.length) {
      const n = this.src.length * 2;
      const [src, dst, bytes] = [new Int32Array(n), new Int32Array(n), new Float64Array(n)];
      src.set(this.src);
      dst.set(this.dst);
      bytes.set(this.bytes);
      [this.src, this.dst, this.bytes] = [src, dst, bytes];
    }
    this.src[this.length] = s;
    this.dst[this.length] = d;
    this.bytes[this.length++] = b;
  }
  phase(name: string, steps: number): PairPhase {
    const n = this.length;
    return {
      kind: 'pairs',
      name,
      src: this.src.slice(0, n),
      dst: this.dst.slice(0, n),
      bytes: this.bytes.slice(0, n),
      steps,
    };
  }
}
