// Solving in the browser: after each scene result for the current scenario hash, the solve
// worker runs on the scene's fabric and cable lengths (side A, and side B in compare mode).
// Results are kept by scenario hash; one that arrives for a hash that is no longer current is
// kept for later but never painted. Phases of the main store: ready → solving → solved.
// Also the scenario edits the solve panels make (traffic, failed links, starting a comparison):
// when only what the solver reads changed, the placed scene stays and is re-keyed to the new
// hash, so the camera, selection and floor stay put and only the solve reruns.

import { create } from 'zustand';
import { scenarioHash, type SceneResult } from '../layout/pipeline';
import { sideA } from '../model/compare';
import { matchLinksCached } from '../model/linkMatch';
import { moduleLatencyNs } from '../model/media';
import { restore } from '../model/restore';
import type { Scenario } from '../model/scenario';
import type { SolveSummary } from '../solver';
import type { ResultMessage } from '../solver/protocol';
import type { TierHistogram } from '../solver/stats';
import { sceneKey, syncCompare, useCompare } from './compare';
import { SolveClient } from './solveClient';
import { useStore } from './store';

export type Side = 'a' | 'b';

export interface SolveEntry {
  hash: string;
  summary: SolveSummary;
  linkUtilization: Float32Array;
  histograms: TierHistogram[];
  /** Time inside the worker. */
  solveMs: number;
  /** Of which per stage (no attach and graph stages when the worker reused them). */
  stageMs: Record<string, number>;
  /** Per stage, the work the worker did ahead of this solve, while the scene was placed. */
  preparedMs: Record<string, number> | null;
  /** From the request to the result on the main thread. */
  wallMs: number;
  /** Since the page started loading, when the result landed. */
  atMs: number;
}

export interface SideSolve {
  /** Hash being (or last) solved. */
  hash: string | null;
  /** 0…1 while solving, null when idle. */
  progress: number | null;
  error: string | null;
}

export interface SolveState {
  /** Solver results by scenario hash (a few recent ones). */
  results: Record<string, SolveEntry>;
  a: SideSolve;
  b: SideSolve;
  /** Solves superseded before they finished (worker restarted). */
  superseded: number;
}

const KEEP = 6;
const idle: SideSolve = { hash: null, progress: null, error: null };

export const useSolve = create<SolveState>()(() => ({ results: {}, a: idle, b: idle, superseded: 0 }));

const started: Record<string, number> = {};

function setSide(side: Side, patch: Partial<SideSolve>) {
  useSolve.setState((s) => ({ [side]: { ...s[side], ...patch } }) as Partial<SolveState>);
}

function keep(entry: SolveEntry) {
  useSolve.setState((s) => {
    const results = { ...s.results, [entry.hash]: entry };
    const keys = Object.keys(results);
    // Drop the oldest, but never the current sides' results.
    const cur = new Set([useStore.getState().hash, useCompare.getState().hashB]);
    for (const k of keys.slice(0, Math.max(0, keys.length - KEEP))) if (!cur.has(k)) delete results[k];
    return { results };
  });
}

function makeClient(side: Side): SolveClient {
  const c: SolveClient = new SolveClient({
    progress(key, fraction) {
      if (useSolve.getState()[side].hash === key) setSide(side, { progress: fraction });
    },
    result(key, msg: ResultMessage) {
      const now = performance.now();
      const entry: SolveEntry = {
        hash: key,
        summary: msg.summary,
        linkUtilization: msg.linkUtilization,
        histograms: msg.histograms,
        solveMs: msg.solveMs,
        stageMs: msg.stageMs,
        preparedMs: msg.preparedMs ?? null,
        wallMs: now - (started[key] ?? now),
        atMs: now,
      };
      keep(entry);
      useSolve.setState({ superseded: clients.a.restarts + clients.b.restarts });
      if (useSolve.getState()[side].hash === key) setSide(side, { progress: null, error: null });
      if (side === 'a') applyA();
    },
    error(key, message) {
      if (useSolve.getState()[side].hash !== key) return;
      setSide(side, { progress: null, error: message });
      if (side === 'a') {
        const st = useStore.getState();
        if (st.hash === key && (st.phase === 'solving' || st.phase === 'solved'))
          useStore.setState({ phase: 'ready' });
      }
    },
  });
  return c;
}

const clients = { a: makeClient('a'), b: makeClient('b') };

/** Paints A's result if it is for the current scenario and scene. */
function applyA(): void {
  const st = useStore.getState();
  const entry = useSolve.getState().results[st.hash];
  if (!entry || !st.scene || st.scene.hash !== st.hash) return;
  if (st.utilizationHash !== st.hash || st.linkUtilization !== entry.linkUtilization) {
    const prevMode = st.colorMode;
    const hadUtil = st.linkUtilization !== null;
    st.setLinkUtilization(entry.linkUtilization, entry.solveMs);
    // The first solve of a fabric switches to utilization; later ones keep the user's choice.
    if (hadUtil && prevMode !== 'utilization') useStore.getState().setColorMode(prevMode);
  }
  const phase = useStore.getState().phase;
  if (phase === 'ready' || phase === 'solving') useStore.setState({ phase: 'solved' });
}

/** Module latency per link of a placed scene (its media), once per scene object. */
const moduleNsByScene = new WeakMap<SceneResult, Float32Array>();
function modulesOf(sc: SceneResult): Float32Array {
  let ns = moduleNsByScene.get(sc);
  if (!ns) moduleNsByScene.set(sc, (ns = moduleLatencyNs(sc.analysis.media)));
  return ns;
}

function requestA(): void {
  const st = useStore.getState();
  const sc = st.scene;
  if (!sc || sc.hash !== st.hash) return;
  if (useSolve.getState().results[st.hash]) {
    setSide('a', { hash: st.hash, progress: null, error: null });
    applyA();
    return;
  }
  if (useSolve.getState().a.hash === st.hash && useSolve.getState().a.progress !== null) return;
  started[st.hash] = performance.now();
  setSide('a', { hash: st.hash, progress: 0, error: null });
  try {
    clients.a.solve(st.hash, sideA(st.scenario), sc.fabric, sc.analysis.lengthM, modulesOf(sc));
  } catch (e) {
    setSide('a', {
      progress: null,
      error: `the solve could not start: ${e instanceof Error ? e.message : e}`,
    });
  }
}

/** Runs the current scenario's solve again (after a failure). */
export function retrySolve(): void {
  const st = useStore.getState();
  if (st.phase === 'ready') useStore.setState({ phase: 'solving' });
  requestA();
}

/**
 * Side A's failed links on side B's fabric, matched by device names (B may be another fabric,
 * where the same index is another cable). Null until both scenes are current.
 */
export function failedLinksOnB(): { links: number[] } | null {
  const st = useStore.getState();
  const cs = useCompare.getState();
  const failed = st.scenario.traffic.failedLinks;
  if (!failed.length) return { links: [] };
  if (!st.scene || st.scene.hash !== st.hash || !cs.sceneB || cs.sceneB.hash !== cs.hashB) return null;
  const matched = matchLinksCached(st.scene.fabric, cs.sceneB.fabric, failed);
  return { links: [...matched].filter((l) => l >= 0) };
}

function requestB(): void {
  const cs = useCompare.getState();
  const sc = cs.sceneB;
  if (!sc || !cs.hashB || !cs.scenarioB || sc.hash !== cs.hashB) return;
  // Failed links need A's fabric to be found on B's: asked again when A's scene lands.
  const onB = failedLinksOnB();
  if (!onB) return;
  if (useSolve.getState().results[cs.hashB]) {
    setSide('b', { hash: cs.hashB, progress: null, error: null });
    return;
  }
  if (useSolve.getState().b.hash === cs.hashB && useSolve.getState().b.progress !== null) return;
  started[cs.hashB] = performance.now();
  setSide('b', { hash: cs.hashB, progress: 0, error: null });
  try {
    const scenarioB = { ...cs.scenarioB, traffic: { ...cs.scenarioB.traffic, failedLinks: onB.links } };
    clients.b.solve(cs.hashB, scenarioB, sc.fabric, sc.analysis.lengthM, modulesOf(sc));
  } catch (e) {
    setSide('b', {
      progress: null,
      error: `the solve could not start: ${e instanceof Error ? e.message : e}`,
    });
  }
}

let startedSolver = false;

/** Wires the solver to the stores (call once at startup). */
export function startSolver(): void {
  if (startedSolver) return;
  startedSolver = true;
  useStore.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario) syncCompare(s.scenario);
    if ((s.scene !== prev.scene || s.hash !== prev.hash) && s.scene && s.scene.hash === s.hash) {
      requestA();
      // Side B waits for A's fabric when links are failed (failedLinksOnB).
      if (s.scenario.compare && s.scenario.traffic.failedLinks.length) requestB();
    }
    if (
      s.hash !== prev.hash &&
      useSolve.getState().a.hash !== s.hash &&
      useSolve.getState().a.progress !== null
    ) {
      // The scenario moved on before its scene arrived: the running solve is stale.
      clients.a.cancel();
      setSide('a', { progress: null });
    }
    // A new scene is on its way: the solve worker builds the fabric's routing graph meanwhile
    // (unless this scenario was solved before: its result is kept).
    if (s.hash !== prev.hash && s.scene?.hash !== s.hash && !useSolve.getState().results[s.hash])
      clients.a.prepare(s.hash, sideA(s.scenario));
    if (s.phase === 'ready' && prev.phase !== 'ready') {
      const sv = useSolve.getState();
      if (sv.results[s.hash]) applyA();
      else if (sv.a.hash === s.hash && sv.a.progress !== null) useStore.setState({ phase: 'solving' });
    }
  });
  useCompare.subscribe((s, prev) => {
    if (s.sceneB !== prev.sceneB || s.hashB !== prev.hashB) {
      if (!s.hashB) {
        clients.b.cancel();
        setSide('b', idle);
      } else requestB();
    }
    // Side B's scene is on its way: its worker builds B's routing graph meanwhile (as for A).
    // Not with failed links: they are A's link numbers until B's fabric is there to find them on.
    if (
      s.hashB &&
      s.scenarioB &&
      !s.scenarioB.traffic.failedLinks.length &&
      s.hashB !== prev.hashB &&
      s.sceneB?.hash !== s.hashB &&
      !useSolve.getState().results[s.hashB]
    )
      clients.b.prepare(s.hashB, s.scenarioB);
  });
  const st = useStore.getState();
  syncCompare(st.scenario);
  if (st.scene && st.scene.hash === st.hash) requestA();
  else if (st.hash) clients.a.prepare(st.hash, sideA(st.scenario));
}

/** The current result of a side, if solved for its current hash. */
export function currentResult(side: Side): SolveEntry | null {
  const hash = side === 'a' ? useStore.getState().hash : useCompare.getState().hashB;
  return (hash && useSolve.getState().results[hash]) || null;
}

/**
 * Applies a scenario edit through restore() and returns the scenario applied (clamped and
 * repaired). When the floor does not change (traffic, failed links, comparison), the placed
 * scene is kept and re-keyed, and only the solve reruns. The banner then reads this edit's
 * problems only: those of an earlier edit or of the opened link no longer describe what is shown.
 */
export function editScenario(next: Scenario): Scenario {
  const st = useStore.getState();
  const { scenario, problems } = restore(next);
  const hash = scenarioHash(scenario);
  if (hash === st.hash) {
    // Repaired back to the current scenario (a value out of range clamped to the one in use):
    // nothing reruns, but the field is still named.
    useStore.setState({ problems });
    return st.scenario;
  }
  const sc = st.scene;
  const settled = st.phase === 'ready' || st.phase === 'solving' || st.phase === 'solved';
  if (sc && sc.hash === st.hash && settled && sceneKey(scenario) === sceneKey(st.scenario)) {
    sc.hash = hash;
    useStore.setState({ scenario, hash, drawnHash: hash, phase: 'solving', problems });
    return scenario;
  }
  st.open(scenario, st.presetId, problems);
  return scenario;
}

export function setTraffic(patch: Partial<Scenario['traffic']>): Scenario {
  const s = useStore.getState().scenario;
  return editScenario({ ...s, traffic: { ...s.traffic, ...patch } });
}

/** The links a pick stands for: a link, a bundle's members, or every link of a device. */
export function linksOfPick(): number[] {
  const st = useStore.getState();
  const sel = st.selection;
  const sc = st.scene;
  if (!sel || !sc) return [];
  const f = sc.fabric;
  if (sel.kind === 'link') return [sel.id];
  if (sel.kind === 'bundle') {
    const b = sc.geometry.bundles;
    return [...b.members.subarray(b.memberStart[sel.id], b.memberStart[sel.id + 1])];
  }
  if (sel.kind === 'node') {
    const out: number[] = [];
    for (let l = 0; l < f.linkCount; l++) if (f.linkA[l] === sel.id || f.linkB[l] === sel.id) out.push(l);
    return out;
  }
  return [];
}

/** Takes links out of service and reruns the solve. */
export function failLinks(links: number[]): number {
  const s = useStore.getState().scenario;
  const set = new Set(s.traffic.failedLinks);
  const before = set.size;
  for (const l of links) if (set.size < 10_000) set.add(l);
  if (set.size === before) return 0;
  setTraffic({ failedLinks: [...set].sort((a, b) => a - b) });
  return set.size - before;
}

/** Puts links back in service (all of them when none are named). */
export function restoreLinks(links?: number[]): void {
  const s = useStore.getState().scenario;
  const drop = new Set(links ?? s.traffic.failedLinks);
  setTraffic({ failedLinks: s.traffic.failedLinks.filter((l) => !drop.has(l)) });
}

/** Starts a comparison from the current scenario: B is A with `overrides`. */
export function startCompare(c: NonNullable<Scenario['compare']>): void {
  const s = useStore.getState().scenario;
  editScenario({ ...s, compare: c });
  useStore.getState().fit();
}

export function endCompare(): void {
  const s = useStore.getState().scenario;
  editScenario({ ...s, compare: null });
  useStore.getState().fit();
}
