// The report: the figures a user sees, as one JSON object (the CLI prints it; README documents it).

import type { Bom } from './bom';
import type { Problem, Scenario } from './scenario';

export interface Report extends Bom {
  scenario: { name: string; topology: string; source: string };
  /** Longest of the fastest GPU-to-GPU paths, ns (see latency.ts). */
  worstPathNs?: number;
  problems: Problem[];
}

export function toReport(
  s: Scenario,
  bom: Bom,
  problems: Problem[],
  extra: { worstPathNs?: number } = {},
): Report {
  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  return {
    scenario: { name: s.name, topology: s.topology.kind, source: s.source },
    ...bom,
    cables: {
      byMedium: bom.cables.byMedium,
      totalLengthM: round(bom.cables.totalLengthM, 1),
      opticalLengthM: round(bom.cables.opticalLengthM, 1),
    },
    power: Object.fromEntries(
      Object.entries(bom.power).map(([k, v]) => [k, k === 'opticsShare' ? round(v, 5) : round(v, 1)]),
    ) as unknown as Bom['power'],
    cost: Object.fromEntries(
      Object.entries(bom.cost).map(([k, v]) => [k, round(v, 1)]),
    ) as unknown as Bom['cost'],
    hopLatencyNs: Object.fromEntries(Object.entries(bom.hopLatencyNs).map(([k, v]) => [k, round(v, 1)])),
    supplyDays: round(bom.supplyDays, 2),
    ...(extra.worstPathNs !== undefined ? { worstPathNs: round(extra.worstPathNs, 1) } : {}),
    problems,
  };
}
