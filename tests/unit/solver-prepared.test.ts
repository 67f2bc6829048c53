// The solve worker keeps a fabric's attachments and routing graph between solves (prepared.ts).
// A solve that reuses them must equal a fresh solve, whatever ran before it on the same fabric,
// and the cache must miss whenever what they depend on changes: the fabric, failed links, the
// catalog. Cable lengths are applied per solve (a rack moved re-solves without a rebuild).

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { forceTargets, pinnedRacks, snapToGrid } from '../../src/layout/place';
import { build } from '../../src/model/generators';
import { moduleLatencyNs } from '../../src/model/media';
import type { Scenario } from '../../src/model/scenario';
import { prepare, solveScenario } from '../../src/solver';
import { routingGraph } from '../../src/solver/graph';
import { attachments } from '../../src/traffic/attach';
import { PROPAGATION_NS_PER_M } from '../../src/model/catalog';
import { resolveCatalog } from '../../src/model/resolved';
import { PreparedCache } from '../../src/solver/prepared';
import { presetRaw, scenarioOf } from './helpers';

type Traffic = Partial<Scenario['traffic']>;

describe('prepared attachments and routing graph, reused between solves', () => {
  const base = scenarioOf(presetRaw('dgx-h100-superpod-4su'));
  const fabric = build(base);
  const t = forceTargets(fabric, base.floor.seed);
  const lengthM = analyze(
    fabric,
    base,
    snapToGrid(fabric, t.x, t.y, base.floor.racksPerRow, pinnedRacks(fabric, base)),
  ).lengthM;
  const at = (traffic: Traffic, s: Scenario = base): Scenario => ({
    ...s,
    traffic: { ...s.traffic, ...traffic },
  });

  it('a re-solve equals a fresh solve; it misses only when failures or the catalog change', () => {
    const cache = new PreparedCache();
    const steps: [Scenario, boolean][] = [
      [at({ pattern: 'ring-allreduce' }), false],
      [at({ pattern: 'all-to-all' }), true],
      [at({ pattern: 'permutation', routing: 'ecmp-hash', seed: 3 }), true],
      [at({ pattern: 'permutation', failedLinks: [5, 900, 2000] }), false],
      [at({ pattern: 'ring-allreduce', failedLinks: [5, 900, 2000] }), true],
      [at({ pattern: 'ring-allreduce' }), false],
      // A slower spine switch changes the graph's latencies: a miss.
      [
        {
          ...at({ pattern: 'ring-allreduce' }),
          catalog: { ...base.catalog, switches: { qm9700: { latencyNs: 900 } } },
        } as Scenario,
        false,
      ],
    ];
    for (const [s, hit] of steps) {
      const hits = cache.hits;
      const reused = solveScenario(fabric, s, { lengthM, prepared: cache });
      expect(cache.hits - hits, `${s.traffic.pattern} ${s.traffic.failedLinks}`).toBe(hit ? 1 : 0);
      expect('graph' in reused.stageMs).toBe(!hit);
      const fresh = solveScenario(fabric, s, { lengthM });
      expect(reused.summary).toEqual(fresh.summary);
      expect(reused.linkUtilization).toEqual(fresh.linkUtilization);
      expect(reused.arcLoadGbps).toEqual(fresh.arcLoadGbps);
    }
  });

  it('cable lengths apply per solve: other lengths and a rebuilt fabric hit and equal a fresh solve', () => {
    const cache = new PreparedCache();
    const s = at({ pattern: 'ring-allreduce' });
    const first = solveScenario(fabric, s, { lengthM, prepared: cache });
    const longer = lengthM.map((m) => m * 2);
    const moved = solveScenario(fabric, s, { lengthM: longer, prepared: cache });
    expect(cache.hits).toBe(1);
    expect(moved.summary).toEqual(solveScenario(fabric, s, { lengthM: longer }).summary);
    // Twice the cable: the latency term grows, the bandwidth term stays.
    expect(moved.summary.phases[0].latencyS).toBeGreaterThan(first.summary.phases[0].latencyS);
    expect(moved.summary.completionTimeS - moved.summary.phases[0].latencyS).toBeCloseTo(
      first.summary.completionTimeS - first.summary.phases[0].latencyS,
      12,
    );
    // The same scenario built again (as the worker does ahead) or with a rack pinned elsewhere.
    const pinned = { ...s, floor: { ...s.floor, pinned: { 3: [10, 4] as [number, number] } } };
    const rebuilt = solveScenario(build(pinned), pinned, { lengthM, prepared: cache });
    expect(cache.hits).toBe(2);
    expect(rebuilt.summary).toEqual(first.summary);
  });

  it('prepared ahead from the scenario alone, the solve that follows reuses it', () => {
    const cache = new PreparedCache();
    const s = at({ pattern: 'all-to-all' });
    prepare(build(s), s, cache);
    expect(cache.has(s)).toBe(true);
    const r = solveScenario(fabric, s, { lengthM, prepared: cache });
    expect(r.stageMs).not.toHaveProperty('graph');
    expect(r.summary).toEqual(solveScenario(fabric, s, { lengthM }).summary);
    // Another fabric (another preset) misses, and so does another catalog on this one.
    const demo = scenarioOf(presetRaw('demo'));
    expect(cache.has(demo)).toBe(false);
    expect(cache.lookup(build(demo), demo)).toBeNull();
  });

  it('solved before placement, then given the lengths: equal to a solve with them (only the latency term changes)', () => {
    const media = analyze(fabric, base).media;
    const moduleNs = moduleLatencyNs(media);
    for (const traffic of [
      { pattern: 'ring-allreduce' },
      { pattern: 'all-to-all' },
      { pattern: 'hierarchical-allreduce' },
      { pattern: 'permutation', routing: 'ecmp-hash', seed: 3 },
      { pattern: 'all-to-all', routing: 'shortest' },
      { pattern: 'ring-allreduce', failedLinks: [5, 77, 1500] },
    ] as Traffic[]) {
      const s = at(traffic);
      const ahead = solveScenario(fabric, s);
      const placed = ahead.withLengths(lengthM, moduleNs);
      const fresh = solveScenario(fabric, s, { lengthM, moduleNs });
      expect(placed.summary).toEqual(fresh.summary);
      expect(Object.keys(placed.stageMs).sort()).toEqual(['latency', 'lengths']);
      // The cables and modules made a difference to compare against.
      expect(fresh.summary.phases[0].latencyS).toBeGreaterThan(ahead.summary.phases[0].latencyS);
      expect(placed.linkUtilization).toBe(ahead.linkUtilization);
    }
  });

  it('edge latencies are the cables a hop crosses, plus the OCS of an optical circuit', () => {
    const torus = scenarioOf(presetRaw('tpu-v4-torus'));
    const f = build(torus);
    const len = Float32Array.from({ length: f.linkCount }, (_, l) => 1 + (l % 17));
    const ocsNs = resolveCatalog(torus).switchModel(f.switchModels[0]).latencyNs;
    const g = routingGraph(f, torus, attachments(f, []), len);
    let circuits = 0;
    for (const L of g.layers)
      for (let k = 0; k < L.nbr.length; k++) {
        const cables = len[L.arc1[k] >> 1] + (L.arc2[k] >= 0 ? len[L.arc2[k] >> 1] : 0);
        const fixed = L.arc2[k] >= 0 ? ocsNs : 0;
        if (L.arc2[k] >= 0) circuits++;
        expect(L.latNs[k]).toBeCloseTo(fixed + cables * PROPAGATION_NS_PER_M, 2);
      }
    expect(circuits).toBeGreaterThan(0);
  });
});
