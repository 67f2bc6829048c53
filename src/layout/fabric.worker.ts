// The scene worker: builds, places, analyses and lays out geometry off the main thread, and
// transfers the typed arrays back. Only the newest request is worked on; the client drops any
// result whose hash is no longer current.

import type { Scenario } from '../model/scenario';
import { buffersOf, copyFabric, ScenePipeline, type SceneResult } from './pipeline';

export interface SceneRequest {
  id: number;
  hash: string;
  scenario: Scenario;
  /** The fabric key the client already holds (its fabric is not sent again). */
  haveFabric: string | null;
}

export type SceneReply =
  | {
      type: 'result';
      id: number;
      result: Omit<SceneResult, 'fabric'> & { fabric: SceneResult['fabric'] | null };
    }
  | { type: 'error'; id: number; hash: string; message: string };

const post = (msg: SceneReply, transfer: ArrayBuffer[] = []) =>
  (self as unknown as Worker).postMessage(msg, transfer);

const pipeline = new ScenePipeline();
let pending: SceneRequest | null = null;

function work() {
  const req = pending;
  pending = null;
  if (!req) return;
  try {
    const r = pipeline.run(req.scenario, req.hash);
    const fabric = r.fabricKey === req.haveFabric ? null : copyFabric(r.fabric);
    const result = { ...r, fabric };
    post({ type: 'result', id: req.id, result }, [...buffersOf({ ...result, fabric: fabric ?? {} })]);
  } catch (e) {
    post({ type: 'error', id: req.id, hash: req.hash, message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (e: MessageEvent<SceneRequest>) => {
  const first = pending === null;
  pending = e.data;
  // Requests queued behind a long job replace each other: only the newest is worked on.
  if (first) setTimeout(work, 0);
};
