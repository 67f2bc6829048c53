// Failed links on side B of a comparison: the same cables, found by their devices' names, not by
// a link index that means another cable on another fabric.
import { describe, expect, it } from 'vitest';
import { sideA, sideB } from '../../src/model/compare';
import { TIERS, nodeName, type Fabric } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { matchCounts, matchLinks } from '../../src/model/linkMatch';
import { restore } from '../../src/model/restore';
import { presetRaw } from './helpers';

const ends = (f: Fabric, l: number) => [nodeName(f, f.linkA[l]), nodeName(f, f.linkB[l])].sort().join(' ↔ ');

describe('matching links across fabrics', () => {
  it('an OCS spine instead of an electrical one: GPU and scale-up cables match, spine cables have no counterpart', () => {
    const { scenario } = restore(presetRaw('compare-ocs-spine'));
    const a = build(sideA(scenario));
    const b = build(sideB(scenario)!);
    const links = Array.from({ length: a.linkCount }, (_, l) => l).filter((l) => l % 7 === 0);
    const m = matchLinks(a, b, links);
    let spine = 0;
    links.forEach((l, i) => {
      if (TIERS[a.linkTier[l]] === 'spine') {
        // B has no electrical spines: no link between those two devices there.
        expect(m[i]).toBe(-1);
        spine++;
      } else {
        expect(m[i]).toBeGreaterThanOrEqual(0);
        expect(ends(b, m[i])).toBe(ends(a, l));
      }
    });
    expect(spine).toBeGreaterThan(10);
    // The bug this replaces: the same index on B is another cable (a leaf to an OCS).
    const l = links.find((x) => TIERS[a.linkTier[x]] === 'spine')!;
    expect(ends(b, l)).not.toBe(ends(a, l));
  });

  it('parallel cables: the k-th between two devices is the k-th between them on the other side', () => {
    const custom = (links: [string, string][]) =>
      build(
        restore({
          topology: {
            kind: 'custom',
            nodes: [
              { name: 'g0', kind: 'gpu' },
              { name: 'g1', kind: 'gpu' },
              { name: 's', kind: 'switch', tier: 'leaf' },
              { name: 't', kind: 'switch', tier: 'spine' },
            ],
            links: links.map(([x, y]) => ({ a: x, b: y })),
          },
          scaleUp: { kind: 'none' },
        }).scenario,
      );
    const a = custom([
      ['g0', 's'],
      ['g1', 's'],
      ['s', 't'],
      ['s', 't'],
    ]);
    const b = custom([
      ['s', 't'],
      ['g1', 's'],
      ['s', 't'],
      ['g0', 's'],
      ['s', 't'],
    ]);
    expect([...matchLinks(a, b, [2, 3, 0, 1, 99])]).toEqual([0, 2, 3, 1, -1]);
    // A number that is no link of A is not counted as a cable B lacks.
    expect(matchCounts(a, [2, 99, -1], matchLinks(a, b, [2, 99, -1]))).toEqual({ of: 1, unmatched: 0 });
    // The same fabric: every link is itself.
    expect([...matchLinks(a, a, [3, 0])]).toEqual([3, 0]);
  });
});
