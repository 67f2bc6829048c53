// The solver against closed forms: full-bisection fat trees, oversubscribed leaf-spines, ring
// all-reduce time (nccl-tests), failures. Expected values come from the formulas, not the code.

import { describe, expect, it } from 'vitest';
import { SWITCH_BY_ID } from '../../src/model/catalog';
import { TIER_INDEX } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { assignMedia, moduleLatencyNs } from '../../src/model/media';
import { resolveCatalog } from '../../src/model/resolved';
import { restore } from '../../src/model/restore';
import { solveScenario } from '../../src/solver';

const setup = (raw: Record<string, unknown>) => {
  const { scenario, problems } = restore(raw);
  expect(problems).toEqual([]);
  return { scenario, fabric: build(scenario) };
};

describe('full-bisection fat tree, permutation, ecmp', () => {
  // Why λ = 1 for any permutation: with per-hop equal splitting, an edge switch spreads its k/2
  // hosts' unit flows over k/2 uplinks (≤ 1 each); every inter-pod flow reaches each core with
  // 1/(k/2)² of its volume, so a core's link down to a pod carries ≤ (k/2)² · 1/(k/2)² = 1;
  // an aggregation switch passes 1/(k/2) of each flow toward an edge switch of ≤ k/2 receivers
  // (≤ 1). Every link is at most full and each host's NIC link is exactly full: λ = 1.
  for (const k of [4, 8])
    for (const seed of [1, 7, 42])
      it(`k = ${k}, seed ${seed}: λ = 1, no link above 100%`, () => {
        const { scenario, fabric } = setup({
          topology: { kind: 'fat-tree', k },
          scaleUp: { kind: 'none' },
          traffic: { pattern: 'permutation', routing: 'ecmp', seed },
        });
        const r = solveScenario(fabric, scenario);
        expect(r.summary.flows).toBe(k ** 3 / 4);
        expect(r.summary.lambda).toBeCloseTo(1, 9);
        expect(r.summary.unroutedDemand).toBe(0);
        // A permutation at line rate: every flow gets the full NIC rate under max-min.
        expect(r.summary.flowRateGbps!.min).toBeCloseTo(400, 6);
        expect(r.summary.flowRateGbps!.max).toBeCloseTo(400, 6);
      });
});

describe('oversubscribed leaf-spine, all-to-all', () => {
  // N GPUs, n per leaf, each sending to N − 1 peers at NIC rate c in total: a leaf sends
  // n · c · (N − n)/(N − 1) up through n · c / r of uplink capacity, so λ = (N − 1) / (r (N − n)).
  for (const [r, spines] of [
    [2, 8],
    [4, 4],
    [2, 4], // two parallel links per leaf–spine pair: ECMP splits per link
  ])
    it(`ratio ${r}:1 over ${spines} spines`, () => {
      const N = 128;
      const n = 16;
      const { scenario, fabric } = setup({
        topology: { kind: 'leaf-spine', gpus: N, gpusPerLeaf: n, oversubscription: r, spines },
        scaleUp: { kind: 'none' },
        traffic: { pattern: 'all-to-all', routing: 'ecmp' },
      });
      const res = solveScenario(fabric, scenario);
      expect(res.summary.flows).toBe(N * (N - 1));
      expect(res.summary.lambda).toBeCloseTo((N - 1) / (r * (N - n)), 9);
      // The bottlenecks are leaf uplinks.
      expect(res.summary.bottlenecks[0].tier).toBe('spine');
      // Time: a leaf's uplinks carry n (N − n) · S/N bytes over n c / r.
      const S = scenario.traffic.messageBytes;
      const bytesUp = (n * (N - n) * S) / N;
      const upGbps = (n * 400) / r;
      expect(res.summary.completionTimeS - res.summary.phases[0].latencyS).toBeCloseTo(
        (bytesUp * 8) / (upGbps * 1e9),
        9,
      );
    });
});

describe('ring all-reduce time = 2(n−1)/n · S/B + 2(n−1) · α', () => {
  const ib = SWITCH_BY_ID.get('qm9700')!.latencyNs * 1e-9;

  it('one ring, no scale-up: B = NIC rate, α = leaf → spine → leaf', () => {
    const n = 64;
    const { scenario, fabric } = setup({
      topology: { kind: 'leaf-spine', gpus: n, gpusPerLeaf: 16, oversubscription: 1, spines: 4 },
      scaleUp: { kind: 'none' },
      traffic: { pattern: 'ring-allreduce', messageBytes: 2 ** 28 },
    });
    const S = 2 ** 28;
    const r = solveScenario(fabric, scenario);
    const expected = ((2 * (n - 1)) / n) * ((S * 8) / 400e9) + 2 * (n - 1) * 3 * ib;
    expect(r.summary.completionTimeS).toBeCloseTo(expected, 12);
    expect(r.summary.busBwGBs).toBeCloseTo(((2 * (n - 1)) / n) * (S / expected / 1e9), 9);
  });

  // Placed: every link adds its cable (4.9 ns/m) and its modules (a DSP retimer ≈100 ns per end,
  // a linear-drive module 5 ns); the ring's worst hop crosses four links and three switches.
  for (const [family, perEnd] of [
    ['dsp-mm', 100],
    ['lpo', 5],
  ] as const)
    it(`α with 10 m cables, ${family} at both ends of every link: 3 switches + 4 × (49 ns + 2 × ${perEnd} ns)`, () => {
      const n = 64;
      const { scenario, fabric } = setup({
        topology: { kind: 'leaf-spine', gpus: n, gpusPerLeaf: 16, oversubscription: 1, spines: 4 },
        scaleUp: { kind: 'none' },
        media: { leaf: family, spine: family },
        traffic: { pattern: 'ring-allreduce', messageBytes: 2 ** 28 },
      });
      const lengthM = new Float32Array(fabric.linkCount).fill(10);
      const media = assignMedia(fabric, lengthM, scenario, resolveCatalog(scenario));
      // Every link got two modules of the family.
      for (let l = 0; l < fabric.linkCount; l++) {
        const kind = media.kinds[media.linkKind[l]];
        expect(kind.family).toBe(family);
        expect(kind.latencyNs).toBe(2 * perEnd);
      }
      const r = solveScenario(fabric, scenario, { lengthM, moduleNs: moduleLatencyNs(media) });
      const alpha = 3 * ib + 4 * (10 * 4.9 + 2 * perEnd) * 1e-9;
      expect(r.summary.phases[0].latencyS).toBeCloseTo(2 * (n - 1) * alpha, 12);
    });

  it('rail-aligned rings over a DGX SuperPOD SU: B = 8 NICs, inter-node hops stay on the rail leaf', () => {
    const { scenario, fabric } = setup({
      topology: { kind: 'rail-optimized', sus: 1, nodesPerSu: 8, rails: 0, fabricManagerSlot: false },
      scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
      traffic: { pattern: 'ring-allreduce', messageBytes: 2 ** 30 },
    });
    const n = 64;
    const S = 2 ** 30;
    const r = solveScenario(fabric, scenario);
    // Each of 8 channels carries S/8; its network hop GPU i → GPU i crosses one rail leaf (α = one switch).
    const expected = (((2 * (n - 1)) / n) * ((S / 8) * 8)) / 400e9 + 2 * (n - 1) * ib;
    expect(r.summary.completionTimeS).toBeCloseTo(expected, 12);
    // No traffic reaches a spine: rail alignment keeps every inter-node hop under one leaf.
    for (let l = 0; l < fabric.linkCount; l++)
      if (fabric.linkTier[l] === TIER_INDEX.spine) expect(r.linkUtilization[l]).toBe(0);
  });
});

describe('failures', () => {
  const base = {
    topology: { kind: 'leaf-spine', gpus: 64, gpusPerLeaf: 16, oversubscription: 1, spines: 4 },
    scaleUp: { kind: 'none' },
    traffic: { pattern: 'all-to-all', routing: 'ecmp' },
  };

  it('a failed uplink reroutes over the others: nothing unrouted, the survivors carry more', () => {
    const ok = setup(base);
    const up = [...Array(ok.fabric.linkCount).keys()].find(
      (l) => ok.fabric.linkTier[l] === TIER_INDEX.spine,
    )!;
    const before = solveScenario(ok.fabric, ok.scenario);
    const failed = setup({ ...base, traffic: { ...base.traffic, failedLinks: [up] } });
    const after = solveScenario(failed.fabric, failed.scenario);
    expect(after.summary.unroutedDemand).toBe(0);
    expect(after.linkUtilization[up]).toBe(0);
    // The leaf splits per link: its 15 remaining uplinks carry 16/15 of the load up. Other leaves
    // still send a quarter of their traffic for it through each spine; the spine that lost a link
    // spreads its quarter over 3 links instead of 4 (4/3 down), the others are unchanged.
    const leaf = ok.fabric.linkA[up];
    const spine = ok.fabric.linkB[up];
    const load = (r: typeof before, arc: number) => r.arcLoadGbps[arc];
    let checked = 0;
    for (let l = 0; l < ok.fabric.linkCount; l++) {
      if (l === up || ok.fabric.linkA[l] !== leaf || ok.fabric.linkTier[l] !== TIER_INDEX.spine) continue;
      expect(load(after, 2 * l)).toBeCloseTo((load(before, 2 * l) * 16) / 15, 3);
      const down = ok.fabric.linkB[l] === spine ? 4 / 3 : 1;
      expect(load(after, 2 * l + 1)).toBeCloseTo(load(before, 2 * l + 1) * down, 3);
      checked++;
    }
    expect(checked).toBe(15);
  });

  it("a GPU's only NIC link failed: its transfers are reported unrouted", () => {
    const failed = setup({ ...base, traffic: { ...base.traffic, failedLinks: [0] } });
    const r = solveScenario(failed.fabric, failed.scenario);
    // GPU 0 sends to 63 peers and receives from 63.
    expect(r.summary.unroutedDemand).toBe(2 * 63);
    expect(r.summary.notes.join(' ')).toMatch(/126 transfers have no route: the collective never completes/);
    // It never completes: no time, no bandwidth, however fast the routed part would be.
    expect(r.summary.completionTimeS).toBe(Infinity);
    expect(r.summary.algBwGBs).toBe(0);
    expect(r.summary.busBwGBs).toBe(0);
    expect(Number.isFinite(r.summary.phases[0].timeS)).toBe(true);
  });

  it('a failed-link index the fabric does not have is named in a note, not silently dropped', () => {
    const failed = setup({ ...base, traffic: { ...base.traffic, failedLinks: [0, 999_999] } });
    const r = solveScenario(failed.fabric, failed.scenario);
    const last = failed.fabric.linkCount - 1;
    expect(r.summary.notes).toContain(
      `traffic.failedLinks: 999999 is not a link of this fabric (0–${last}); ignored`,
    );
    expect(r.summary.notes).toContain('1 failed link excluded from routing');
  });
});
