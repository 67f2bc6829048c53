// Shared helpers for unit tests: presets from scenes/, tier counts, port usage.
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/layout/analyze';
import { NODE_GPU, TIERS, type Fabric } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { resolveCatalog } from '../../src/model/resolved';
import { restore } from '../../src/model/restore';
import type { Scenario } from '../../src/model/scenario';

export const PRESET_IDS = [
  'demo',
  'dgx-h100-superpod-4su',
  'dgx-h100-superpod-16su',
  'gb200-nvl72-superpod',
  'meta-24k-clos',
  'colossus-100k',
  'tpu-v4-torus',
];

export function presetRaw(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../scenes/${id}.json`, import.meta.url), 'utf8'));
}

/** Seeded cable lengths, 1 m to `maxM` per link (a placement's spread and more). */
export function randomLengths(links: number, seed: number, maxM = 300): Float32Array {
  const out = new Float32Array(links);
  let x = seed >>> 0;
  for (let l = 0; l < links; l++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[l] = 1 + ((maxM - 1) * x) / 2 ** 32;
  }
  return out;
}

/** Restores a raw scenario, failing the test on any problem. */
export function scenarioOf(raw: unknown): Scenario {
  const { scenario, problems } = restore(raw);
  if (problems.length) throw new Error(`unexpected problems: ${JSON.stringify(problems)}`);
  return scenario;
}

export function fabricOf(raw: unknown): { s: Scenario; f: Fabric } {
  const s = scenarioOf(raw);
  return { s, f: build(s) };
}

export const analyzed = (raw: unknown) => {
  const { s, f } = fabricOf(raw);
  return { s, f, a: analyze(f, s) };
};

export function switchesByTier(f: Fabric): Record<string, number> {
  const out: Record<string, number> = {};
  for (let n = 0; n < f.nodeCount; n++)
    if (f.nodeKind[n] !== NODE_GPU) out[TIERS[f.nodeTier[n]]] = (out[TIERS[f.nodeTier[n]]] ?? 0) + 1;
  return out;
}

export function linksByTier(f: Fabric): Record<string, number> {
  const out: Record<string, number> = {};
  for (let l = 0; l < f.linkCount; l++) out[TIERS[f.linkTier[l]]] = (out[TIERS[f.linkTier[l]]] ?? 0) + 1;
  return out;
}

/** Ports and bandwidth each switch uses, against its model's limits at the speeds it runs. */
export function portOverruns(f: Fabric, s: Scenario): string[] {
  const cat = resolveCatalog(s);
  const ports = new Uint32Array(f.nodeCount);
  const gbps = new Float64Array(f.nodeCount);
  for (let l = 0; l < f.linkCount; l++)
    for (const n of [f.linkA[l], f.linkB[l]]) {
      ports[n]++;
      gbps[n] += f.linkGbps[l];
    }
  const bad: string[] = [];
  for (let n = 0; n < f.nodeCount; n++) {
    if (f.nodeKind[n] === NODE_GPU) continue;
    const m = cat.switchModel(f.switchModels[f.nodeModel[n]]);
    if (ports[n] > m.maxPorts || gbps[n] > m.capacityGbps + 1e-6)
      bad.push(`${n}: ${ports[n]} ports, ${gbps[n]} Gb/s on ${m.id}`);
  }
  return bad;
}

/** Neighbours of node n (with multiplicity). */
export function neighbours(f: Fabric, n: number): number[] {
  const out: number[] = [];
  for (let l = 0; l < f.linkCount; l++) {
    if (f.linkA[l] === n) out.push(f.linkB[l]);
    else if (f.linkB[l] === n) out.push(f.linkA[l]);
  }
  return out;
}
