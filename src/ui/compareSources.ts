// The sources behind a delta-table row: the catalog entries (modules, switches, GPU, server) of
// both sides that feed the figure, each with the kind of source and its citation.

import type { SceneResult } from '../layout/pipeline';
import { PROPAGATION_SOURCE, type MediumModule } from '../model/catalog';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import { SOURCE_KIND_LABEL, type Source } from '../model/sources';

type Field = 'watts' | 'cost' | 'latency' | 'reach' | 'lasers' | 'rate';

interface Side {
  scenario: Scenario;
  scene: SceneResult | null;
}

function modules(sides: Side[]): MediumModule[] {
  const out = new Map<string, MediumModule>();
  for (const s of sides)
    for (const k of s.scene?.analysis.media.kinds ?? [])
      for (const e of k.ends) if (e) out.set(e.module.id, e.module);
  return [...out.values()];
}

const cite = (what: string, s: Source) => `${what} — ${SOURCE_KIND_LABEL[s.kind]}: ${s.ref}`;

function switchLines(sides: Side[], field: 'watts' | 'latency' | 'cost'): string[] {
  const out = new Map<string, string>();
  for (const s of sides) {
    const cat = resolveCatalog(s.scenario);
    for (const id of s.scene?.fabric.switchModels ?? []) {
      const m = cat.switchModel(id);
      out.set(m.id, cite(`${m.label} ${field}`, m.sources[field]));
    }
  }
  return [...out.values()];
}

function gpuLines(sides: Side[], field: 'watts' | 'nic' | 'cost'): string[] {
  const out = new Map<string, string>();
  for (const s of sides) {
    const g = resolveCatalog(s.scenario).gpu;
    out.set(g.id, cite(`${g.label} ${field === 'nic' ? 'NIC rate' : field}`, g.sources[field]));
  }
  return [...out.values()];
}

function serverLines(sides: Side[]): string[] {
  const out = new Map<string, string>();
  for (const s of sides) {
    const v = resolveCatalog(s.scenario).server;
    out.set(v.id, cite(`${v.label} overhead`, v.sources.overhead));
  }
  return [...out.values()];
}

function moduleLines(sides: Side[], field: Field): string[] {
  return modules(sides).map((m) => cite(`${m.id} ${field}`, m.sources[field]));
}

/** Source lines for a row key of compareFigures. */
export function rowSources(key: string, a: Side, b: Side): string[] {
  const sides = [a, b];
  const [group] = key.split('.');
  let lines: string[];
  if (key === 'power.totalW')
    lines = [
      ...gpuLines(sides, 'watts'),
      ...serverLines(sides),
      ...switchLines(sides, 'watts'),
      ...moduleLines(sides, 'watts'),
    ];
  else if (key === 'power.switchW') lines = switchLines(sides, 'watts');
  else if (key === 'power.networkW') lines = [...switchLines(sides, 'watts'), ...moduleLines(sides, 'watts')];
  else if (key === 'power.opticsW') lines = moduleLines(sides, 'watts');
  else if (key === 'power.opticsShare')
    lines = [...moduleLines(sides, 'watts'), ...gpuLines(sides, 'watts'), ...switchLines(sides, 'watts')];
  else if (key === 'transceivers' || key === 'cpoPorts') lines = moduleLines(sides, 'rate');
  else if (key === 'lasers') lines = moduleLines(sides, 'lasers');
  else if (group === 'cables' || key === 'infeasibleLinks') lines = moduleLines(sides, 'reach');
  else if (group === 'cost')
    lines = [...switchLines(sides, 'cost'), ...moduleLines(sides, 'cost'), ...gpuLines(sides, 'cost')];
  else if (group === 'latency')
    lines = [
      cite('propagation', PROPAGATION_SOURCE),
      ...moduleLines(sides, 'latency'),
      ...switchLines(sides, 'latency'),
    ];
  else if (key === 'solve.completionTimeS')
    // The latency term: the worst path's cables, modules and switches; then the bandwidth term.
    lines = [
      ...gpuLines(sides, 'nic'),
      'link rates, routing and traffic: the scenario (solver: ECMP routing, max-min fair rates)',
      cite('propagation', PROPAGATION_SOURCE),
      ...moduleLines(sides, 'latency'),
      ...switchLines(sides, 'latency'),
    ];
  else if (group === 'solve')
    lines = [
      ...gpuLines(sides, 'nic'),
      'link rates, routing and traffic: the scenario (solver: ECMP routing, max-min fair rates)',
    ];
  else if (key === 'supplyDays')
    lines = [
      `production rate ${a.scenario.supply.modulesPerDay.toLocaleString('en-US')} modules/day — scenario (assumption)`,
    ];
  else lines = [];
  return [...new Set(lines)];
}
