// solveScenario(): fabric + scenario → loads, utilization, λ, max-min rates, collective timing.
// One entry for the app's worker, the CLI and the tests.
//
// Load convention: the collective's bytes are offered at the pace where its busiest GPU sends at
// exactly its NIC rate; an arc's utilization is that offered rate over its capacity, so λ =
// 1 / max utilization is how far the offered traffic scales before the first arc saturates.
// Time does not depend on the convention: per phase, latency steps × worst path latency + the
// most bytes any arc carries / its capacity; phases run one after another.

import type { Fabric } from '../model/fabric';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';
import { aggregate, type Commodities } from '../traffic/aggregate';
import { attachments, type Attachments } from '../traffic/attach';
import { demand } from '../traffic';
import { routingTopology, withLengths } from './graph';
import type { Prepared, PreparedCache } from './prepared';
import { visitRow } from './pieces';
import { graphTwins, incidenceCaps, route, routeLatency, type RouteOptions, type Routed } from './route';
import { borrow, giveBack } from './scratch';
import { bottlenecks, histograms, type Bottleneck, type TierHistogram } from './stats';
import { maxMinFair } from './waterfill';

export class SolveCancelled extends Error {
  constructor() {
    super('solve cancelled');
  }
}

export interface SolveOptions {
  /** Cable length per link (m), for propagation latency. */
  lengthM?: Float32Array;
  /** Latency each link's modules add, ns per link (model/media moduleLatencyNs of the placed scene). */
  moduleNs?: Float32Array;
  onProgress?: (fraction: number) => void;
  shouldCancel?: () => boolean;
  /** Incidence entries above which max-min rates are skipped (default 40 million). */
  maxIncidence?: number;
  /** Keeps the attachments and the routing graph for the next solve of the same fabric. */
  prepared?: PreparedCache;
}

export interface SolveSummary {
  pattern: Scenario['traffic']['pattern'];
  routing: Scenario['traffic']['routing'];
  /** GPU-level transfers (member flows) over all phases. */
  flows: number;
  /** Weighted commodities they fold into. */
  commodities: number;
  maxUtilization: number;
  lambda: number;
  /** Infinity when some transfer has no route (JSON: null). */
  completionTimeS: number;
  /** 0 when the collective never completes. */
  algBwGBs: number;
  busBwGBs: number;
  /** Transfers with no route (failed links, missing links). */
  unroutedDemand: number;
  unroutedBytes: number;
  bottlenecks: Bottleneck[];
  /** Links at the maximum utilization (ties: a non-blocking fabric fills every NIC link at once). */
  linksAtMax: number;
  /** Max-min fair rate per transfer (Gb/s): smallest, mean and largest; null when skipped. */
  flowRateGbps: { min: number; mean: number; max: number } | null;
  phases: { name: string; timeS: number; latencyS: number; commodities: number }[];
  notes: string[];
}

export interface FlowDetail {
  phase: number;
  /** One member transfer's source and destination GPU (index); for a leaf pair, a GPU under each leaf. */
  srcGpu: number;
  dstGpu: number;
  /**
   * The routing endpoints (nodes) the commodity runs between: for an all-to-all folded between
   * leaves, the leaves (every GPU pair under them is a member), else the members' endpoints.
   */
  srcNode: number;
  dstNode: number;
  folded: 'gpu-pair' | 'leaf-pair';
  /** Transfers this commodity folds. */
  weight: number;
  rateGbps: number;
  bytes: number;
  /** Links of its route (every ECMP branch). */
  links: number[];
}

export interface SolveResult {
  summary: SolveSummary;
  /** Per link: the higher utilization of its two directions. */
  linkUtilization: Float32Array;
  /** Offered load per directed arc (2 per link: A→B, B→A), Gb/s; the busiest phase's. */
  arcLoadGbps: Float32Array;
  histograms: TierHistogram[];
  /** Per-commodity detail of small scenarios: the first `maxFlows` commodities. */
  detail(maxFlows: number): FlowDetail[];
  /** Wall-clock ms per stage (attach, demand, graph, aggregate, route, maxmin, stats), for the bench. */
  stageMs: Record<string, number>;
  /**
   * The same solve for other cable lengths and modules: only the latency term depends on them
   * (loads, λ and rates do not), so only it is computed again (stages: lengths, latency).
   */
  withLengths(lengthM?: Float32Array, moduleNs?: Float32Array): SolveResult;
}

interface PhaseResult {
  comm: Commodities;
  routed: Routed;
  rate: Float64Array | null;
}

/** What a phase's time is made of: latency steps × worst path latency + its bottleneck's bytes / rate. */
interface PhaseTime {
  name: string;
  steps: number;
  latencyNs: number;
  bottleneckS: number;
  commodities: number;
}

/** The collective's timing from its phases (run one after another). */
function timing(phases: PhaseTime[], sizeBytes: number, busFactor: number, complete: boolean) {
  let time = 0;
  const out: SolveSummary['phases'] = phases.map((p) => {
    const latencyS = p.steps * p.latencyNs * 1e-9;
    time += latencyS + p.bottleneckS;
    return { name: p.name, timeS: latencyS + p.bottleneckS, latencyS, commodities: p.commodities };
  });
  const algBwGBs = complete && time > 0 ? sizeBytes / time / 1e9 : 0;
  return {
    completionTimeS: complete ? time : Infinity,
    algBwGBs,
    busBwGBs: algBwGBs * busFactor,
    phases: out,
  };
}

/** Adds the load of virtual (aggregated access) arcs to the physical arcs behind them. */
function foldVirtual(c: Commodities, bytes: Float64Array): void {
  const v = c.virtualArcs;
  for (let i = 0; i < v.count; i++) {
    const b = bytes[v.base + i];
    for (let k = v.start[i]; k < v.start[i + 1]; k++) bytes[v.arcs[k]] += b * v.share[k];
  }
}

/**
 * What a solve of this fabric needs whatever the traffic and the placement: attachments, the
 * routing topology and its twin classes; kept in `cache` when given. A worker calls it ahead,
 * while the scene is placed.
 */
export function prepare(
  fabric: Fabric,
  scenario: Scenario,
  cache?: PreparedCache,
  timed: <T>(stage: string, value: T) => T = (_, v) => v,
): Prepared {
  const att = timed('attach', attachments(fabric, scenario.traffic.failedLinks));
  const g = timed('graph', routingTopology(fabric, scenario, att));
  timed('twins', graphTwins(g));
  const prep = { att, g };
  cache?.store(fabric, scenario, prep);
  return prep;
}

export function solveScenario(fabric: Fabric, scenario: Scenario, options: SolveOptions = {}): SolveResult {
  const t = scenario.traffic;
  // Between stages and every few destinations the solve asks whether to go on, so a worker can
  // drop a stale solve at once (SolveCancelled) instead of being terminated.
  const checkCancel = () => {
    if (options.shouldCancel?.()) throw new SolveCancelled();
  };
  const stageMs: Record<string, number> = {};
  let lap = performance.now();
  const timed = <T>(stage: string, value: T): T => {
    const now = performance.now();
    stageMs[stage] = (stageMs[stage] ?? 0) + now - lap;
    lap = now;
    return value;
  };
  const { att, g: topology } =
    options.prepared?.lookup(fabric, scenario) ?? prepare(fabric, scenario, options.prepared, timed);
  checkCancel();
  const g = timed('lengths', withLengths(topology, options.lengthM, options.moduleNs));
  const coll = timed('demand', demand(att, scenario));
  checkCancel();
  const nic = resolveCatalog(scenario).gpu.nicGbps;
  const notes = [...coll.notes];
  if (att.failedCount)
    notes.push(`${att.failedCount} failed ${att.failedCount === 1 ? 'link' : 'links'} excluded from routing`);
  const unknown = att.failedUnknown;
  if (unknown.length)
    notes.push(
      `traffic.failedLinks: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''} ${unknown.length === 1 ? 'is not a link' : 'are not links'} of this fabric (0–${fabric.linkCount - 1}); ignored`,
    );
  const A = g.arcCount;
  // Offered load per arc, the most over the phases; only its Float32 copy is kept.
  const arcLoad = borrow(Float64Array, A);
  const phases: PhaseResult[] = [];
  const phaseTimes: PhaseTime[] = [];
  let flows = 0;
  let commodities = 0;
  let unroutedFlows = 0;
  let unroutedBytes = 0;
  let rateMin = Infinity;
  let rateMax = 0;
  let rateSum = 0;
  let rateCount = 0;
  let ratesComplete = true;
  const P = coll.phases.length;
  let destinations = 0;
  coll.phases.forEach((phase, pi) => {
    checkCancel();
    const comm = timed('aggregate', aggregate(fabric, att, phase));
    checkCancel();
    const routed = timed(
      'route',
      route(g, comm, {
        ...routeOptions(t, comm, options),
        onDestination(done, total) {
          if ((++destinations & 15) === 0) {
            checkCancel();
            options.onProgress?.((pi + (0.9 * done) / total) / P);
          }
        },
      }),
    );
    let rate: Float64Array | null = null;
    if (routed.incidence) {
      const cap = incidenceCaps(g, comm, routed);
      checkCancel();
      rate = timed(
        'maxmin',
        maxMinFair(routed.incidence, cap, () => {
          checkCancel();
          return false;
        }).rate,
      );
      giveBack(cap);
      const w = routed.incidence.rowWeight;
      for (let r = 0; r < rate.length; r++) {
        if (!Number.isFinite(rate[r])) continue;
        rateMin = Math.min(rateMin, rate[r]);
        rateMax = Math.max(rateMax, rate[r]);
        rateSum += rate[r] * w[r];
        rateCount += w[r];
      }
    } else ratesComplete = false;
    foldVirtual(comm, routed.bytes);
    let bottleneckS = 0;
    // Offered load: every transfer at one pace, the fastest at which no GPU sends more than its
    // NIC carries out of its domain, nor more than its scale-up links carry inside it.
    const perGbps = Math.max(comm.egressMaxBytes / nic, comm.domainBytesPerGbps);
    const scale = perGbps > 0 ? 1 / perGbps : 0;
    for (let a = 0; a < A; a++) {
      const b = routed.bytes[a];
      if (b === 0) continue;
      const s = (b * 8) / (g.arcCap[a] * 1e9);
      if (s > bottleneckS) bottleneckS = s;
      const offered = b * scale;
      if (offered > arcLoad[a]) arcLoad[a] = offered;
    }
    const phaseCommodities = comm.count + (comm.matrix ? countPositive(comm.matrix.weight) : 0);
    flows += comm.flows;
    commodities += phaseCommodities;
    unroutedFlows += routed.unroutedFlows;
    unroutedBytes += routed.unroutedBytes;
    phaseTimes.push({
      name: phase.name,
      steps: phase.steps,
      latencyNs: routed.latencyNs,
      bottleneckS,
      commodities: phaseCommodities,
    });
    phases.push({ comm, routed, rate });
    timed('stats', null);
  });
  options.onProgress?.(0.95);

  const linkUtilization = new Float32Array(fabric.linkCount);
  let maxU = 0;
  for (let l = 0; l < fabric.linkCount; l++) {
    const cap = fabric.linkGbps[l];
    const u = Math.max(arcLoad[2 * l], arcLoad[2 * l + 1]) / cap;
    linkUtilization[l] = u;
    if (u > maxU) maxU = u;
  }
  if (!ratesComplete)
    notes.push(
      'max-min fair rates not computed: too many flow–link pairs at this size (loads, λ and time are exact)',
    );
  if (flows === 0 && notes.length === 0)
    notes.push('no GPU sends anything under this pattern and parallelism mapping: nothing to solve');
  // A transfer without a route never arrives: the collective never completes.
  const complete = unroutedFlows === 0;
  if (!complete)
    notes.push(
      `${unroutedFlows === 1 ? '1 transfer has' : `${unroutedFlows} transfers have`} no route: the collective never completes (loads and λ are those of the routed transfers)`,
    );
  const summary: SolveSummary = {
    pattern: t.pattern,
    routing: t.routing,
    flows,
    commodities,
    maxUtilization: maxU,
    lambda: maxU > 0 ? 1 / maxU : Infinity,
    ...timing(phaseTimes, coll.sizeBytes, coll.busFactor, complete),
    unroutedDemand: unroutedFlows,
    unroutedBytes,
    bottlenecks: bottlenecks(fabric, linkUtilization),
    linksAtMax: countAtLeast(linkUtilization, maxU * (1 - 1e-6)),
    flowRateGbps:
      ratesComplete && rateCount > 0 ? { min: rateMin, mean: rateSum / rateCount, max: rateMax } : null,
    notes,
  };
  options.onProgress?.(1);
  timed('stats', null);
  const result: SolveResult = {
    summary,
    linkUtilization,
    arcLoadGbps: Float32Array.from(arcLoad),
    histograms: histograms(fabric, linkUtilization, att.alive),
    detail: (maxFlows) => detail(phases, att, A, maxFlows),
    stageMs,
    withLengths(lengthM, moduleNs) {
      const t0 = performance.now();
      const placed = withLengths(topology, lengthM, moduleNs);
      const t1 = performance.now();
      const again = phases.map(({ comm }, pi) => ({
        ...phaseTimes[pi],
        latencyNs: routeLatency(placed, comm, {
          ...routeOptions(t, comm, options),
          onDestination: undefined,
        }),
      }));
      const t2 = performance.now();
      return {
        ...result,
        summary: { ...summary, ...timing(again, coll.sizeBytes, coll.busFactor, complete) },
        stageMs: { lengths: t1 - t0, latency: t2 - t1 },
      };
    },
  };
  giveBack(arcLoad);
  return result;
}

/** How a phase's commodities are routed (the same for its loads and, alone, its latency). */
function routeOptions(t: Scenario['traffic'], comm: Commodities, options: SolveOptions): RouteOptions {
  return {
    routing: t.routing,
    seed: t.seed,
    // A leaf-to-leaf matrix past ~200k entries spans most of the fabric per entry: loads only.
    incidence: !comm.matrix || comm.matrix.K ** 2 <= 2e5,
    maxNnz: options.maxIncidence ?? 40e6,
    maxSubflows: comm.matrix ? Math.max(1, Math.floor(4e6 / Math.max(1, comm.matrix.K ** 2))) : 1e9,
  };
}

function countAtLeast(u: Float32Array, min: number): number {
  if (!(min > 0)) return 0;
  let n = 0;
  for (let i = 0; i < u.length; i++) if (u[i] >= min) n++;
  return n;
}

function countPositive(w: Float32Array): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) if (w[i] > 0) n++;
  return n;
}

function detail(phases: PhaseResult[], att: Attachments, physArcs: number, maxFlows: number): FlowDetail[] {
  const out: FlowDetail[] = [];
  phases.forEach(({ comm, routed, rate }, phase) => {
    const inc = routed.incidence;
    if (!inc || !rate) return;
    const byCommodity = new Map<number, FlowDetail>();
    for (let r = 0; r < inc.rows && out.length < maxFlows; r++) {
      const c = routed.rowCommodity[r];
      let d = byCommodity.get(c);
      if (!d) {
        const m = comm.matrix;
        const k = c - comm.count;
        const list = c < comm.count;
        const [ca, cb] = list ? [0, 0] : [matrixEntry(m!.weight, k, 0), matrixEntry(m!.weight, k, 1)];
        d = {
          phase,
          srcGpu: list ? comm.srcGpu[c] : m!.gpu[ca],
          dstGpu: list ? comm.dstGpu[c] : m!.gpu[cb],
          srcNode: list ? comm.src[c] : m!.node[ca],
          dstNode: list ? comm.dst[c] : m!.node[cb],
          folded: list ? 'gpu-pair' : 'leaf-pair',
          weight: 0,
          rateGbps: 0,
          bytes: 0,
          links: [],
        };
        byCommodity.set(c, d);
        out.push(d);
      }
      const w = inc.rowWeight[r];
      // Mean rate over the rows of a commodity split into hashed sub-flows.
      d.rateGbps = (d.rateGbps * d.weight + rate[r] * w) / (d.weight + w);
      d.weight += w;
      const links = new Set(d.links);
      const { srcGpu, dstGpu } = d;
      visitRow(inc, routed.merged, r, (a) => {
        if (a < physArcs) links.add(a >> 1);
        // A leaf's aggregated access arcs (up, down in pairs) stand for this member's own.
        else links.add(((a - physArcs) % 2 === 0 ? att.upArc[srcGpu] : att.downArc[dstGpu]) >> 1);
      });
      d.links = [...links];
    }
    for (const [c, d] of byCommodity)
      d.bytes = c < comm.count ? comm.bytes[c] : d.weight * (comm.matrix?.bytesPerMember ?? 0);
  });
  return out;
}

/** Source (which = 0) or destination class of the k-th positive matrix entry. */
function matrixEntry(w: Float32Array, k: number, which: 0 | 1): number {
  const K = Math.round(Math.sqrt(w.length));
  for (let i = 0, n = 0; i < w.length; i++)
    if (w[i] > 0 && n++ === k) return which === 0 ? Math.floor(i / K) : i % K;
  return 0;
}
