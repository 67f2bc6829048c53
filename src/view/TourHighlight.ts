// A tour step's highlight: links of the named tiers or media keep their colour, the rest dim.
// Applied to the per-link colours before they are written to the batches; highlighted links
// also rank first for a bundle's colour, so a bundle holding one shows it.

import type { SceneResult } from '../layout/pipeline';
import { MEDIUM_FAMILIES } from '../model/catalog';
import { TIER_INDEX } from '../model/fabric';
import { currentStep, useTour } from '../state/tour';

const DIM = 0.16;

/** Dims the colours of links outside the current tour step's highlight (no-op without one). */
export function applyTourHighlight(scene: SceneResult, color: Uint8Array, severity: Float32Array): void {
  const cur = currentStep(useTour.getState());
  const h = cur?.step.highlight;
  if (!h || (!h.tiers?.length && !h.media?.length)) return;
  const tiers = new Set((h.tiers ?? []).map((t) => TIER_INDEX[t]));
  const media = new Set((h.media ?? []).map((m) => MEDIUM_FAMILIES.indexOf(m)));
  const f = scene.fabric;
  const fam = scene.analysis.media.linkFamily;
  for (let l = 0; l < f.linkCount; l++) {
    if (tiers.has(f.linkTier[l]) || media.has(fam[l])) {
      severity[l] += 1e4;
      continue;
    }
    color[3 * l] *= DIM;
    color[3 * l + 1] *= DIM;
    color[3 * l + 2] *= DIM;
  }
}
