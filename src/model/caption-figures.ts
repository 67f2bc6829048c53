// The figures tour captions may quote, formatted for reading, from one or two sides' reports.

import type { Bom } from './bom';
import type { CaptionFigures } from './tour';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
function watts(w: number): string {
  if (Math.abs(w) >= 1e6) return `${(w / 1e6).toFixed(2)} MW`;
  if (Math.abs(w) >= 1e3) return `${(w / 1e3).toFixed(1)} kW`;
  return `${w.toFixed(0)} W`;
}

function side(prefix: string, bom: Bom): CaptionFigures {
  const p = prefix ? `${prefix}.` : '';
  const optical = (['dsp-mm', 'dsp-sm', 'lpo', 'cpo'] as const).reduce(
    (n, m) => n + (bom.cables.byMedium[m] ?? 0),
    0,
  );
  const copper = (['dac', 'acc', 'aec'] as const).reduce((n, m) => n + (bom.cables.byMedium[m] ?? 0), 0);
  return {
    [`${p}gpus`]: int(bom.gpus),
    [`${p}servers`]: int(bom.servers),
    [`${p}racks`]: int(bom.racks),
    [`${p}switches`]: int(bom.switches.total),
    [`${p}leaves`]: int(bom.switches.byTier.leaf ?? 0),
    [`${p}spines`]: int(bom.switches.byTier.spine ?? 0),
    [`${p}cores`]: int(bom.switches.byTier.core ?? 0),
    [`${p}scaleUpSwitches`]: int(bom.switches.byTier['scale-up'] ?? 0),
    [`${p}links`]: int(bom.links.total),
    [`${p}transceivers`]: int(bom.transceivers + bom.cpoPorts),
    [`${p}transceiversPerGpu`]: ((bom.transceivers + bom.cpoPorts) / Math.max(1, bom.gpus)).toFixed(2),
    [`${p}lasers`]: int(bom.lasers),
    [`${p}opticalLinks`]: int(optical),
    [`${p}copperLinks`]: int(copper),
    [`${p}copperShareOfCables`]: pct(copper / Math.max(1, optical + copper), 0),
    [`${p}totalPower`]: watts(bom.power.totalW),
    [`${p}gpuPower`]: watts(bom.power.gpuW),
    [`${p}networkPower`]: watts(bom.power.networkW),
    [`${p}opticsPower`]: watts(bom.power.opticsW),
    [`${p}opticsShare`]: pct(bom.power.opticsShare, 2),
    [`${p}opticsPerGpu`]: `${(bom.power.opticsW / Math.max(1, bom.gpus)).toFixed(1)} W`,
    [`${p}supplyDays`]: int(bom.supplyDays),
  };
}

/** Figures of side A (unprefixed), and with a comparison, of B (`b.`) and the change (`delta.`). */
export function captionFigures(a: Bom, b?: Bom): CaptionFigures {
  const out = side('', a);
  if (!b) return out;
  Object.assign(out, side('b', b));
  const change = (x: number, y: number) => (x ? (y - x) / x : 0);
  out['delta.totalPower'] = watts(b.power.totalW - a.power.totalW);
  out['delta.totalPowerPct'] = pct(change(a.power.totalW, b.power.totalW), 2);
  out['delta.opticsPower'] = watts(b.power.opticsW - a.power.opticsW);
  out['delta.opticsPowerPct'] = pct(change(a.power.opticsW, b.power.opticsW), 1);
  out['delta.networkPowerPct'] = pct(change(a.power.networkW, b.power.networkW), 1);
  out['delta.transceivers'] = int(b.transceivers + b.cpoPorts - a.transceivers - a.cpoPorts);
  out['delta.lasersPct'] = pct(change(a.lasers, b.lasers), 0);
  return out;
}
