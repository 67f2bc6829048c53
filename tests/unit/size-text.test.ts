import { describe, expect, it } from 'vitest';
import { formatBytes, parseBytes } from '../../src/traffic/sizeText';

describe('message size text', () => {
  it('reads binary units, bare letters as nccl-tests does, SI units and plain bytes', () => {
    expect(parseBytes('256 MiB').bytes).toBe(256 * 2 ** 20);
    expect(parseBytes('256M').bytes).toBe(256 * 2 ** 20);
    expect(parseBytes('1 GB').bytes).toBe(1e9);
    expect(parseBytes('1.5 gib').bytes).toBe(1.5 * 2 ** 30);
    expect(parseBytes(' 4096 ').bytes).toBe(4096);
    expect(parseBytes('4,096 B').bytes).toBe(4096);
    expect(parseBytes('1e9').bytes).toBe(1e9);
    expect(parseBytes('2 kB').bytes).toBe(2000);
    expect(parseBytes('2 KiB').bytes).toBe(2048);
    // The limit is 1 PB: its unit reads too, so "more than 1 PB" can be answered in it.
    expect(parseBytes('1 PB').bytes).toBe(1e15);
    expect(parseBytes('1.5 PB').bytes).toBe(1.5e15);
    expect(parseBytes('1 PiB').bytes).toBe(2 ** 50);
    expect(parseBytes('1 Pb').error).toMatch(/in bits/);
  });

  it('names what does not read', () => {
    for (const bad of ['', 'lots', '12 parsecs', '-1 GiB', '1..2 MB', 'GiB'])
      expect(parseBytes(bad).error, bad).toMatch(/is not a size/);
  });

  it('takes commas only as thousands separators, and no bits', () => {
    expect(parseBytes('1,024,000').bytes).toBe(1_024_000);
    expect(parseBytes('1,5 GB').error).toBe('"1,5 GB" is not a size: write decimals with a point (1.5 GB)');
    expect(parseBytes('12,34').bytes).toBeNull();
    expect(parseBytes('1 Gb').error).toBe('"1 Gb" is in bits (Gb): a message is bytes, write GB or GiB');
    expect(parseBytes('100mb').error).toMatch(/in bits/);
    expect(parseBytes('100 MB').bytes).toBe(1e8);
    expect(parseBytes('2 kB').bytes).toBe(2000);
  });

  it('formats so that a typed size reads back as the same bytes', () => {
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBytes(256 * 2 ** 20)).toBe('256 MiB');
    expect(formatBytes(1e9)).toBe('1 GB');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1.5e6)).toBe('1500 kB');
    expect(formatBytes(1.5 * 2 ** 20)).toBe('1536 KiB');
    expect(formatBytes(1e9 + 1)).toBe('1000000001 B');
    expect(formatBytes(5)).toBe('5 B');
    expect(formatBytes(1e15)).toBe('1 PB');
    for (const b of [1, 1000, 2 ** 20, 3 * 2 ** 30, 1e9, 5e12, 2 ** 40 * 16, 1e9 + 1, 1.5 * 2 ** 20, 1e15])
      expect(parseBytes(formatBytes(b)).bytes).toBe(b);
  });
});
