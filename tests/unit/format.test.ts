// Panel number formats: figures keep their digits however small they get.
import { describe, expect, it } from 'vitest';
import { fmtFixedOrSig, fmtRate } from '../../src/ui/format';

describe('formats', () => {
  it('bandwidths switch unit instead of printing leading zeros', () => {
    expect(fmtRate(380)).toBe('380.0 GB/s');
    expect(fmtRate(0.5)).toBe('0.5 GB/s');
    expect(fmtRate(0.0186)).toBe('18.6 MB/s');
    // A one-byte message: 7.22e-6 GB/s.
    expect(fmtRate(7.22e-6)).toBe('7.2 kB/s');
    expect(fmtRate(3e-11)).toBe('0.0300 B/s');
    expect(fmtRate(0)).toBe('0.0 GB/s');
  });

  it('fixed decimals, or three significant digits where they would read zero', () => {
    expect(fmtFixedOrSig(0.000372, 3)).toBe('0.000372');
    expect(fmtFixedOrSig(0.5, 3)).toBe('0.500');
  });
});
