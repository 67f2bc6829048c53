// A straightforward progressive filling, kept simple on purpose: the benchmark's and the tests'
// peer for the heap-based maxMinFair. Each round raises every unfrozen flow by the largest step
// no arc can refuse, freezes the flows of the arcs that filled, and starts over: O(rounds · nnz).

import type { Incidence } from './incidence';

export function maxMinReference(inc: Incidence, cap: Float64Array): Float64Array {
  const { rowStart, rowArc, rowCoef } = inc;
  const rate = new Float64Array(inc.rows);
  const frozen = new Uint8Array(inc.rows);
  const used = new Float64Array(inc.arcs);
  const full = new Uint8Array(inc.arcs);
  let left = inc.rows;
  for (let r = 0; r < inc.rows; r++)
    if (rowStart[r] === rowStart[r + 1]) {
      frozen[r] = 1;
      rate[r] = Infinity;
      left--;
    }
  const W = new Float64Array(inc.arcs);
  while (left > 0) {
    W.fill(0);
    for (let r = 0; r < inc.rows; r++)
      if (!frozen[r]) for (let k = rowStart[r]; k < rowStart[r + 1]; k++) W[rowArc[k]] += rowCoef[k];
    let step = Infinity;
    for (let a = 0; a < inc.arcs; a++) if (W[a] > 0) step = Math.min(step, (cap[a] - used[a]) / W[a]);
    for (let a = 0; a < inc.arcs; a++) {
      used[a] += W[a] * step;
      if (W[a] > 0 && cap[a] - used[a] <= 1e-9 * cap[a]) full[a] = 1;
    }
    for (let r = 0; r < inc.rows; r++) {
      if (frozen[r]) continue;
      rate[r] += step;
      for (let k = rowStart[r]; k < rowStart[r + 1]; k++)
        if (full[rowArc[k]]) {
          frozen[r] = 1;
          left--;
          break;
        }
    }
  }
  return rate;
}
