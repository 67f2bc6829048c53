// Compare mode: side B of a comparison scenario (scenario.compare != null) is A with the
// overrides applied (model/compare.ts sideB). Its scene comes from a second scene-worker
// instance through the same pipeline, keyed by B's hash, so a late result for an old B is
// dropped. The main store keeps side A as before; this store holds B and the compare toggles.

import { create } from 'zustand';
import { hashString, scenarioHash, type SceneResult } from '../layout/pipeline';
import { sideB } from '../model/compare';
import type { Scenario } from '../model/scenario';
import { SceneClient } from './client';

export type SidePhase = 'idle' | 'placing' | 'ready' | 'error';

export interface CompareState {
  /** Side B's scenario and hash (null outside compare mode). */
  scenarioB: Scenario | null;
  hashB: string | null;
  sceneB: SceneResult | null;
  phaseB: SidePhase;
  errorB: string | null;
  /** Highlight links where B differs from A: the user's choice, or null for automatic (view/compareDiff.ts diffShown). */
  showDiff: boolean | null;
  /** Mark links whose medium cannot reach their placed length. */
  showInfeasible: boolean;
  /** Render stats of B's canvas. */
  statsB: { drawCalls: number; triangles: number };
  setShowDiff(on: boolean | null): void;
  setShowInfeasible(on: boolean): void;
}

/** What the floor and the scene depend on: all but the traffic and the comparison. */
export const sceneKey = (s: Scenario): string =>
  hashString(JSON.stringify({ ...s, traffic: null, compare: null }));

let clientB: SceneClient | null = null;
const client = () =>
  (clientB ??= new SceneClient((d) => {
    const st = useCompare.getState();
    if (!d.ok) {
      if (d.hash && d.hash !== st.hashB) return;
      useCompare.setState({ phaseB: 'error', errorB: d.message });
      return;
    }
    if (d.result.hash !== st.hashB) return; // stale
    useCompare.setState({ sceneB: d.result, phaseB: 'ready', errorB: null });
  }));

export const useCompare = create<CompareState>()((set) => ({
  scenarioB: null,
  hashB: null,
  sceneB: null,
  phaseB: 'idle',
  errorB: null,
  showDiff: null,
  showInfeasible: true,
  statsB: { drawCalls: 0, triangles: 0 },
  setShowDiff: (on) => set({ showDiff: on }),
  setShowInfeasible: (on) => set({ showInfeasible: on }),
}));

/** Follows the main scenario: builds side B when it has a comparison, drops it when not. */
export function syncCompare(scenario: Scenario): void {
  const st = useCompare.getState();
  const b = sideB(scenario);
  if (!b) {
    if (st.scenarioB)
      useCompare.setState({ scenarioB: null, hashB: null, sceneB: null, phaseB: 'idle', showDiff: null });
    return;
  }
  const hashB = scenarioHash(b);
  if (hashB === st.hashB) return;
  const sc = st.sceneB;
  if (sc && st.scenarioB && sc.hash === st.hashB && sceneKey(st.scenarioB) === sceneKey(b)) {
    // Same floor, only what the solver reads changed: the scene stays, re-keyed to the new B.
    sc.hash = hashB;
    useCompare.setState({ scenarioB: b, hashB });
    return;
  }
  useCompare.setState({ scenarioB: b, hashB, phaseB: 'placing', errorB: null });
  client().request(hashB, b);
}
