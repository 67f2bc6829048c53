import { describe, expect, it } from 'vitest';
import { formatFlows, parseFlows } from '../../src/traffic/flowsText';

describe('custom flows as text', () => {
  it('reads "source destination [weight]" lines, commas or spaces, comments and blank lines', () => {
    const r = parseFlows('0 1\n2, 3, 0.5\n\n# a comment\n4 5 2 # trailing');
    expect(r.error).toBeNull();
    expect(r.flows).toEqual([
      [0, 1, 1],
      [2, 3, 0.5],
      [4, 5, 2],
    ]);
  });

  it('names the first line that does not read, and why', () => {
    for (const [text, line] of [
      ['0 1\n0 x', 2],
      ['0 1 2 3', 1],
      ['0 -1', 1],
      ['0 1\n1 2\n1.5 2', 3],
      ['0 1 -2', 1],
      ['7', 1],
    ] as const) {
      const r = parseFlows(text);
      expect(r.error).toMatch(new RegExp(`^line ${line} \\(`));
      expect(r.error).toContain('expected "source destination [weight]"');
    }
  });

  it('round-trips through its text form', () => {
    const flows: [number, number, number][] = [
      [0, 1, 1],
      [5, 9, 0.25],
    ];
    expect(parseFlows(formatFlows(flows)).flows).toEqual(flows);
  });
});
