// Placed fabric → cable lengths → media → bill of materials. The one path from a placement
// to the figures, shared by the app, its workers and the CLI.

import { computeBom, type Bom } from '../model/bom';
import type { Fabric } from '../model/fabric';
import { assignMedia, type MediaAssignment } from '../model/media';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import { cableLengths, gridPlacement, nodeHeights, type RackPlacement } from './floor';

export interface Analysis {
  placement: RackPlacement;
  heights: Float32Array;
  lengthM: Float32Array;
  media: MediaAssignment;
  bom: Bom;
}

/** Figures for a fabric at a rack placement (the simple grid when none is given). */
export function analyze(f: Fabric, s: Scenario, placement?: RackPlacement): Analysis {
  const cat = resolveCatalog(s);
  const p = placement ?? gridPlacement(f, s.floor.racksPerRow);
  const heights = nodeHeights(f, cat.server.heightU);
  const lengthM = cableLengths(f, p, heights);
  const media = assignMedia(f, lengthM, s, cat);
  const bom = computeBom(f, lengthM, media, s, cat);
  return { placement: p, heights, lengthM, media, bom };
}
