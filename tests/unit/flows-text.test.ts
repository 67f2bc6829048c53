import { describe, expect, it } from 'vitest';
import { restore } from '../../src/model/restore';
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
    for (const [text, line, why] of [
      ['0 1\n0 x', 2, 'the destination "x" is not a GPU index'],
      ['0 1 2 3', 1, 'expected "source destination [weight]"'],
      ['0 -1', 1, 'the destination "-1" is not a GPU index'],
      ['0 1\n1 2\n1.5 2', 3, 'the source "1.5" is not a GPU index'],
      ['0 1 -2', 1, 'the weight "-2" is not a number ≥ 0'],
      ['7', 1, 'expected "source destination [weight]"'],
      ['0 8 1e300', 1, 'the weight "1e300" is more than 1,000,000'],
      ['0 8 1e400', 1, 'the weight "1e400" is more than 1,000,000'],
      ['0 1e8', 1, 'the destination "1e8" is not a GPU index'],
    ] as const) {
      const r = parseFlows(text);
      expect(r.error).toMatch(new RegExp(`^line ${line} \\(`));
      expect(r.error).toContain(why);
    }
  });

  it('accepts only flows the scenario keeps: restore() drops none of them', () => {
    const r = parseFlows('0 8 1000000\n3 9999999 0\n1 2 0.001');
    expect(r.error).toBeNull();
    const base = restore({}).scenario;
    const out = restore({ ...base, traffic: { ...base.traffic, pattern: 'custom', flows: r.flows } });
    expect(out.problems).toEqual([]);
    expect(out.scenario.traffic.flows).toEqual(r.flows);
  });

  it('round-trips through its text form', () => {
    const flows: [number, number, number][] = [
      [0, 1, 1],
      [5, 9, 0.25],
    ];
    expect(parseFlows(formatFlows(flows)).flows).toEqual(flows);
  });
});
