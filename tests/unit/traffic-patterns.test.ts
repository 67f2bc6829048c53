// Traffic patterns and their exact aggregation, checked against what the patterns mean.

import { describe, expect, it } from 'vitest';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { solveScenario } from '../../src/solver';
import { routingGraph } from '../../src/solver/graph';
import { route } from '../../src/solver/route';
import { aggregate } from '../../src/traffic/aggregate';
import { attachments } from '../../src/traffic/attach';
import { demand } from '../../src/traffic';
import { PairList } from '../../src/traffic/demand';
import { gpuAt, mapping } from '../../src/traffic/parallelism';
import { cyclicPermutation } from '../../src/traffic/permutation';

const load = (raw: Record<string, unknown>) => {
  const { scenario } = restore(raw);
  const fabric = build(scenario);
  return { scenario, fabric, att: attachments(fabric) };
};

const superpod = {
  topology: { kind: 'rail-optimized', sus: 2, nodesPerSu: 4, rails: 0, fabricManagerSlot: false },
  scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
};

describe('ring all-reduce (NCCL-style, rail-aligned)', () => {
  it('every GPU sends once per channel; inter-domain hops go from rank i to rank i', () => {
    const { scenario, att } = load({ ...superpod, traffic: { pattern: 'ring-allreduce' } });
    const coll = demand(att, scenario);
    const p = coll.phases[0];
    if (p.kind !== 'pairs') throw new Error('pairs expected');
    const n = att.gpuCount;
    expect(p.src.length).toBe(n * 8);
    const sent = new Int32Array(n);
    let inter = 0;
    for (let i = 0; i < p.src.length; i++) {
      sent[p.src[i]]++;
      if (att.domain[p.src[i]] !== att.domain[p.dst[i]]) {
        inter++;
        expect(p.src[i] % 8).toBe(p.dst[i] % 8); // same local rank: same rail
      }
    }
    expect([...sent].every((s) => s === 8)).toBe(true);
    // One inter-domain hop per domain per channel (8 domains, 8 channels, even count: ring closes on-rail).
    expect(inter).toBe(8 * 8);
    // Each channel carries 2(n−1)/n · S / 8.
    expect(p.bytes[0]).toBeCloseTo(((2 * (n - 1)) / n) * (scenario.traffic.messageBytes / 8), 3);
  });
});

describe('hierarchical all-reduce', () => {
  it('without a scale-up domain is a flat ring, and says so', () => {
    const { scenario, att } = load({
      ...superpod,
      scaleUp: { kind: 'none' },
      traffic: { pattern: 'hierarchical-allreduce' },
    });
    const h = demand(att, scenario);
    expect(h.notes).toContain('tensor groups of 1 GPU (no scale-up domain): the same as a flat ring');
    // Only the across-groups phase carries transfers: n GPUs each send to one neighbour.
    expect(h.phases.map((p) => (p.kind === 'pairs' ? p.src.length : -1))).toEqual([0, att.gpuCount, 0]);
    const withDomains = load({ ...superpod, traffic: { pattern: 'hierarchical-allreduce' } });
    expect(demand(withDomains.att, withDomains.scenario).notes).not.toContain(
      'tensor groups of 1 GPU (no scale-up domain): the same as a flat ring',
    );
  });
});

describe('permutation', () => {
  it('is a single cycle without fixed points, the same for a seed', () => {
    const p = cyclicPermutation(1000, 5);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    let i = 0;
    let len = 0;
    do {
      i = p[i];
      len++;
    } while (i !== 0);
    expect(len).toBe(1000);
    expect(cyclicPermutation(1000, 5)).toEqual(p);
    expect(cyclicPermutation(1000, 6)).not.toEqual(p);
  });
});

describe('aggregation is exact', () => {
  // The all-to-all folded into leaf-to-leaf commodities (with per-leaf virtual access arcs) must
  // load every arc exactly as the same all-to-all listed transfer by transfer.
  for (const [name, raw] of [
    ['rail-optimized with NVLink domains across rails', superpod],
    [
      'oversubscribed leaf-spine, domains under one leaf',
      {
        topology: { kind: 'leaf-spine', gpus: 48, gpusPerLeaf: 16, oversubscription: 2, spines: 2 },
        scaleUp: { kind: 'nvlink', gpusPerDomain: 4, switchesPerDomain: 2, switchModel: 'hgx-nvswitch' },
      },
    ],
    [
      '3D torus through optical circuit switches',
      {
        topology: { kind: 'torus', dims: [4, 4, 2], rackDims: [2, 2, 2], ocs: 'inter-rack', ocsCount: 0 },
        scaleUp: { kind: 'none' },
      },
    ],
  ] as const)
    it(name, () => {
      const { scenario, fabric, att } = load({ ...raw, traffic: { pattern: 'all-to-all' } });
      const g = routingGraph(fabric, scenario, att);
      const coll = demand(att, scenario);
      const phase = coll.phases[0];
      if (phase.kind !== 'all-to-all') throw new Error('all-to-all expected');
      const folded = aggregate(fabric, att, phase);
      const list = new PairList();
      for (const s of phase.gpus)
        for (const d of phase.gpus) if (s !== d) list.push(s, d, phase.bytesPerPair);
      const flat = aggregate(fabric, att, list.phase('flat', 1));
      expect(folded.flows).toBe(flat.flows);
      const entries = folded.matrix ? folded.matrix.weight.filter((w) => w > 0).length : 0;
      expect(folded.count + entries).toBeLessThanOrEqual(flat.count);
      const opts = { routing: 'ecmp' as const, seed: 1, incidence: false, maxNnz: 0, maxSubflows: 1 };
      const a = route(g, folded, opts);
      const b = route(g, flat, opts);
      // Virtual access arcs back onto each GPU's own arc.
      const v = folded.virtualArcs;
      for (let i = 0; i < v.count; i++)
        for (let k = v.start[i]; k < v.start[i + 1]; k++)
          a.bytes[v.arcs[k]] += a.bytes[v.base + i] * v.share[k];
      let total = 0;
      for (let arc = 0; arc < g.arcCount; arc++) {
        expect(a.bytes[arc]).toBeCloseTo(b.bytes[arc], 0);
        total += b.bytes[arc];
      }
      expect(total).toBeGreaterThan(0);
    });
});

describe('ecmp-hash', () => {
  const raw = {
    topology: { kind: 'fat-tree', k: 8 },
    scaleUp: { kind: 'none' },
    traffic: { pattern: 'permutation', routing: 'ecmp-hash', seed: 3 },
  };
  it('is deterministic for a seed and collides where ecmp splits evenly', () => {
    const { scenario, fabric } = load(raw);
    const a = solveScenario(fabric, scenario);
    const b = solveScenario(fabric, scenario);
    expect(a.arcLoadGbps).toEqual(b.arcLoadGbps);
    // One path per flow: hash collisions push some link above the even ECMP split (λ = 1).
    expect(a.summary.lambda).toBeLessThan(1);
    const other = load({ ...raw, traffic: { ...raw.traffic, seed: 4 } });
    expect(solveScenario(other.fabric, other.scenario).arcLoadGbps).not.toEqual(a.arcLoadGbps);
  });
});

describe('parallelism mapping', () => {
  // 8 servers of 8 GPUs (64 GPUs), one NVLink domain per server.
  const withTraffic = (traffic: Record<string, unknown>) => load({ ...superpod, traffic });

  it('never puts a tensor group across two scale-up domains, whatever the group size asked', () => {
    for (const tp of [1, 2, 3, 4, 5, 6, 7, 8, 12, 64])
      for (const stages of [1, 2, 3, 5, 7, 20, 64]) {
        const { att, scenario } = withTraffic({ tensorParallel: tp, pipelineStages: stages });
        const m = mapping(att, scenario.traffic);
        expect(8 % m.tp, `tp ${tp}, stages ${stages}: t = ${m.tp}`).toBe(0);
        for (let s = 0; s < m.stages; s++)
          for (let j = 0; j < m.groups; j++) {
            const first = gpuAt(m, s, j, 0);
            const last = gpuAt(m, s, j, m.tp - 1);
            expect(att.domain[first]).toBe(att.domain[last]);
            expect(last).toBeLessThan(att.gpuCount);
          }
        // Whatever is not the size asked is said.
        if (m.tp !== Math.min(tp, 8) || m.stages !== stages) expect(m.notes.length).toBeGreaterThan(0);
      }
  });

  it('says why a tensor group or a stage count was reduced', () => {
    const note = (traffic: Record<string, unknown>) => {
      const { att, scenario } = withTraffic(traffic);
      return mapping(att, scenario.traffic);
    };
    const three = note({ tensorParallel: 3 });
    expect(three.tp).toBe(2);
    expect(three.notes).toContain('tensor parallel 3 does not divide the scale-up domain (8); 2 used');
    const many = note({ pipelineStages: 1000 });
    expect(many.stages).toBe(64);
    expect(many.notes).toContain('pipeline stages 1000 exceed the 64 GPUs; 64 stages of one GPU used');
    expect(note({ tensorParallel: 16 }).notes).toContain(
      'tensor parallel 16 exceeds the scale-up domain (8); 8 used',
    );
    expect(note({ tensorParallel: 8, pipelineStages: 4 }).notes).toEqual([]);
    // Two limits at once: the one that binds is named, once, with the size used (not "8 used"
    // from the domain, then "1 used" from the stage).
    const both = note({ tensorParallel: 4096, pipelineStages: 4096 });
    expect(both.tp).toBe(1);
    expect(both.notes).toEqual([
      'pipeline stages 4096 exceed the 64 GPUs; 64 stages of one GPU used',
      'a stage of 1 GPU holds no tensor group of 8; 1 used',
    ]);
  });
});

describe('route progress', () => {
  it('hashed routing reports flows routed, so a few crowded destinations do not stall the bar', () => {
    const { scenario, fabric, att } = load({ ...superpod, traffic: { pattern: 'permutation' } });
    const g = routingGraph(fabric, scenario, att);
    // Destinations of very unequal weight: GPU 0 receives from every other GPU, the rest from one.
    const list = new PairList();
    for (let s = 1; s < att.gpuCount; s++) list.push(s, 0, 1e6);
    for (let s = 0; s + 2 < att.gpuCount; s++) list.push(s, s + 2, 1e6);
    const comm = aggregate(fabric, att, list.phase('skewed', 1));
    const calls: [number, number][] = [];
    const opts = { routing: 'ecmp-hash' as const, seed: 1, incidence: false, maxNnz: 0, maxSubflows: 1 };
    route(g, comm, { ...opts, onDestination: (done, total) => calls.push([done, total]) });
    const total = calls[0][1];
    expect(total).toBe(comm.count);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i][1]).toBe(total);
      expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
    }
    expect(calls.at(-1)![0]).toBe(total);
    // The crowded destination moves the bar by its share of the flows, not by one destination.
    const steps = calls.map(([d], i) => d - (i ? calls[i - 1][0] : 0));
    // (GPUs of GPU 0's scale-up domain reach it over NVLink, a destination of their own.)
    expect(Math.max(...steps)).toBeGreaterThan(att.gpuCount / 2);
  });
});
