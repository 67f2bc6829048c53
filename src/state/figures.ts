// Figures of a placed scene the compare table needs beyond its BOM: the worst-path latency,
// computed in a worker per scene (keyed by the scene object's fabric and lengths).

import { create } from 'zustand';
import type { SceneResult } from '../layout/pipeline';
import type { Scenario } from '../model/scenario';
import type { FiguresReply, FiguresRequest } from './figures.worker';

interface FiguresState {
  /** Worst-path latency (ns) by figures key. */
  worstPathNs: Record<string, number>;
}

export const useFigures = create<FiguresState>()(() => ({ worstPathNs: {} }));

let worker: Worker | null = null;
const asked = new Set<string>();

const ids = new WeakMap<SceneResult, string>();
let next = 1;

/** Key of a placed scene object (a re-keyed scene keeps its floor, so its latency too). */
export function figuresKey(scene: SceneResult): string {
  let id = ids.get(scene);
  if (!id) ids.set(scene, (id = `scene-${next++}`));
  return id;
}

export function requestWorstPath(key: string, scenario: Scenario, scene: SceneResult): void {
  if (asked.has(key)) return;
  asked.add(key);
  if (!worker) {
    worker = new Worker(new URL('./figures.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FiguresReply>) => {
      const r = e.data;
      if ('worstPathNs' in r)
        useFigures.setState((s) => ({ worstPathNs: { ...s.worstPathNs, [r.key]: r.worstPathNs } }));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker?.terminate();
      worker = null;
      asked.clear();
    };
  }
  const msg: FiguresRequest = {
    key,
    scenario,
    fabric: scene.fabric,
    lengthM: scene.analysis.lengthM,
    media: scene.analysis.media,
  };
  worker.postMessage(msg);
}
