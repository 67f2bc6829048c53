// Public claims the model lets a user test rather than assumes (shared/REFERENCE-DATA.md,
// "Claims the model should let a user test"). Each is a range with its source; whether a fabric
// meets it is computed from that fabric's figures, never written into a caption.

import { second, type Sourced } from './sources';

export interface ClaimRange {
  low: number;
  high: number;
}

/** Removing the DSP from every optical module (linear drive) saves 3–5% of a cluster's power. */
export const DSP_REMOVAL_SAVING: Sourced<ClaimRange> = {
  value: { low: 0.03, high: 0.05 },
  source: second(
    'a linear-drive optics startup’s claim, as reported in the press (shared/REFERENCE-DATA.md)',
  ),
};

/** Where a computed value falls against a claimed range. */
export function againstClaim(x: number, { low, high }: ClaimRange): 'below' | 'within' | 'above' {
  return x < low ? 'below' : x > high ? 'above' : 'within';
}
