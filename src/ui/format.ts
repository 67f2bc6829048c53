// Number formatting shared by panels.

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function fmtWatts(w: number): string {
  if (w >= 1e6) return `${(w / 1e6).toFixed(2)} MW`;
  if (w >= 1e3) return `${(w / 1e3).toFixed(1)} kW`;
  return `${w.toFixed(0)} W`;
}

export const fmtPct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)}%`;

/** `digits` decimals, or three significant ones below 0.1, where fixed decimals would read 0.0. */
export function fmtFixedOrSig(x: number, digits: number): string {
  if (x === 0 || Math.abs(x) >= 0.1 || !Number.isFinite(x)) return x.toFixed(digits);
  return x.toPrecision(3);
}

const RATE_UNITS: [string, number][] = [
  ['GB/s', 1],
  ['MB/s', 1e-3],
  ['kB/s', 1e-6],
  ['B/s', 1e-9],
];

/** A bandwidth given in GB/s, in the largest unit where it reads at least 0.1 ("7.2 kB/s", not
 * "0.00000722 GB/s": a one-byte message). */
export function fmtRate(gbs: number): string {
  if (gbs === 0 || !Number.isFinite(gbs)) return `${gbs.toFixed(1)} GB/s`;
  const [unit, scale] =
    RATE_UNITS.find(([, f]) => Math.abs(gbs) >= 0.1 * f) ?? RATE_UNITS[RATE_UNITS.length - 1];
  return `${fmtFixedOrSig(gbs / scale, 1)} ${unit}`;
}

/** A duration in s, ms or µs. */
export function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '∞';
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}
