// Link and device colours. Copper is warm, optics are cool, a link its medium cannot reach is
// red; in utilization mode viridis, and a distinct colour above 100%. Each link also gets a severity: a bundle of links
// between two racks takes the colour of its worst member.

import type { LinkBatch, Bundles } from '../layout/geometry';
import type { SceneResult } from '../layout/pipeline';
import { MEDIUM_FAMILIES, type MediumFamily } from '../model/catalog';
import { TIERS, type Tier } from '../model/fabric';
import type { ColorMode } from '../state/store';

export const MEDIUM_COLOR: Record<MediumFamily, string> = {
  nvlink: '#e8c15a',
  dac: '#f5a524',
  acc: '#f08a3c',
  aec: '#e8673a',
  'dsp-mm': '#2fd3e6',
  'dsp-sm': '#5c9dff',
  lpo: '#9b8cff',
  cpo: '#e07bf5',
};
export const INFEASIBLE_COLOR = '#ff3b5c';

export const TIER_COLOR: Record<Tier, string> = {
  'scale-up': '#c9a94f',
  leaf: '#38bdf8',
  spine: '#a78bfa',
  core: '#f472b6',
  ocs: '#34d399',
  global: '#fbbf24',
  local: '#2dd4bf',
};

/** Utilization 0…100%: viridis (perceptually uniform), its darkest end lifted off the background. */
export const UTIL_STOPS: [number, string][] = [
  [0, '#3b2f7a'],
  [0.2, '#3b528b'],
  [0.4, '#2c728e'],
  [0.6, '#21918c'],
  [0.75, '#3bbb75'],
  [0.9, '#aadc32'],
  [1, '#fde725'],
];
/** Above 100%: outside the map, so an overloaded link never reads as merely "high". */
export const OVER_COLOR = '#ff2d6f';
/** Links taken out of service (failure injection), drawn dashed: orange, away from the viridis
 * map and from the pink-red of overloaded links (which a failure often causes beside it). */
export const FAILED_COLOR = '#ff9f1c';

export function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const mediumRgb = MEDIUM_FAMILIES.map((m) => rgb(MEDIUM_COLOR[m]));
const tierRgb = TIERS.map((t) => rgb(TIER_COLOR[t]));
const badRgb = rgb(INFEASIBLE_COLOR);
const utilRgb = UTIL_STOPS.map(([u, c]) => [u, ...rgb(c)] as const);

const overRgb = rgb(OVER_COLOR);

function ramp(u: number, out: Uint8Array, o: number) {
  if (u > 1 + 1e-6) {
    out[o] = overRgb[0];
    out[o + 1] = overRgb[1];
    out[o + 2] = overRgb[2];
    return;
  }
  const x = Math.max(0, Math.min(1, u));
  let i = 1;
  while (i < utilRgb.length - 1 && x > utilRgb[i][0]) i++;
  const [u0, r0, g0, b0] = utilRgb[i - 1];
  const [u1, r1, g1, b1] = utilRgb[i];
  const t = (x - u0) / (u1 - u0 || 1);
  out[o] = r0 + (r1 - r0) * t;
  out[o + 1] = g0 + (g1 - g0) * t;
  out[o + 2] = b0 + (b1 - b0) * t;
}

/** Colour (RGB bytes) and severity of every link. */
export function linkColors(
  scene: SceneResult,
  mode: ColorMode,
  util: Float32Array | null,
): { color: Uint8Array; severity: Float32Array } {
  const f = scene.fabric;
  const L = f.linkCount;
  const color = new Uint8Array(3 * L);
  const severity = new Float32Array(L);
  const fam = scene.analysis.media.linkFamily;
  const bad = scene.analysis.media.linkInfeasible;
  for (let l = 0; l < L; l++) {
    let c: readonly number[];
    if (mode === 'utilization' && util) {
      ramp(util[l], color, 3 * l);
      severity[l] = util[l];
      continue;
    } else if (mode === 'tier') {
      c = tierRgb[f.linkTier[l]] ?? tierRgb[0];
      severity[l] = f.linkTier[l];
    } else {
      c = bad[l] ? badRgb : mediumRgb[fam[l]];
      severity[l] = bad[l] ? 100 : fam[l];
    }
    color[3 * l] = c[0];
    color[3 * l + 1] = c[1];
    color[3 * l + 2] = c[2];
  }
  // Vertex colours are linear light (three converts to sRGB on output): convert the sRGB bytes,
  // so a cable shows the colour its legend swatch does.
  for (let i = 0; i < color.length; i++) color[i] = SRGB_TO_LINEAR[color[i]];
  return { color, severity };
}

/** sRGB byte → linear-light byte. */
export const SRGB_TO_LINEAR = Uint8Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return Math.round(255 * (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
});

/** For each bundle, the member link with the worst severity. */
export function worstMembers(b: Bundles, severity: Float32Array): Uint32Array {
  const out = new Uint32Array(b.count);
  for (let i = 0; i < b.count; i++) {
    let best = b.members[b.memberStart[i]];
    for (let k = b.memberStart[i] + 1; k < b.memberStart[i + 1]; k++) {
      const l = b.members[k];
      if (severity[l] > severity[best]) best = l;
    }
    out[i] = best;
  }
  return out;
}

/** Writes per-vertex colours of a batch from per-link colours. */
export function paintBatch(batch: LinkBatch, color: Uint8Array, worst: Uint32Array | null, out: Uint8Array) {
  const { items, offsets } = batch;
  for (let i = 0; i < items.length; i++) {
    const l = batch.bundled && worst ? worst[items[i]] : items[i];
    const r = color[3 * l];
    const g = color[3 * l + 1];
    const b = color[3 * l + 2];
    for (let v = offsets[i]; v < offsets[i + 1]; v++) {
      out[3 * v] = r;
      out[3 * v + 1] = g;
      out[3 * v + 2] = b;
    }
  }
}

export const DEVICE_COLOR = {
  rackCompute: '#5b6b86',
  rackNetwork: '#6f6aa8',
  server: '#2c3a52',
  gpu: '#7ddc6a',
  chip: '#d6a45a',
  floor: '#0e1626',
  row: '#16213a',
  background: '#0a101c',
};
