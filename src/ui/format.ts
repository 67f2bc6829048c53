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
