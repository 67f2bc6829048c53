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
  const stages = Math.max(1, Math.min(traffic.pipelineStages, n));
  if (traffic.pipelineStages > n)
    notes.push(`pipeline stages ${traffic.pipelineStages} exceed the ${n} GPUs; ${n} stages of one GPU used`);
  const asked = traffic.tensorParallel || dom;
  // A group must not straddle two domains: t divides the domain size (groups start at multiples of
  // t, domains at multiples of their size). The largest such t that every stage can hold is used.
  const perStage = Math.floor(n / stages);
  const most = Math.max(1, Math.min(asked, dom, perStage));
  const tp = largestDivisorUpTo(dom, most);
  // One note, naming the limit that binds (the stage size, the domain, or a divisor of it).
  if (tp < asked) notes.push(tensorNote(asked, dom, perStage, tp));
  const groups = Math.floor(n / stages / tp);
  const stageSize = groups * tp;
  const idle = n - stageSize * stages;
  if (idle > 0)
    notes.push(
      `${gpus(idle)} ${idle === 1 ? 'does' : 'do'} not fill a tensor group in every stage and ${idle === 1 ? 'stays' : 'stay'} idle`,
    );
  return { stageSize, stages, tp, groups, notes };
}

/** The largest divisor of n that is at most k (k ≥ 1). */
function largestDivisorUpTo(n: number, k: number): number {
  for (let d = k; d > 1; d--) if (n % d === 0) return d;
  return 1;
}

const gpus = (n: number) => `${n} ${n === 1 ? 'GPU' : 'GPUs'}`;

/** Why tensor parallel `asked` became `tp`: the smallest of the three limits says it. */
function tensorNote(asked: number, dom: number, perStage: number, tp: number): string {
  const wanted = Math.min(asked, dom);
  if (perStage < wanted)
    return `a stage of ${gpus(perStage)} holds no tensor group of ${wanted}${tp < perStage ? ` inside one scale-up domain (${dom})` : ''}; ${tp} used`;
  if (asked > dom) return `tensor parallel ${asked} exceeds the scale-up domain (${dom}); ${tp} used`;
  return `tensor parallel ${asked} does not divide the scale-up domain (${dom}); ${tp} used`;
}
