// The one store: the scenario a user edits, its problems, and the scene derived from it in the
// worker (keyed by the scenario's hash, so a late result for an old scenario is dropped), plus
// view state: selection, hover, tier visibility, link colouring, overlays and render stats.

import { create } from 'zustand';
import { scenarioHash, type SceneResult } from '../layout/pipeline';
import { TIERS } from '../model/fabric';
import { restore } from '../model/restore';
import type { Problem, Scenario } from '../model/scenario';
import { SceneClient } from './client';
import { DEFAULT_PRESET, PRESETS } from './presets';

/**
 * Where the app is. "placing": the worker builds and places the scenario; "ready": the scene is
 * placed and its first frame drawn; "error": the worker failed (the last good scene stays).
 * Later phases (solving / solved) extend this union.
 */
export type Phase = 'loading' | 'placing' | 'ready' | 'error' | 'solving' | 'solved';

/** Something under the pointer or selected: a node (GPU, switch), a server, a rack, a link or a bundle. */
export type PickKind = 'node' | 'server' | 'rack' | 'link' | 'bundle';
export interface Pick {
  kind: PickKind;
  id: number;
}

export type ColorMode = 'medium' | 'tier' | 'utilization';

export interface RenderStats {
  drawCalls: number;
  triangles: number;
  lines: number;
  fps: number;
  frameMs: number;
}

export interface FabricState {
  presetId: string | null;
  scenario: Scenario;
  problems: Problem[];
  /** Hash of the current scenario: the key derived results must match. */
  hash: string;
  phase: Phase;
  error: string | null;
  /** The latest scene from the worker (may lag the scenario while a new one is placed). */
  scene: SceneResult | null;
  /** Hash of the scene of the last drawn frame. */
  drawnHash: string | null;
  selection: Pick | null;
  hover: (Pick & { x: number; y: number }) | null;
  tierVisible: boolean[];
  colorMode: ColorMode;
  /** Utilization per link (0…1+), for the scene of `utilizationHash`; the solver fills it. */
  linkUtilization: Float32Array | null;
  utilizationHash: string | null;
  solveMs: number | null;
  hud: boolean;
  help: boolean;
  dragMode: boolean;
  stats: RenderStats;
  /** Bumped to ask the camera to fit the whole cluster, or to fly to the selection. */
  fitRequest: number;
  flyRequest: number;

  open(raw: unknown, presetId: string | null, extraProblems?: Problem[]): void;
  openPreset(id: string): void;
  dismissProblems(): void;
  /** Moves a rack (metres on the floor) and pins it there in the scenario. */
  pinRack(rack: number, x: number, z: number): void;
  unpinAll(): void;
  select(p: Pick | null, fly?: boolean): void;
  setHover(h: FabricState['hover']): void;
  toggleTier(tier: number): void;
  setColorMode(m: ColorMode): void;
  /** Colours links by utilization (one value per link of the current scene); null goes back. */
  setLinkUtilization(util: Float32Array | null, solveMs?: number | null): void;
  toggleHud(on?: boolean): void;
  toggleHelp(on?: boolean): void;
  toggleDragMode(on?: boolean): void;
  fit(): void;
  flyToSelection(): void;
  markDrawn(hash: string): void;
  setStats(s: Partial<RenderStats>): void;
}

const client = new SceneClient((d) => {
  const st = useStore.getState();
  if (!d.ok) {
    if (d.hash && d.hash !== st.hash) return;
    useStore.setState({ phase: 'error', error: d.message });
    return;
  }
  if (d.result.hash !== st.hash) return; // stale: the scenario changed since
  const sameFabric = st.scene?.fabricKey === d.result.fabricKey;
  useStore.setState({
    scene: d.result,
    phase: 'placing',
    error: null,
    ...(sameFabric ? {} : { selection: null, hover: null, linkUtilization: null, utilizationHash: null }),
  });
});

function request(s: Scenario): { hash: string } {
  const hash = scenarioHash(s);
  client.request(hash, s);
  return { hash };
}

export const useStore = create<FabricState>()((set, get) => {
  const initial = restore(PRESETS.get(DEFAULT_PRESET));
  return {
    presetId: DEFAULT_PRESET,
    scenario: initial.scenario,
    problems: initial.problems,
    hash: scenarioHash(initial.scenario),
    phase: 'loading',
    error: null,
    scene: null,
    drawnHash: null,
    selection: null,
    hover: null,
    tierVisible: TIERS.map(() => true),
    colorMode: 'medium',
    linkUtilization: null,
    utilizationHash: null,
    solveMs: null,
    hud: false,
    help: false,
    dragMode: false,
    stats: { drawCalls: 0, triangles: 0, lines: 0, fps: 0, frameMs: 0 },
    fitRequest: 0,
    flyRequest: 0,

    open(raw, presetId, extraProblems = []) {
      const { scenario, problems } = restore(raw);
      const { hash } = request(scenario);
      set({
        scenario,
        presetId,
        problems: [...extraProblems, ...problems],
        hash,
        phase: 'placing',
        error: null,
      });
    },
    openPreset(id) {
      if (PRESETS.has(id)) get().open(PRESETS.get(id), id);
      else
        get().open(PRESETS.get(DEFAULT_PRESET), DEFAULT_PRESET, [
          { path: 'scene', message: `no preset named "${id}"; the default opened` },
        ]);
    },
    dismissProblems() {
      set({ problems: [] });
    },
    pinRack(rack, x, z) {
      const s = get().scenario;
      const pinned = { ...s.floor.pinned, [String(rack)]: [x, z] as [number, number] };
      const { scenario, problems } = restore({ ...s, floor: { ...s.floor, pinned } });
      const { hash } = request(scenario);
      set({ scenario, hash, phase: 'placing', ...(problems.length ? { problems } : {}) });
    },
    unpinAll() {
      const s = get().scenario;
      const scenario = { ...s, floor: { ...s.floor, pinned: {} } };
      const { hash } = request(scenario);
      set({ scenario, hash, phase: 'placing' });
    },
    select(p, fly = false) {
      set((st) => ({ selection: p, flyRequest: fly && p ? st.flyRequest + 1 : st.flyRequest }));
    },
    setHover(h) {
      const cur = get().hover;
      if (h === cur || (h && cur && h.kind === cur.kind && h.id === cur.id && h.x === cur.x && h.y === cur.y))
        return;
      set({ hover: h });
    },
    toggleTier(tier) {
      set((st) => ({ tierVisible: st.tierVisible.map((v, i) => (i === tier ? !v : v)) }));
    },
    setColorMode(m) {
      set({ colorMode: m });
    },
    setLinkUtilization(util, solveMs = null) {
      const st = get();
      if (util && st.scene && util.length !== st.scene.fabric.linkCount) return;
      set({
        linkUtilization: util,
        utilizationHash: util ? st.hash : null,
        colorMode: util ? 'utilization' : st.colorMode === 'utilization' ? 'medium' : st.colorMode,
        solveMs,
      });
    },
    toggleHud(on) {
      set((st) => ({ hud: on ?? !st.hud }));
    },
    toggleHelp(on) {
      set((st) => ({ help: on ?? !st.help }));
    },
    toggleDragMode(on) {
      set((st) => ({ dragMode: on ?? !st.dragMode }));
    },
    fit() {
      set((st) => ({ fitRequest: st.fitRequest + 1 }));
    },
    flyToSelection() {
      if (get().selection) set((st) => ({ flyRequest: st.flyRequest + 1 }));
    },
    markDrawn(hash) {
      const st = get();
      if (st.drawnHash === hash && st.phase === 'ready') return;
      set({ drawnHash: hash, phase: hash === st.hash && st.phase === 'placing' ? 'ready' : st.phase });
    },
    setStats(s) {
      set((st) => ({ stats: { ...st.stats, ...s } }));
    },
  };
});

/** Starts work on the initial scenario (call once at startup, after any ?scene= choice). */
export function startStore(): void {
  const st = useStore.getState();
  if (st.phase === 'loading') {
    const { hash } = request(st.scenario);
    useStore.setState({ hash, phase: 'placing' });
  }
}
