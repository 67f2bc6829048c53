// The figures tour captions may quote, formatted for reading, from one or two sides' reports and,
// once they have landed, their solves.

import type { Bom } from './bom';
import { DSP_REMOVAL_SAVING, againstClaim } from './claims';
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

/** What captions read of a solve (the solver's summary has these fields). */
export interface SolveCaption {
  completionTimeS: number;
  busBwGBs: number;
  lambda: number;
  maxUtilization: number;
}

/** At least three significant digits, never an exponent: "1234", "380", "12.3", "5.60", "0.0186". */
function sig3(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1 || a === 0) return v.toFixed(2);
  return v.toPrecision(3);
}

/** A duration in the unit that reads best, chosen after rounding: "5.60 ms", "1.00 s", "380 µs"
 * (999.6 µs reads "1.00 ms", not "1.00e+3 µs"). */
export function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '∞ (some transfers have no route)';
  if (s >= 0.9995) return `${sig3(s)} s`;
  if (s >= 0.9995e-3) return `${sig3(s * 1e3)} ms`;
  return `${sig3(s * 1e6)} µs`;
}

/** A bandwidth given in GB/s: "1800 GB/s", "380 GB/s", "18.6 MB/s", "7.22 kB/s". */
function rate(gbs: number): string {
  if (gbs >= 0.09995 || gbs === 0) return `${sig3(gbs)} GB/s`;
  if (gbs >= 0.09995e-3) return `${sig3(gbs * 1e3)} MB/s`;
  return `${sig3(gbs * 1e6)} kB/s`;
}

function solveSide(prefix: string, s: SolveCaption): CaptionFigures {
  const p = prefix ? `${prefix}.` : '';
  return {
    [`${p}collectiveTime`]: fmtDuration(s.completionTimeS),
    [`${p}busBandwidth`]: rate(s.busBwGBs),
    [`${p}lambda`]: !Number.isFinite(s.lambda) ? '∞' : s.lambda >= 0.1 ? s.lambda.toFixed(3) : sig3(s.lambda),
    [`${p}maxUtilization`]: pct(s.maxUtilization, 1),
  };
}

/** A signed change as read: "+1.2%", "−41.6%" (a true minus), "0.0%". */
function signed(text: string, x: number): string {
  const zero = /^[^1-9]*$/.test(text);
  return zero ? text.replace('-', '') : x < 0 ? `−${text.replace('-', '')}` : `+${text}`;
}

/**
 * The direction of a change in words, with its size unsigned: "falls by 41.6%", "rises by 2.0%",
 * "does not change" (when it rounds to zero). A caption says "optics power {…Change}" and reads
 * right whichever way the model's figures go.
 */
function direction(text: string, x: number): string {
  if (/^[^1-9]*$/.test(text)) return 'does not change';
  return `${x < 0 ? 'falls' : 'rises'} by ${text.replace('-', '')}`;
}

/** "adds 1,024 transceivers", "removes …", "keeps the transceiver count". */
function addsOrRemoves(n: number, what: string, keeps: string): string {
  if (Math.round(n) === 0) return keeps;
  return `${n < 0 ? 'removes' : 'adds'} ${int(Math.abs(n))} ${what}`;
}

/**
 * Figures of side A (unprefixed), and with a comparison, of B (`b.`) and the change (`delta.`):
 * signed (`delta.totalPowerPct` "−1.21%") and in words (`delta.totalPowerChange` "falls by 1.21%").
 */
export function captionFigures(
  a: Bom,
  b?: Bom,
  solveA?: SolveCaption,
  solveB?: SolveCaption,
): CaptionFigures {
  const out = side('', a);
  if (solveA) Object.assign(out, solveSide('', solveA));
  if (!b) return out;
  const change = (x: number, y: number) => (x ? (y - x) / x : 0);
  Object.assign(out, side('b', b));
  if (solveB) Object.assign(out, solveSide('b', solveB));
  if (solveA && solveB) {
    const ta = solveA.completionTimeS;
    const tb = solveB.completionTimeS;
    const time = Number.isFinite(ta) && Number.isFinite(tb) ? change(ta, tb) : NaN;
    if (!Number.isNaN(time)) out['delta.collectiveTimeChange'] = direction(pct(time, 2), time);
  }
  const total = change(a.power.totalW, b.power.totalW);
  const optics = change(a.power.opticsW, b.power.opticsW);
  const network = change(a.power.networkW, b.power.networkW);
  const dTotalW = b.power.totalW - a.power.totalW;
  const dOpticsW = b.power.opticsW - a.power.opticsW;
  const dModules = b.transceivers + b.cpoPorts - a.transceivers - a.cpoPorts;
  out['delta.totalPower'] = signed(watts(dTotalW), dTotalW);
  out['delta.totalPowerPct'] = signed(pct(total, 2), total);
  out['delta.totalPowerChange'] = direction(pct(total, 2), total);
  out['delta.opticsPower'] = signed(watts(dOpticsW), dOpticsW);
  out['delta.opticsPowerPct'] = signed(pct(optics, 1), optics);
  out['delta.opticsPowerChange'] = direction(pct(optics, 1), optics);
  out['delta.networkPowerPct'] = signed(pct(network, 1), network);
  out['delta.networkPowerChange'] = direction(pct(network, 1), network);
  out['delta.transceivers'] = signed(int(dModules), dModules);
  out['delta.transceiversChange'] = addsOrRemoves(dModules, 'transceivers', 'keeps the transceiver count');
  // The saving B makes (power that falls), against the press claim for removing the DSP.
  const claim = DSP_REMOVAL_SAVING.value;
  out['dspClaim'] = `${pct(claim.low, 0).replace('%', '')}–${pct(claim.high, 0)}`;
  out['delta.savingVsDspClaim'] = againstClaim(-total, claim);
  const lasers = change(a.lasers, b.lasers);
  out['delta.lasersPct'] = signed(pct(lasers, 0), lasers);
  return out;
}
