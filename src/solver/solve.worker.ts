// The solve worker: thin on purpose. It runs solveScenario for the newest request and posts
// progress and the result back (typed arrays transferred). It holds the last fabric it was sent,
// with the traffic-independent part of its solve, for requests that send none. A prepare request
// builds that part ahead, while the app places the scene, and then solves ahead too: only the
// latency term needs the cable lengths, so the solve request that follows computes just that
// (SolveResult.withLengths). Protocol: protocol.ts.
// Vite: new Worker(new URL('./solve.worker.ts', import.meta.url), { type: 'module' }).

import type { Fabric } from '../model/fabric';
import { build } from '../model/generators';
import type { Scenario } from '../model/scenario';
import { prepare, SolveCancelled, solveScenario, type SolveResult } from './index';
import { PreparedCache } from './prepared';
import { transferables, type FromWorker, type SolveRequest, type ToWorker } from './protocol';
import { dropScratch } from './scratch';

const ctx = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

let pending: SolveRequest | null = null;
let latest = -1;
let cancelled = -1;
let scheduled = false;
/** The fabric, lengths and module latencies of the last request that carried them. */
let held: { fabric: Fabric; lengthM?: Float32Array; moduleNs?: Float32Array } | null = null;
const prepared = new PreparedCache();
/** The last prepare's key and stage times, until a solve with that key reports them. */
let ahead: { key: string; ms: Record<string, number> } | null = null;
/** The last prepare's solve, before cable lengths, until the solve with that key uses it. */
let solvedAhead: { key: string; fabric: Fabric; traffic: string; result: SolveResult } | null = null;

let toPrepare: { key: string; scenario: Scenario } | null = null;
let prepareScheduled = false;

/** Links of the last fabric solved: the scratch pool (scratch.ts) is sized for its solves. */
let pooledFor = 0;

/** Lets the memory of a large fabric's solves go when a fabric under half its size comes. */
function solvingFabric(f: Fabric): void {
  if (f.linkCount < pooledFor / 2) dropScratch();
  pooledFor = f.linkCount;
}

function prepareNewest(): void {
  prepareScheduled = false;
  const p = toPrepare;
  toPrepare = null;
  if (!p) return;
  prepareAhead(p.key, p.scenario);
  ctx.postMessage({ type: 'prepared', key: p.key });
}

/**
 * Builds the scenario's fabric and its solve's traffic-independent part, unless already held,
 * then solves it without cable lengths (unless its solve request is already waiting).
 */
function prepareAhead(key: string, scenario: Scenario): void {
  const ms: Record<string, number> = {};
  let lap = performance.now();
  const timed = <T>(stage: string, value: T): T => {
    const now = performance.now();
    ms[stage] = now - lap;
    lap = now;
    return value;
  };
  let fabric: Fabric;
  try {
    // A fabric held from an earlier solve serves if the prepared part matches it (a moved rack).
    const reuse = held && prepared.lookup(held.fabric, scenario) ? held.fabric : null;
    fabric = reuse ?? timed('build', build(scenario));
    if (!reuse) prepare(fabric, scenario, prepared, timed);
  } catch {
    // The scene worker reports a scenario that does not build; the solve would prepare again.
    ahead = null;
    return;
  }
  ahead = { key, ms };
  solvedAhead = null;
  if (pending?.key === key) return;
  try {
    solvingFabric(fabric);
    const result = solveScenario(fabric, scenario, { prepared });
    for (const [stage, v] of Object.entries(result.stageMs)) if (stage !== 'lengths') ms[stage] = v;
    solvedAhead = { key, fabric, traffic: JSON.stringify(scenario.traffic), result };
  } catch {
    // The solve request will run it again and report what fails.
  }
}

ctx.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'cancel') {
    cancelled = Math.max(cancelled, m.id);
    return;
  }
  if (m.type === 'prepare') {
    // Only the newest: prepares that queued while one ran (presets clicked through) are skipped.
    // Timers run in order, so a solve request that follows runs after its prepare.
    if (toPrepare) ctx.postMessage({ type: 'prepared', key: toPrepare.key });
    toPrepare = { key: m.key, scenario: m.scenario };
    if (!prepareScheduled) {
      prepareScheduled = true;
      setTimeout(prepareNewest, 0);
    }
    return;
  }
  latest = Math.max(latest, m.id);
  // Kept even if this request is superseded before it runs: the next one may send no fabric.
  if (m.fabric) held = { fabric: m.fabric, lengthM: m.lengthM, moduleNs: m.moduleNs };
  pending = m;
  // Let queued messages arrive first, so only the newest request runs.
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};

function run(): void {
  scheduled = false;
  const req = pending;
  pending = null;
  if (!req) return;
  const { id } = req;
  const stale = () =>
    id < latest || id <= cancelled || (!!req.cancelFlag && Atomics.load(req.cancelFlag, 0) !== 0);
  if (stale()) {
    ctx.postMessage({ type: 'cancelled', id });
    return;
  }
  if (!req.fabric && !held) {
    ctx.postMessage({ type: 'error', id, message: 'the solve worker holds no fabric to solve' });
    return;
  }
  const { fabric, lengthM, moduleNs } = req.fabric ? req : held!;
  const t0 = performance.now();
  let last = 0;
  // Solved ahead for this very scenario, on a fabric like this one: only the latency is left.
  // The traffic must match too: side B's request carries A's failed links found on B's fabric,
  // which its prepare (sent before B's fabric existed) could not know.
  const early =
    solvedAhead &&
    solvedAhead.key === req.key &&
    solvedAhead.fabric.nodeCount === fabric!.nodeCount &&
    solvedAhead.fabric.linkCount === fabric!.linkCount &&
    solvedAhead.traffic === JSON.stringify(req.scenario.traffic)
      ? solvedAhead.result
      : null;
  solvedAhead = null;
  if (!early) solvingFabric(fabric!);
  try {
    const r = early
      ? early.withLengths(lengthM, moduleNs)
      : solveScenario(fabric!, req.scenario, {
          lengthM,
          moduleNs,
          prepared,
          shouldCancel: stale,
          onProgress(fraction) {
            const now = performance.now();
            if (now - last < 50 && fraction < 1) return;
            last = now;
            ctx.postMessage({ type: 'progress', id, fraction });
          },
        });
    // The prepare for this very scenario built what the solve reused: report its times, once.
    const preparedMs = ahead && ahead.key === req.key && !('graph' in r.stageMs) ? ahead.ms : undefined;
    ahead = null;
    const flows = req.detailFlows ? r.detail(req.detailFlows) : undefined;
    const histograms = r.histograms;
    ctx.postMessage(
      {
        type: 'result',
        id,
        summary: r.summary,
        linkUtilization: r.linkUtilization,
        arcLoadGbps: r.arcLoadGbps,
        histograms,
        flows,
        solveMs: performance.now() - t0,
        stageMs: r.stageMs,
        preparedMs,
      },
      transferables(r.linkUtilization, r.arcLoadGbps, ...histograms.map((h) => h.counts)),
    );
  } catch (err) {
    if (err instanceof SolveCancelled) ctx.postMessage({ type: 'cancelled', id });
    else ctx.postMessage({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
}
