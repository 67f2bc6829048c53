// Delta arithmetic on hand-worked small fabrics, and comparisons through restore().
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { compareFigures, numericDelta, sideA, sideB, type SideFigures } from '../../src/model/compare';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { diffShown, type LinkDiff } from '../../src/view/compareDiff';
import { presetRaw } from './helpers';

const twoGpus = {
  topology: {
    kind: 'custom',
    nodes: [
      { name: 'g0', kind: 'gpu', rack: 0, server: 0 },
      { name: 'g1', kind: 'gpu', rack: 0, server: 0 },
      { name: 'leaf', kind: 'switch', tier: 'leaf', rack: 0, model: 'qm9700' },
    ],
    links: [
      { a: 'g0', b: 'leaf' },
      { a: 'g1', b: 'leaf' },
    ],
  },
  scaleUp: { kind: 'none' },
  media: { leaf: 'dsp-sm' },
  compare: { question: 'LPO?', labelA: 'DSP', labelB: 'LPO', overrides: { media: { leaf: 'lpo' } } },
};

const figures = (s: ReturnType<typeof restore>['scenario']): SideFigures => ({
  bom: analyze(build(s), s).bom,
});

describe('comparison delta table', () => {
  it('DSP → LPO on two 400G links: the saving is module power, worked by hand', () => {
    const { scenario, problems } = restore(twoGpus);
    expect(problems).toEqual([]);
    const b = sideB(scenario)!;
    expect(b.media.leaf).toBe('lpo');
    expect(sideA(scenario).compare).toBeNull();
    const rows = compareFigures(figures(sideA(scenario)), figures(b));
    const row = (key: string) => rows.find((r) => r.key === key)!;
    // A: 2 × DR4 400G (9 W) + one 2×DR4 800G (17 W) shared by both links; B: 2 × 6 W + 8.5 W.
    const a = 2 * 9 + 17;
    const bW = 2 * 6 + 8.5;
    expect(row('power.opticsW').a).toBeCloseTo(a, 9);
    expect(row('power.opticsW').b).toBeCloseTo(bW, 9);
    expect(row('power.opticsW').delta).toBeCloseTo(bW - a, 9);
    expect(row('power.opticsW').pct).toBeCloseTo((bW - a) / a, 9);
    expect(row('power.opticsW').verdict).toBe('better');
    const totalA = 1400 + 4600 + 750 + a;
    expect(row('power.totalW').pct).toBeCloseTo((bW - a) / totalA, 9);
    // Same module count either way: "same", not "better".
    expect(row('transceivers').delta).toBe(0);
    expect(row('transceivers').verdict).toBe('same');
    // Cables change medium: reported, but neither better nor worse.
    expect(row('cables.dsp-sm')).toMatchObject({ a: 2, b: 0, verdict: 'same' });
    expect(row('cables.lpo')).toMatchObject({ a: 0, b: 2 });
  });

  it('higher-is-better figures read the other way, and absent figures are left out', () => {
    const bom = figures(restore({}).scenario).bom;
    const a: SideFigures = {
      bom,
      solve: { maxUtilization: 0.5, lambda: 2, completionTimeS: 1, busBwGBs: 40 },
    };
    const b: SideFigures = { bom, solve: { maxUtilization: 1, lambda: 1, completionTimeS: 2, busBwGBs: 20 } };
    const rows = compareFigures(a, b);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('solve.lambda')).toMatchObject({ delta: -1, pct: -0.5, verdict: 'worse' });
    expect(row('solve.busBwGBs').verdict).toBe('worse');
    expect(row('solve.completionTimeS')).toMatchObject({ delta: 1, pct: 1, verdict: 'worse' });
    expect(rows.find((r) => r.key === 'latency.worstPath')).toBeUndefined();
    expect(compareFigures({ bom }, { bom }).find((r) => r.key === 'solve.lambda')).toBeUndefined();
  });

  it('a collective that never completes (unrouted transfers) is worse than one that does, the same as another', () => {
    const bom = figures(restore({}).scenario).bom;
    const done: SideFigures = {
      bom,
      solve: { maxUtilization: 1, lambda: 1, completionTimeS: 2, busBwGBs: 20 },
    };
    const never: SideFigures = {
      bom,
      solve: { maxUtilization: 1, lambda: 1, completionTimeS: Infinity, busBwGBs: 0 },
    };
    const time = (a: SideFigures, b: SideFigures) =>
      compareFigures(a, b).find((r) => r.key === 'solve.completionTimeS')!;
    expect(time(done, never).verdict).toBe('worse');
    expect(time(never, done).verdict).toBe('better');
    expect(time(never, never)).toMatchObject({ delta: 0, verdict: 'same' });
  });

  it('a measured change too small to print reads as the same; a count that changes by one does not', () => {
    const bom = figures(restore({}).scenario).bom;
    const t = 0.020_13;
    const side = (completionTimeS: number, busBwGBs: number): SideFigures => ({
      bom,
      solve: { maxUtilization: 1, lambda: 1, completionTimeS, busBwGBs },
    });
    // 0.4 µs out of 20 ms (2e-5), 0.01 GB/s out of 50: shown as 0.00%, so not coloured.
    const rows = compareFigures(side(t, 50), side(t - 0.4e-6, 50.0001));
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('solve.completionTimeS')).toMatchObject({ verdict: 'same' });
    expect(row('solve.completionTimeS').delta).toBeCloseTo(-0.4e-6, 12);
    expect(row('solve.busBwGBs').verdict).toBe('same');
    // 2 µs out of 20 ms (1e-4) is a change the table prints.
    expect(
      compareFigures(side(t, 50), side(t - 2e-6, 50)).find((r) => r.key === 'solve.completionTimeS')!.verdict,
    ).toBe('better');
    // One laser more among hundreds of thousands is one more to buy.
    const more = { ...bom, lasers: bom.lasers + 1 };
    expect(compareFigures({ bom }, { bom: more }).find((r) => r.key === 'lasers')!.verdict).toBe('worse');
  });

  it('numericDelta subtracts every number, treating a missing one as 0', () => {
    expect(numericDelta({ x: 1, y: { z: 5 }, s: 'a' }, { x: 4, y: { z: 2, w: 1 } })).toEqual({
      x: 3,
      y: { z: -3, w: 1 },
    });
  });
});

describe('comparisons through restore()', () => {
  it('names a bad override under compare.overrides and keeps only what is valid', () => {
    const { scenario, problems } = restore({
      ...twoGpus,
      compare: {
        ...twoGpus.compare,
        overrides: { media: { leaf: 'warp-drive' }, supply: { modulesPerDay: 500 } },
      },
    });
    expect(problems.map((p) => p.path)).toContain('compare.overrides.media.leaf');
    expect(scenario.compare!.overrides).toEqual({ supply: { modulesPerDay: 500 } });
  });

  it('refuses a nested comparison', () => {
    const { scenario, problems } = restore({
      compare: { question: '', labelA: 'A', labelB: 'B', overrides: { compare: { x: 1 }, name: 'b' } },
    });
    expect(problems.map((p) => p.path)).toContain('compare.overrides.compare');
    expect(sideB(scenario)!.name).toBe('b');
  });

  it.each([
    'compare-remove-dsp-100k',
    'compare-remove-dsp-superpod',
    'compare-cpo-switches',
    'compare-scale-up-copper-vs-optical',
    'compare-ocs-spine',
    'compare-eor-vs-tor',
  ])('one-click question %s restores cleanly and B differs from A', (id) => {
    const { scenario, problems } = restore(presetRaw(id));
    expect(problems).toEqual([]);
    expect(scenario.compare).not.toBeNull();
    expect(sideB(scenario)).not.toEqual(sideA(scenario));
  });

  it('OCS spine: optical circuit switches join leaves pairwise (direct connect)', () => {
    const s = sideB(restore(presetRaw('compare-ocs-spine')).scenario)!;
    const f = build(s);
    const pairs = new Set<string>();
    let circuits = 0;
    for (let l = 0; l < f.linkCount; l++)
      if (f.linkPeer[l] > l) {
        circuits++;
        pairs.add([f.linkA[l], f.linkA[f.linkPeer[l]]].sort((x, y) => x - y).join('-'));
      }
    // 32 leaves × 32 uplinks = 1,024 fibres = 512 circuits, covering all C(32, 2) = 496 leaf pairs.
    expect(circuits).toBe(512);
    expect(pairs.size).toBe(496);
  });
});

describe('the "what B changes" highlight starts on only where it points at something', () => {
  const diff = (count: number): LinkDiff => ({
    how: 'per-link',
    a: new Uint8Array(0),
    b: new Uint8Array(0),
    countA: count,
    countB: count,
    tiers: [],
  });
  it("the SuperPOD's 7,250 optical links of 28,032: on", () => {
    expect(diffShown(null, diff(7250), 28032)).toBe(true);
  });
  it("the 100k preset's 254,415 optical links of 702,432: off (it would paint the hall white)", () => {
    expect(diffShown(null, diff(254415), 702432)).toBe(false);
  });
  it('most of a small fabric: off', () => {
    expect(diffShown(null, diff(60), 100)).toBe(false);
  });
  it("the user's choice wins either way", () => {
    expect(diffShown(true, diff(254415), 702432)).toBe(true);
    expect(diffShown(false, diff(10), 28032)).toBe(false);
  });
});
