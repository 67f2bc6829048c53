// Routing once per pair of twin classes (every leaf of a pod, every GPU of a scale-up domain)
// must give the same per-arc loads as routing every endpoint pair on its own; and all-to-all
// on non-blocking fabrics reaches the NIC rate (λ = 1 up to the share kept inside the domain).

import { describe, expect, it } from 'vitest';
import { NODE_OCS } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { solveScenario } from '../../src/solver';
import { routingGraph } from '../../src/solver/graph';
import { route, type Routing } from '../../src/solver/route';
import { twinClasses } from '../../src/solver/twins';
import { aggregate } from '../../src/traffic/aggregate';
import { attachments } from '../../src/traffic/attach';
import { demand } from '../../src/traffic';

const setup = (raw: Record<string, unknown>) => {
  const { scenario, problems } = restore(raw);
  expect(problems).toEqual([]);
  return { scenario, fabric: build(scenario) };
};

const FABRICS: Record<string, Record<string, unknown>> = {
  'rail-optimized, 2 SUs': {
    topology: { kind: 'rail-optimized', sus: 2, nodesPerSu: 4, rails: 0, fabricManagerSlot: false },
    scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
  },
  'clos3, 2 pods': {
    topology: {
      kind: 'clos3',
      gpus: 256,
      gpusPerLeaf: 16,
      leavesPerPod: 8,
      leafOversubscription: 1,
      spineOversubscription: 1,
    },
    scaleUp: { kind: 'none' },
  },
  'leaf-spine, parallel links, oversubscribed': {
    topology: { kind: 'leaf-spine', gpus: 128, gpusPerLeaf: 16, oversubscription: 2, spines: 4 },
    scaleUp: { kind: 'nvlink', gpusPerDomain: 4, switchesPerDomain: 2, switchModel: 'hgx-nvswitch' },
  },
  'torus through OCS': {
    topology: { kind: 'torus', dims: [4, 4, 2], rackDims: [2, 2, 2], ocs: 'inter-rack', ocsCount: 0 },
  },
};

const PATTERNS = ['all-to-all', 'ring-allreduce', 'permutation', 'hierarchical-allreduce'] as const;

function loads(raw: Record<string, unknown>, twins: boolean, incidence: boolean) {
  const { scenario, fabric } = setup(raw);
  const att = attachments(fabric, scenario.traffic.failedLinks);
  const g = routingGraph(fabric, scenario, att);
  return demand(att, scenario).phases.map((phase) => {
    const comm = aggregate(fabric, att, phase);
    const opt = { routing: 'ecmp' as Routing, seed: 1, incidence, maxNnz: 1e8, maxSubflows: 1, twins };
    return route(g, comm, opt);
  });
}

describe('twin-class routing equals per-pair routing', () => {
  for (const [name, raw] of Object.entries(FABRICS))
    for (const pattern of PATTERNS)
      for (const incidence of [false, true])
        it(`${name}, ${pattern}, ${incidence ? 'with incidence' : 'loads only'}`, () => {
          const r = { ...raw, traffic: { pattern, routing: 'ecmp', seed: 5 } };
          const merged = loads(r, true, incidence);
          const single = loads(r, false, incidence);
          merged.forEach((m, p) => {
            const s = single[p];
            expect(m.unroutedFlows).toBe(s.unroutedFlows);
            expect(m.latencyNs).toBeCloseTo(s.latencyNs, 9);
            for (let a = 0; a < m.bytes.length; a++)
              expect(Math.abs(m.bytes[a] - s.bytes[a])).toBeLessThanOrEqual(1e-9 * Math.max(1, s.bytes[a]));
            if (incidence) {
              // Same rows, same arcs, same coefficients (order inside a row may differ).
              const a = m.incidence!;
              const b = s.incidence!;
              expect(a.rows).toBe(b.rows);
              for (let row = 0; row < a.rows; row++) {
                const sum = (inc: typeof a) => {
                  const out = new Map<number, number>();
                  for (let k = inc.rowStart[row]; k < inc.rowStart[row + 1]; k++)
                    out.set(inc.rowArc[k], (out.get(inc.rowArc[k]) ?? 0) + inc.rowCoef[k]);
                  return out;
                };
                const x = sum(a);
                const y = sum(b);
                expect(x.size).toBe(y.size);
                for (const [arc, c] of y) expect(x.get(arc)).toBeCloseTo(c, 12);
              }
            }
          });
        });

  it('leaves of a pod and GPUs of a domain are twins; the merge is real', () => {
    const { scenario, fabric } = setup({ ...FABRICS['clos3, 2 pods'] });
    const att = attachments(fabric);
    const g = routingGraph(fabric, scenario, att);
    const t = twinClasses(g.layers[0], g.transit);
    const leaves = new Set<number>();
    for (let gpu = 0; gpu < att.gpuCount; gpu++) leaves.add(att.attach[gpu]);
    const classes = new Set([...leaves].map((l) => t.cls[l]));
    expect(leaves.size).toBe(16);
    expect(classes.size).toBe(2); // one class per pod
  });

  it('optical circuits pair fibres by linkPeer, not by index order', () => {
    const { scenario, fabric } = setup({ ...FABRICS['torus through OCS'] });
    // Shuffle nothing in the fabric, but check every circuit edge joins the far ends of peers.
    const att = attachments(fabric);
    const g = routingGraph(fabric, scenario, att);
    const L = g.layers[0];
    let circuits = 0;
    for (let u = 0; u < g.nodeCount; u++)
      for (let k = L.start[u]; k < L.start[u + 1]; k++) {
        if (L.arc2[k] < 0) continue;
        circuits++;
        const l1 = L.arc1[k] >> 1;
        const l2 = L.arc2[k] >> 1;
        expect(fabric.linkPeer[l1]).toBe(l2);
        expect(
          fabric.nodeKind[fabric.linkB[l1]] === NODE_OCS || fabric.nodeKind[fabric.linkA[l1]] === NODE_OCS,
        ).toBe(true);
      }
    expect(circuits).toBeGreaterThan(0);
  });
});

describe('all-to-all on non-blocking fabrics', () => {
  it('clos3, 2 pods, no scale-up: λ = 1 and every GPU sends at the NIC rate', () => {
    const { scenario, fabric } = setup({ ...FABRICS['clos3, 2 pods'], traffic: { pattern: 'all-to-all' } });
    const r = solveScenario(fabric, scenario);
    expect(r.summary.lambda).toBeCloseTo(1, 9);
    // Max-min: each of N GPUs splits its 400 Gb/s NIC over N − 1 peers.
    expect(r.summary.flowRateGbps!.min).toBeCloseTo(400 / 255, 6);
    expect(r.summary.flowRateGbps!.max).toBeCloseTo(400 / 255, 6);
    // No fabric link above the access links.
    for (const b of r.summary.bottlenecks) expect(b.utilization).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('clos3 with 8-GPU NVLink domains: λ = (N − 1)/(N − 8), the in-domain share stays on NVLink', () => {
    const { scenario, fabric } = setup({
      ...FABRICS['clos3, 2 pods'],
      scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
      traffic: { pattern: 'all-to-all' },
    });
    const r = solveScenario(fabric, scenario);
    expect(r.summary.lambda).toBeCloseTo(255 / 248, 9);
  });
});

describe('cancellation', () => {
  it('shouldCancel stops a solve with SolveCancelled', async () => {
    const { SolveCancelled } = await import('../../src/solver');
    const { scenario, fabric } = setup({ ...FABRICS['clos3, 2 pods'], traffic: { pattern: 'all-to-all' } });
    let calls = 0;
    expect(() => solveScenario(fabric, scenario, { shouldCancel: () => ++calls > 2 })).toThrow(
      SolveCancelled,
    );
    expect(calls).toBe(3);
  });
});
