// window.fabricscope additions for the solver and compare mode (browser tests, benchmarks):
// the solve state and summary, side B, both views' camera poses and a link's drawn colour.

import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { useStore } from '../state/store';
import { cameraPoses, type CameraPose, type ViewSide } from './cameraSync';
import { linkIndex } from './picking';
import { registry } from './registry';

export interface SolveApi {
  solve(): {
    hash: string;
    phase: string;
    progress: number | null;
    error: string | null;
    solved: boolean;
    solveMs: number | null;
    /** Per stage; no graph stage when the worker reused the fabric's routing graph. */
    solveStages: Record<string, number> | null;
    /** Per stage, what the worker built ahead, while the scene was placed (null: nothing reused). */
    preparedStages: Record<string, number> | null;
    wallMs: number | null;
    atMs: number | null;
    lambda: number | null;
    maxUtilization: number | null;
    completionTimeS: number | null;
    busBwGBs: number | null;
    unroutedDemand: number | null;
    bottlenecks: number[];
    failedLinks: number[];
    superseded: number;
  };
  compare(): {
    active: boolean;
    hashB: string | null;
    phaseB: string;
    solvedB: boolean;
    linksB: number;
    drawCallsA: number;
    drawCallsB: number;
    lambdaB: number | null;
    atMsB: number | null;
    /** Side B's solve stages, and what its worker built ahead while B's scene was placed. */
    solveStagesB: Record<string, number> | null;
    preparedStagesB: Record<string, number> | null;
  };
  cameraPoses(): Record<ViewSide, CameraPose | null>;
  /** RGB (0–255) the main view draws a link in (its single-cable batch), or null. */
  linkColor(link: number): [number, number, number] | null;
}

export function installSolveApi(): void {
  const api: SolveApi = {
    solve() {
      const st = useStore.getState();
      const sv = useSolve.getState();
      const r = sv.results[st.hash];
      return {
        hash: st.hash,
        phase: st.phase,
        progress: sv.a.hash === st.hash ? sv.a.progress : null,
        error: sv.a.hash === st.hash ? sv.a.error : null,
        solved: !!r,
        solveMs: r?.solveMs ?? null,
        solveStages: r?.stageMs ?? null,
        preparedStages: r?.preparedMs ?? null,
        wallMs: r?.wallMs ?? null,
        atMs: r?.atMs ?? null,
        lambda: r?.summary.lambda ?? null,
        maxUtilization: r?.summary.maxUtilization ?? null,
        completionTimeS: r?.summary.completionTimeS ?? null,
        busBwGBs: r?.summary.busBwGBs ?? null,
        unroutedDemand: r?.summary.unroutedDemand ?? null,
        bottlenecks: r?.summary.bottlenecks.map((b) => b.link) ?? [],
        failedLinks: [...st.scenario.traffic.failedLinks],
        superseded: sv.superseded,
      };
    },
    compare() {
      const st = useStore.getState();
      const cs = useCompare.getState();
      const rb = cs.hashB ? useSolve.getState().results[cs.hashB] : undefined;
      return {
        active: st.scenario.compare !== null,
        hashB: cs.hashB,
        phaseB: cs.phaseB,
        solvedB: !!rb,
        linksB: cs.sceneB?.fabric.linkCount ?? 0,
        drawCallsA: st.stats.drawCalls,
        drawCallsB: cs.statsB.drawCalls,
        lambdaB: rb?.summary.lambda ?? null,
        atMsB: rb?.atMs ?? null,
        solveStagesB: rb?.stageMs ?? null,
        preparedStagesB: rb?.preparedMs ?? null,
      };
    },
    cameraPoses,
    linkColor(link) {
      const sc = useStore.getState().scene;
      if (!sc || link < 0 || link >= sc.fabric.linkCount) return null;
      const ix = linkIndex(sc);
      const bi = ix.linkBatch[link];
      const obj = bi >= 0 ? registry.links[bi] : null;
      if (!obj) return null;
      const b = sc.geometry.links[bi];
      const v = b.offsets[ix.linkItem[link]];
      const c = obj.geometry.getAttribute('color').array as Uint8Array;
      return [c[3 * v], c[3 * v + 1], c[3 * v + 2]];
    },
  };
  const w = window as unknown as { fabricscope?: object };
  w.fabricscope = Object.assign(w.fabricscope ?? {}, api);
}
