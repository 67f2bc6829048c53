// Scenario → fabric → placement → analysis → geometry: the whole derived scene, as one pure
// function with caches, shared by the worker (the app), the benchmarks and the tests.

import type { Bom } from '../model/bom';
import type { Fabric } from '../model/fabric';
import { build, buildInputs } from '../model/generators';
import type { MediaAssignment } from '../model/media';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import { analyze } from './analyze';
import { buildGeometry, type SceneGeometry } from './geometry';
import { forceTargets, pinnedRacks, snapToGrid, type Placement } from './place';

/** FNV-1a over a string, as 8 hex digits: keys results to the scenario they came from. */
export function hashString(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const scenarioHash = (s: Scenario): string => hashString(JSON.stringify(s));

/** What the build depends on (buildInputs): everything but the pins and the seed. */
export const fabricKey = (s: Scenario): string => hashString(JSON.stringify(buildInputs(s)));

export interface SceneAnalysis {
  heights: Float32Array;
  lengthM: Float32Array;
  media: MediaAssignment;
  bom: Bom;
}

export interface Timings {
  buildMs: number;
  /** Force layout (when it ran for this request) plus snapping to the grid. */
  placementMs: number;
  analysisMs: number;
  geometryMs: number;
  totalMs: number;
}

export interface SceneResult {
  hash: string;
  fabricKey: string;
  fabric: Fabric;
  placement: Placement;
  analysis: SceneAnalysis;
  geometry: SceneGeometry;
  timings: Timings;
}

/** Runs the derivation, reusing the fabric and the force layout when only pins changed. */
export class ScenePipeline {
  private fabric: { key: string; fabric: Fabric } | null = null;
  private targets: { key: string; x: Float64Array; y: Float64Array } | null = null;

  run(s: Scenario, hash = scenarioHash(s)): SceneResult {
    const t0 = performance.now();
    const fk = fabricKey(s);
    if (this.fabric?.key !== fk) {
      this.fabric = { key: fk, fabric: build(s) };
      this.targets = null;
    }
    const f = this.fabric.fabric;
    const t1 = performance.now();
    const tk = `${fk}|${s.floor.seed}`;
    if (this.targets?.key !== tk) this.targets = { key: tk, ...forceTargets(f, s.floor.seed) };
    const placement = snapToGrid(f, this.targets.x, this.targets.y, s.floor.racksPerRow, pinnedRacks(f, s));
    const t2 = performance.now();
    const a = analyze(f, s, placement);
    const t3 = performance.now();
    const geometry = buildGeometry(
      f,
      placement,
      a.heights,
      resolveCatalog(s).server.heightU,
      a.media.linkFamily,
    );
    const t4 = performance.now();
    return {
      hash,
      fabricKey: fk,
      fabric: f,
      placement,
      analysis: { heights: a.heights, lengthM: a.lengthM, media: a.media, bom: a.bom },
      geometry,
      timings: {
        buildMs: t1 - t0,
        placementMs: t2 - t1,
        analysisMs: t3 - t2,
        geometryMs: t4 - t3,
        totalMs: t4 - t0,
      },
    };
  }
}

/** Every distinct ArrayBuffer under a value (for postMessage transfer lists). */
export function buffersOf(v: unknown, out = new Set<ArrayBuffer>(), depth = 0): Set<ArrayBuffer> {
  if (depth > 6 || v === null || typeof v !== 'object') return out;
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    return out;
  }
  for (const x of Array.isArray(v) ? v : Object.values(v)) buffersOf(x, out, depth + 1);
  return out;
}

/** A copy of the fabric whose arrays can be transferred while the original stays cached. */
export function copyFabric(f: Fabric): Fabric {
  const out = { ...f } as Record<string, unknown>;
  for (const [k, v] of Object.entries(f)) if (ArrayBuffer.isView(v)) out[k] = (v as Uint8Array).slice();
  return out as unknown as Fabric;
}
