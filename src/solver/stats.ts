// Per-tier utilization histograms and the list of the most loaded links.

import { TIERS, nodeName, type Fabric, type Tier } from '../model/fabric';

/** 20 bins of 5% over [0, 100%], then one for links above 100%. */
export const HISTOGRAM_BINS = 21;

export interface TierHistogram {
  tier: Tier;
  /** Links per bin: bin i holds utilization in [i/20, (i+1)/20), bin 19 includes 100%, bin 20 is above. */
  counts: Uint32Array;
}

export interface Bottleneck {
  link: number;
  a: string;
  b: string;
  tier: Tier;
  utilization: number;
}

export function histograms(f: Fabric, util: Float32Array, alive: Uint8Array): TierHistogram[] {
  const byTier = TIERS.map(() => new Uint32Array(HISTOGRAM_BINS));
  const present = new Uint8Array(TIERS.length);
  for (let l = 0; l < f.linkCount; l++) {
    if (!alive[l]) continue;
    const u = util[l];
    const bin = u > 1 + 1e-6 ? HISTOGRAM_BINS - 1 : Math.min(HISTOGRAM_BINS - 2, Math.floor(u * 20));
    byTier[f.linkTier[l]][bin]++;
    present[f.linkTier[l]] = 1;
  }
  return TIERS.flatMap((tier, i) => (present[i] ? [{ tier, counts: byTier[i] }] : []));
}

/** The `top` links of highest utilization (above zero), highest first. */
export function bottlenecks(f: Fabric, util: Float32Array, top = 10): Bottleneck[] {
  const best: number[] = [];
  for (let l = 0; l < f.linkCount; l++) {
    const u = util[l];
    if (!(u > 0) || (best.length === top && u <= util[best[top - 1]])) continue;
    let i = best.length === top ? top - 1 : best.length;
    best[i] = l;
    while (i > 0 && util[best[i - 1]] < u) {
      best[i] = best[i - 1];
      best[--i] = l;
    }
  }
  return best.map((l) => ({
    link: l,
    a: nodeName(f, f.linkA[l]),
    b: nodeName(f, f.linkB[l]),
    tier: TIERS[f.linkTier[l]],
    utilization: util[l],
  }));
}
