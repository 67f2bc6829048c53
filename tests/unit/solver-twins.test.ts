// Routing once per pair of twin classes (every leaf of a pod, every GPU of a scale-up domain)
// must give the same per-arc loads as routing every endpoint pair on its own; both must equal
// plain ECMP (one BFS from each destination over the whole layer, as defined), which checks the
// route search itself (two-hop routes read off adjacency, balls meeting halfway); and all-to-all
// on non-blocking fabrics reaches the NIC rate (λ = 1 up to the share kept inside the domain).

import { describe, expect, it } from 'vitest';
import { PROPAGATION_NS_PER_M } from '../../src/model/catalog';
import { NODE_GPU, NODE_OCS, TIERS } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { solveScenario } from '../../src/solver';
import { routingGraph, type RoutingGraph } from '../../src/solver/graph';
import { visitRow } from '../../src/solver/pieces';
import { incidenceCaps, route, routeLatency, type Routed, type Routing } from '../../src/solver/route';
import { twinClasses } from '../../src/solver/twins';
import { maxMinFair } from '../../src/solver/waterfill';
import { aggregate, type Commodities } from '../../src/traffic/aggregate';
import { attachments } from '../../src/traffic/attach';
import { demand } from '../../src/traffic';
import { randomLengths } from './helpers';

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
  // Two pods under a core; gx joins two leaves of a pod, gz a leaf of each pod. Such GPUs never
  // forward: leaves a and b are two hops apart through s1, not through gx; a and c four, not
  // two through gz (the many s2–c0 links make a search from a meet c's side there first).
  'custom, multi-homed GPUs': {
    topology: {
      kind: 'custom',
      nodes: [
        { name: 'c0', kind: 'switch', tier: 'core' },
        { name: 's1', kind: 'switch', tier: 'spine' },
        { name: 's2', kind: 'switch', tier: 'spine' },
        { name: 'a', kind: 'switch', tier: 'leaf' },
        { name: 'b', kind: 'switch', tier: 'leaf' },
        { name: 'c', kind: 'switch', tier: 'leaf' },
        ...['ga', 'gA', 'gb', 'gB', 'gc', 'gC', 'gx', 'gz'].map((name) => ({ name, kind: 'gpu' as const })),
      ],
      links:
        `a-s1 b-s1 c-s2 s1-c0 s1-c0 ${'s2-c0 '.repeat(6)}ga-a gA-a gb-b gB-b gc-c gC-c gx-a gx-b gz-a gz-c`
          .split(' ')
          .map((l) => ({ a: l.split('-')[0], b: l.split('-')[1] })),
    },
    scaleUp: { kind: 'none' },
  },
  'torus through OCS': {
    topology: { kind: 'torus', dims: [4, 4, 2], rackDims: [2, 2, 2], ocs: 'inter-rack', ocsCount: 0 },
  },
};

const PATTERNS = ['all-to-all', 'ring-allreduce', 'permutation', 'hierarchical-allreduce'] as const;

/**
 * A fabric with some links failed, picked from the built fabric: `domain` of its scale-up links
 * (one GPU's NVLink inside one domain: that domain's GPUs stop being alike, and stop being twins
 * of the other domains') and `scaleOut` of its other links (a pod's leaves stop being alike).
 */
function withFailures(raw: Record<string, unknown>, domain: number, scaleOut: number) {
  const { fabric } = setup(raw);
  const att = attachments(fabric);
  const failed: number[] = [];
  let d = 0;
  let o = 0;
  for (let l = 0; l < fabric.linkCount; l++) {
    // Every 7th candidate, so the failures land in different places of the fabric.
    if (att.domainLink[l] && d < 7 * domain && d++ % 7 === 0) failed.push(l);
    const access =
      fabric.nodeKind[fabric.linkA[l]] === NODE_GPU || fabric.nodeKind[fabric.linkB[l]] === NODE_GPU;
    if (!att.domainLink[l] && !access && o < 7 * scaleOut && o++ % 7 === 0) failed.push(l);
  }
  return { ...raw, traffic: { failedLinks: failed } };
}

const BROKEN: Record<string, Record<string, unknown>> = {
  'rail-optimized, 2 SUs, failed NVLinks and fabric links': withFailures(
    FABRICS['rail-optimized, 2 SUs'],
    3,
    5,
  ),
  'clos3, 2 pods, failed fabric links': withFailures(
    {
      ...FABRICS['clos3, 2 pods'],
      scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
    },
    2,
    9,
  ),
  'leaf-spine, parallel links, a failed NVLink': withFailures(
    FABRICS['leaf-spine, parallel links, oversubscribed'],
    1,
    0,
  ),
};

/**
 * Plain ECMP on every commodity (matrix entries expanded): per destination, a BFS over the
 * whole layer through forwarding nodes; each node splits equally over its edges to neighbours
 * one hop closer. Returns bytes per arc, each commodity's arc fractions and worst latency
 * (with `lengthM`, the GPUs' access cables included: the worst GPU's of a folded leaf).
 */
function plainEcmp(g: RoutingGraph, comm: Commodities, lengthM?: Float32Array) {
  const v = comm.virtualArcs;
  const linkNs = (arc: number) => (lengthM ? lengthM[arc >> 1] * PROPAGATION_NS_PER_M : 0);
  // Access links at both ends; a folded leaf pair: every pair of its GPUs that talk over the fabric
  // (not one GPU, not one scale-up domain, one all-to-all group), one by one.
  const longest = (arc: number) => {
    if (arc < v.base) return linkNs(arc);
    let worst = 0;
    for (let k = v.start[arc - v.base]; k < v.start[arc - v.base + 1]; k++)
      worst = Math.max(worst, linkNs(v.arcs[k]));
    return worst;
  };
  const accessNs = (up: number, down: number): number => {
    // One side a GPU with several links (its own endpoint): the other leaf's longest link.
    if (up < v.base || down < v.base) return (up >= 0 ? longest(up) : 0) + (down >= 0 ? longest(down) : 0);
    let worst = -Infinity;
    for (let i = v.start[up - v.base]; i < v.start[up - v.base + 1]; i++)
      for (let k = v.start[down - v.base]; k < v.start[down - v.base + 1]; k++)
        if (
          v.gpu[i] !== v.gpu[k] &&
          v.group[i] === v.group[k] &&
          !(v.domain[i] >= 0 && v.domain[i] === v.domain[k])
        )
          worst = Math.max(worst, linkNs(v.arcs[i]) + linkNs(v.arcs[k]));
    return worst;
  };
  const bytes = new Float64Array(g.arcCount + comm.virtualArcs.count);
  const rows: { weight: number; frac: Map<number, number> }[] = [];
  let unroutedFlows = comm.unroutedFlows;
  let latencyNs = 0;
  const list: [number, number, number, number, number, number, number][] = [];
  for (let i = 0; i < comm.count; i++)
    list.push([
      comm.layer[i],
      comm.src[i],
      comm.dst[i],
      comm.up[i],
      comm.down[i],
      comm.weight[i],
      comm.bytes[i],
    ]);
  const m = comm.matrix;
  if (m)
    for (let a = 0; a < m.K; a++)
      for (let b = 0; b < m.K; b++) {
        const w = m.weight[a * m.K + b];
        if (w > 0) list.push([0, m.node[a], m.node[b], m.up[a], m.down[b], w, w * m.bytesPerMember]);
      }
  for (const [layer, s, d, up, down, w, b] of list) {
    const L = g.layers[layer];
    const n = g.nodeCount;
    const dist = new Int32Array(n).fill(-1);
    const lat = new Float64Array(n);
    const order = [d];
    dist[d] = 0;
    for (let h = 0; h < order.length; h++) {
      const u = order[h];
      if (u !== d && !g.transit[u]) continue;
      for (let k = L.start[u]; k < L.start[u + 1]; k++) {
        const v = L.nbr[k];
        const l = lat[u] + (u === d ? 0 : g.nodeLatNs[u]) + L.latNs[k];
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          lat[v] = l;
          order.push(v);
        } else if (dist[v] === dist[u] + 1) lat[v] = Math.max(lat[v], l);
      }
    }
    if (s !== d && dist[s] < 0) {
      unroutedFlows += w;
      continue;
    }
    const frac = new Map<number, number>();
    const add = (x: number, f: number) => frac.set(x, (frac.get(x) ?? 0) + f);
    if (up >= 0) add(up, 1);
    if (down >= 0) add(down, 1);
    // The unit from s, node by node in decreasing distance.
    const amt = new Float64Array(n);
    amt[s] = 1;
    const byDist = order.filter((u) => dist[u] <= dist[s]).reverse();
    for (const v of byDist) {
      if (v === d || amt[v] === 0) continue;
      const next: number[] = [];
      for (let k = L.start[v]; k < L.start[v + 1]; k++) {
        const u = L.nbr[k];
        if (dist[u] === dist[v] - 1 && (g.transit[u] || u === d)) next.push(k);
      }
      for (const k of next) {
        add(L.arc1[k], amt[v] / next.length);
        if (L.arc2[k] >= 0) add(L.arc2[k], amt[v] / next.length);
        amt[L.nbr[k]] += amt[v] / next.length;
      }
    }
    for (const [x, f] of frac) bytes[x] += b * f;
    rows.push({ weight: w, frac });
    const l =
      lat[s] +
      (up >= 0 ? g.nodeLatNs[s] : 0) +
      (down >= 0 && s !== d ? g.nodeLatNs[d] : 0) +
      accessNs(up, down);
    latencyNs = Math.max(latencyNs, l);
  }
  return { bytes, rows, unroutedFlows, latencyNs };
}

/** Coefficient per physical arc of an incidence row, merged arcs expanded. */
function rowSums(routed: Routed, row: number): Map<number, number> {
  const out = new Map<number, number>();
  visitRow(routed.incidence!, routed.merged, row, (arc, coef) => out.set(arc, (out.get(arc) ?? 0) + coef));
  return out;
}

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
                const x = rowSums(m, row);
                const y = rowSums(s, row);
                expect(x.size).toBe(y.size);
                for (const [arc, c] of y) expect(x.get(arc)).toBeCloseTo(c, 12);
              }
            }
          });
        });

  for (const [name, raw] of Object.entries(BROKEN))
    for (const pattern of PATTERNS)
      it(`${name}, ${pattern}, with incidence`, () => {
        const r = { ...raw, traffic: { ...(raw.traffic as object), pattern, routing: 'ecmp', seed: 5 } };
        const merged = loads(r, true, true);
        const single = loads(r, false, true);
        merged.forEach((m, p) => {
          expect(m.unroutedFlows).toBe(single[p].unroutedFlows);
          expect(m.latencyNs).toBeCloseTo(single[p].latencyNs, 9);
          for (let a = 0; a < m.bytes.length; a++)
            expect(Math.abs(m.bytes[a] - single[p].bytes[a])).toBeLessThanOrEqual(
              1e-9 * Math.max(1, single[p].bytes[a]),
            );
        });
      });

  it('failures break the symmetry the merge relies on: fewer twins', () => {
    const count = (raw: Record<string, unknown>, layer: 0 | 1) => {
      const { scenario, fabric } = setup(raw);
      const g = routingGraph(fabric, scenario, attachments(fabric, scenario.traffic.failedLinks));
      return twinClasses(g.layers[layer], g.transit).count;
    };
    const raw = FABRICS['rail-optimized, 2 SUs'];
    const broken = BROKEN['rail-optimized, 2 SUs, failed NVLinks and fabric links'];
    expect(count(broken, 1)).toBeGreaterThan(count(raw, 1));
    expect(count(broken, 0)).toBeGreaterThan(count(raw, 0));
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

/** Exact ECMP with an incidence: what the routing tests compare. */
const ECMP = { routing: 'ecmp' as Routing, seed: 1, incidence: true, maxNnz: 1e8, maxSubflows: 1 };

/** `raw` with `pattern` routed by ECMP (its failed links kept). */
const withPattern = (raw: Record<string, unknown>, pattern: string) => ({
  ...raw,
  traffic: { ...((raw.traffic as object) ?? {}), pattern, routing: 'ecmp', seed: 5 },
});

/** The routing graph of `raw`'s fabric and every phase of its traffic, aggregated. */
function phasesOf(raw: Record<string, unknown>) {
  const { scenario, fabric } = setup(raw);
  const att = attachments(fabric, scenario.traffic.failedLinks);
  const g = routingGraph(fabric, scenario, att);
  return { g, comms: demand(att, scenario).phases.map((phase) => aggregate(fabric, att, phase)) };
}

describe('ECMP routing equals plain ECMP (one full BFS per destination)', () => {
  const cases = { ...FABRICS, ...BROKEN };
  for (const [name, raw] of Object.entries(cases))
    for (const pattern of PATTERNS)
      it(`${name}, ${pattern}`, () => {
        const { g, comms } = phasesOf(withPattern(raw, pattern));
        for (const comm of comms) {
          const routed = route(g, comm, ECMP);
          const plain = plainEcmp(g, comm);
          expect(routed.unroutedFlows).toBe(plain.unroutedFlows);
          expect(routed.latencyNs).toBeCloseTo(plain.latencyNs, 9);
          for (let a = 0; a < plain.bytes.length; a++)
            expect(Math.abs(routed.bytes[a] - plain.bytes[a])).toBeLessThanOrEqual(
              1e-9 * Math.max(1, plain.bytes[a]),
            );
          // Every row: its commodity's fractions times its weight.
          const inc = routed.incidence!;
          expect(inc.rows).toBe(plain.rows.length);
          for (let row = 0; row < inc.rows; row++) {
            const want = plain.rows[routed.rowCommodity[row]];
            const got = rowSums(routed, row);
            expect(got.size).toBe(want.frac.size);
            for (const [arc, f] of want.frac) expect(got.get(arc)).toBeCloseTo(f * want.weight, 9);
          }
        }
      });
});

describe('latency with placed cables: every member pair its own worst path', () => {
  // Twins share every hop but their first and last: their cables differ. Checked against plain
  // ECMP (every commodity its own BFS, access cables added), for the three ways route() runs.
  const cases = { ...FABRICS, ...BROKEN };
  for (const [name, raw] of Object.entries(cases))
    for (const pattern of PATTERNS)
      it(`${name}, ${pattern}`, () => {
        const { scenario, fabric } = setup(withPattern(raw, pattern));
        const att = attachments(fabric, scenario.traffic.failedLinks);
        for (const seed of [7, 8]) {
          const lengthM = randomLengths(fabric.linkCount, seed);
          const g = routingGraph(fabric, scenario, att, lengthM);
          for (const phase of demand(att, scenario).phases) {
            const comm = aggregate(fabric, att, phase);
            const want = plainEcmp(g, comm, lengthM).latencyNs;
            for (const opt of [ECMP, { ...ECMP, incidence: false }, { ...ECMP, twins: false }])
              // Latencies are kept in Float32 (ns): equal to 10⁻³ ns.
              expect(route(g, comm, opt).latencyNs).toBeCloseTo(want, 3);
            // The latency alone (a solve whose loads were computed before the cables were known).
            expect(routeLatency(g, comm, ECMP)).toBeCloseTo(want, 3);
          }
        }
      });

  for (const name of ['rail-optimized, 2 SUs', 'leaf-spine, parallel links, oversubscribed', 'clos3, 2 pods'])
    it(`${name}: an all-to-all folded between leaves has the latency of its GPU pairs listed one by one`, () => {
      // The same transfers as a custom list of GPU pairs: every access link its own, no folding.
      const { scenario, fabric } = setup(withPattern(FABRICS[name], 'all-to-all'));
      const att = attachments(fabric);
      const G = att.gpuCount;
      const flows: [number, number, number][] = [];
      for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) if (a !== b) flows.push([a, b, 1]);
      const listed = { ...scenario, traffic: { ...scenario.traffic, pattern: 'custom' as const, flows } };
      // Random cables; then short ones but for one scale-up domain's GPUs, whose long links sit
      // on different leaves and never carry a pair of them (NVLink does).
      const domainLong = new Float32Array(fabric.linkCount).fill(10);
      for (let gpu = 0; gpu < G; gpu++)
        if (att.upArc[gpu] >= 0 && att.routeDomain[gpu] === att.routeDomain[0])
          domainLong[att.upArc[gpu] >> 1] = 500;
      for (const lengthM of [
        randomLengths(fabric.linkCount, 7),
        randomLengths(fabric.linkCount, 8),
        domainLong,
      ]) {
        const g = routingGraph(fabric, scenario, att, lengthM);
        const worst = (s: typeof scenario) =>
          Math.max(...demand(att, s).phases.map((p) => route(g, aggregate(fabric, att, p), ECMP).latencyNs));
        const folded = worst(scenario);
        expect(aggregate(fabric, att, demand(att, scenario).phases[0]).matrix).not.toBeNull();
        expect(folded).toBeCloseTo(worst(listed), 3);
        expect(routeLatency(g, aggregate(fabric, att, demand(att, scenario).phases[0]), ECMP)).toBeCloseTo(
          folded,
          3,
        );
      }
    });

  it("a leaf cabled far away sets the latency, though its twin class's route was searched from another leaf", () => {
    const { scenario, fabric } = setup(withPattern(FABRICS['clos3, 2 pods'], 'ring-allreduce'));
    const att = attachments(fabric);
    const leaves = [...new Set(att.attach)].sort((a, b) => a - b);
    const far = leaves[leaves.length - 1];
    const lengthM = new Float32Array(fabric.linkCount).fill(10);
    const latency = () => {
      const g = routingGraph(fabric, scenario, att, lengthM);
      const comm = aggregate(fabric, att, demand(att, scenario).phases[0]);
      const got = route(g, comm, ECMP).latencyNs;
      expect(got).toBeCloseTo(plainEcmp(g, comm, lengthM).latencyNs, 3);
      return got;
    };
    const near = latency();
    // The far leaf's uplinks (not its GPUs' cables) 1 km long: one of them on its worst path.
    for (let l = 0; l < fabric.linkCount; l++)
      if (
        (fabric.linkA[l] === far || fabric.linkB[l] === far) &&
        !att.upArc.includes(2 * l) &&
        !att.upArc.includes(2 * l + 1)
      )
        lengthM[l] = 1000;
    expect(latency() - near).toBeGreaterThanOrEqual(990 * PROPAGATION_NS_PER_M - 1e-3);
  });
});

describe('merged arcs (pieces.ts): same constraints, fewer entries', () => {
  const cases = { ...FABRICS, ...BROKEN };
  for (const [name, raw] of Object.entries(cases))
    for (const pattern of PATTERNS)
      it(`${name}, ${pattern}: exclusive arcs, tightest cap, equal max-min rates`, () => {
        const { g, comms } = phasesOf(withPattern(raw, pattern));
        for (const comm of comms) {
          const merged = route(g, comm, ECMP);
          const plain = route(g, comm, { ...ECMP, merge: false });
          const inc = merged.incidence!;
          const m = merged.merged!;
          expect(plain.merged?.count ?? 0).toBe(0);
          expect(inc.rowArc.length).toBeLessThanOrEqual(plain.incidence!.rowArc.length);
          // A merged arc's arcs appear nowhere else: not as entries, not in another merged arc.
          const owner = new Map<number, number>();
          for (let k = 0; k < m.count; k++)
            for (let q = m.first[k]; q < m.end[k]; q++) {
              expect(owner.has(m.arc[q])).toBe(false);
              owner.set(m.arc[q], k);
            }
          for (const a of inc.rowArc) expect(owner.has(a)).toBe(false);
          // Its capacity is the tightest of cap / fraction over them.
          for (let k = 0; k < m.count; k++) {
            let tightest = Infinity;
            for (let q = m.first[k]; q < m.end[k]; q++)
              tightest = Math.min(tightest, g.arcCap[m.arc[q]] / m.frac[q]);
            expect(m.cap[k]).toBeCloseTo(tightest, 9);
          }
          const a = maxMinFair(inc, incidenceCaps(g, comm, merged)).rate;
          const b = maxMinFair(plain.incidence!, incidenceCaps(g, comm, plain)).rate;
          expect(a.length).toBe(b.length);
          for (let row = 0; row < a.length; row++)
            expect(Math.abs(a[row] - b[row])).toBeLessThanOrEqual(1e-9 * Math.max(1, b[row]));
        }
      });

  it('a ring on a three-tier Clos: each row keeps a few entries instead of every ECMP arc', () => {
    const { g, comms } = phasesOf(withPattern(FABRICS['clos3, 2 pods'], 'ring-allreduce'));
    const merged = route(g, comms[0], ECMP).incidence!;
    const plain = route(g, comms[0], { ...ECMP, merge: false }).incidence!;
    let widest = 0;
    for (let row = 0; row < plain.rows; row++)
      widest = Math.max(widest, plain.rowStart[row + 1] - plain.rowStart[row]);
    expect(widest).toBeGreaterThan(20); // rows that cross the spines
    for (let row = 0; row < merged.rows; row++)
      expect(merged.rowStart[row + 1] - merged.rowStart[row]).toBeLessThanOrEqual(6);
  });

  it('all-to-all over four pods, 4:1 above the leaves: arcs shared by several templates group by column', () => {
    // A pod's spine → core arcs carry every route leaving the pod (three destination pods), each
    // spread equally over them: one group per source pod, one per destination pod; no row keeps
    // its hundreds of ECMP arcs. The oversubscription makes those groups the bottlenecks.
    const raw = {
      topology: {
        kind: 'clos3',
        gpus: 512,
        gpusPerLeaf: 16,
        leavesPerPod: 8,
        leafOversubscription: 1,
        spineOversubscription: 4,
      },
      scaleUp: { kind: 'none' },
      traffic: { pattern: 'all-to-all', routing: 'ecmp' },
    };
    const { g, comms } = phasesOf(raw);
    const comm = comms[0];
    const merged = route(g, comm, ECMP);
    const plain = route(g, comm, { ...ECMP, merge: false });
    const a = merged.incidence!;
    const b = plain.incidence!;
    let widest = 0;
    for (let row = 0; row < b.rows; row++) widest = Math.max(widest, b.rowStart[row + 1] - b.rowStart[row]);
    expect(widest).toBeGreaterThan(50);
    for (let row = 0; row < a.rows; row++)
      expect(a.rowStart[row + 1] - a.rowStart[row]).toBeLessThanOrEqual(8);
    const ra = maxMinFair(a, incidenceCaps(g, comm, merged));
    const rb = maxMinFair(b, incidenceCaps(g, comm, plain));
    let limited = 0;
    for (let row = 0; row < a.rows; row++) {
      expect(Math.abs(ra.rate[row] - rb.rate[row])).toBeLessThanOrEqual(1e-9 * rb.rate[row]);
      if (ra.rate[row] < rb.rate[0] * 2) limited++;
    }
    // A merged arc saturates: the groups do bind.
    let saturatedMerged = 0;
    for (let k = 0; k < merged.merged!.count; k++) saturatedMerged += ra.saturated[merged.merged!.base + k];
    expect(saturatedMerged).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
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

  // Offered load: one pace for every transfer, the fastest at which no GPU sends more than its
  // NIC carries out of its domain nor more than its NVLinks carry inside it.
  const nvlinkScenario = (pattern: string) =>
    setup({
      ...FABRICS['clos3, 2 pods'],
      scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
      traffic: { pattern },
    });
  /** Largest utilization per tier name, from the per-link result. */
  const maxByTier = (fabric: ReturnType<typeof build>, util: Float32Array) => {
    const out: Record<string, number> = {};
    for (let l = 0; l < fabric.linkCount; l++) {
      const t = TIERS[fabric.linkTier[l]];
      out[t] = Math.max(out[t] ?? 0, util[l]);
    }
    return out;
  };

  it('clos3 with 8-GPU NVLink domains: the NICs are full (λ = 1); NVLink carries the 7 in-domain peers', () => {
    const { scenario, fabric } = nvlinkScenario('all-to-all');
    const r = solveScenario(fabric, scenario);
    expect(r.summary.lambda).toBeCloseTo(1, 9);
    const byTier = maxByTier(fabric, r.linkUtilization);
    expect(byTier.leaf).toBeCloseTo(1, 9);
    // 248 peers outside the domain share the 400 Gb/s NIC; the 7 inside get the same pace over the
    // GPU's NVLinks (4 links, one per NVSwitch, split evenly).
    const gpu = fabric.nodeKind.indexOf(NODE_GPU);
    let nvlGbps = 0;
    for (let l = 0; l < fabric.linkCount; l++)
      if ((fabric.linkA[l] === gpu || fabric.linkB[l] === gpu) && TIERS[fabric.linkTier[l]] === 'scale-up')
        nvlGbps += fabric.linkGbps[l];
    expect(byTier['scale-up']).toBeCloseTo((7 * 400) / 248 / nvlGbps, 9);
  });

  it('clos3 with 8-GPU NVLink domains, ring all-reduce: the NIC hop sets the pace (λ = 1), not 1/8 of it', () => {
    const { scenario, fabric } = nvlinkScenario('ring-allreduce');
    const r = solveScenario(fabric, scenario);
    expect(r.summary.lambda).toBeCloseTo(1, 9);
    expect(r.summary.bottlenecks[0].tier).toBe('leaf');
    expect(maxByTier(fabric, r.linkUtilization)['scale-up']).toBeLessThan(1);
    // Rail-aligned rings give every GPU's NIC one hop out and one in: all 256 NIC links tie at 100%.
    expect(r.summary.linksAtMax).toBe(256);
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
