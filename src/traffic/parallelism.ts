// Parallelism mapping: which GPUs talk to which. Pipeline stages are contiguous blocks of GPUs;
// inside a stage, tensor-parallel groups of t consecutive GPUs sit inside one scale-up domain
// (Megatron order: tensor fastest, then data, then pipeline). Data-parallel peers are the GPUs of
// equal tensor rank in the stage's groups, so on a rail-optimized fabric they share a rail.

import type { Scenario } from '../model/scenario';
import type { Attachments } from './attach';

export interface Mapping {
  /** GPUs per stage (a whole number of tensor groups). */
  stageSize: number;
  stages: number;
  /** Tensor-parallel group size t. */
  tp: number;
  /** Tensor groups per stage (the data-parallel degree). */
  groups: number;
  notes: string[];
}

/** GPU index of rank r of tensor group j in stage s. */
export const gpuAt = (m: Mapping, s: number, j: number, r: number): number => s * m.stageSize + j * m.tp + r;

/** Size of the scale-up domain of GPU 0 (1 without scale-up). */
export function domainSize(att: Attachments): number {
  return att.domainCount ? att.domainStart[1] - att.domainStart[0] : 1;
}

export function mapping(att: Attachments, traffic: Scenario['traffic']): Mapping {
  const notes: string[] = [];
  const n = att.gpuCount;
  const dom = domainSize(att);
  let tp = traffic.tensorParallel || dom;
  if (tp > dom) {
    notes.push(`tensor parallel ${tp} exceeds the scale-up domain (${dom}); ${dom} used`);
    tp = dom;
  }
  const stages = Math.max(1, Math.min(traffic.pipelineStages, n));
  tp = Math.max(1, Math.min(tp, Math.floor(n / stages)));
  const groups = Math.floor(n / stages / tp);
  const stageSize = groups * tp;
  const idle = n - stageSize * stages;
  if (idle > 0) notes.push(`${idle} GPUs do not fill a tensor group in every stage and stay idle`);
  return { stageSize, stages, tp, groups, notes };
}
