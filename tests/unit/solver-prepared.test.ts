// The solve worker keeps a fabric's attachments and routing graph between solves (prepared.ts).
// A solve that reuses them must equal a fresh solve, whatever ran before it on the same fabric,
// and the cache must miss whenever what they depend on changes: failed links, catalog, lengths.

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { forceTargets, pinnedRacks, snapToGrid } from '../../src/layout/place';
import { build } from '../../src/model/generators';
import type { Scenario } from '../../src/model/scenario';
import { solveScenario } from '../../src/solver';
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

  it('other cable lengths or another fabric object miss', () => {
    const cache = new PreparedCache();
    const s = at({ pattern: 'ring-allreduce' });
    solveScenario(fabric, s, { lengthM, prepared: cache });
    solveScenario(fabric, s, { lengthM: lengthM.map((m) => m * 2), prepared: cache });
    solveScenario(build(base), s, { lengthM, prepared: cache });
    expect(cache.hits).toBe(0);
    const longer = lengthM.map((m) => m * 2);
    const a = solveScenario(fabric, s, { lengthM: longer, prepared: cache });
    const b = solveScenario(fabric, s, { lengthM: longer, prepared: cache });
    expect(cache.hits).toBe(1);
    expect(b.summary).toEqual(a.summary);
  });
});
