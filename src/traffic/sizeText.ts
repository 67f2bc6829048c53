// A message size as people type it: "256 MiB", "1 GB", "4096", "1.5G". Binary units (KiB, MiB,
// GiB, TiB, PiB) and bare letters (K, M, G, T, P, as nccl-tests' -b/-e flags read them) are powers of
// 1024; SI units (kB, MB, GB, TB, PB) are powers of 1000; a bare number is bytes. Parsing never throws.

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  kib: 2 ** 10,
  kb: 1e3,
  m: 2 ** 20,
  mib: 2 ** 20,
  mb: 1e6,
  g: 2 ** 30,
  gib: 2 ** 30,
  gb: 1e9,
  t: 2 ** 40,
  tib: 2 ** 40,
  tb: 1e12,
  p: 2 ** 50,
  pib: 2 ** 50,
  pb: 1e15,
};

/** Bytes, rounded to a whole byte; an error saying what reads instead. */
export function parseBytes(text: string): { bytes: number; error: null } | { bytes: null; error: string } {
  const shown = `"${text.trim().slice(0, 24)}"`;
  const fail = (why: string) => ({ bytes: null, error: `${shown} ${why}` }) as const;
  // A comma only groups thousands ("4,096"): "1,5 GB" is a decimal comma, not 15 GB.
  if (/,(?!\d{3}(?!\d))/.test(text)) return fail('is not a size: write decimals with a point (1.5 GB)');
  const m = text
    .trim()
    .replace(/[\s_,]/g, '')
    .match(/^(\d+(?:\.\d*)?|\.\d+)(?:e(\d+))?([a-z]*)$/i);
  if (m && /^[kmgtp]b$/i.test(m[3]) && m[3][1] === 'b')
    return fail(
      `is in bits (${m[3]}): a message is bytes, write ${m[3][0].toUpperCase()}B or ${m[3][0].toUpperCase()}iB`,
    );
  const unit = m ? UNITS[m[3].toLowerCase()] : undefined;
  if (!m || unit === undefined) return fail('is not a size: try 256 MiB, 1 GB or 4096 (bytes)');
  return { bytes: Math.round(Number(m[1]) * 10 ** Number(m[2] ?? 0) * unit), error: null };
}

/** Exact text for a size: the largest binary or SI unit in which it is whole, whichever gives
 * the smaller number ("256 MiB", "1 GB", "1536 KiB", "1000000001 B"): it reads back as the same bytes. */
export function formatBytes(b: number): string {
  const whole = (base: number, names: string[]): [number, string] => {
    let i = 0;
    while (i < names.length - 1 && b % base ** (i + 1) === 0 && b > 0) i++;
    return [b / base ** i, names[i]];
  };
  const [x, bin] = whole(1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB']);
  const [y, si] = whole(1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB']);
  return y < x ? `${y} ${si}` : `${x} ${bin}`;
}
