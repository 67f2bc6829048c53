// Side B of a comparison tour, off the main thread: the same pipeline the scene worker runs
// (build, place, analyze), so a caption's b.* and delta.* figures match the placed side A.

import type { Bom } from '../model/bom';
import { sideB } from '../model/compare';
import type { Scenario } from '../model/scenario';
import { ScenePipeline } from '../layout/pipeline';

export interface SideBRequest {
  hash: string;
  scenario: Scenario;
}
export type SideBReply = { hash: string; bom: Bom | null; error?: string };

const pipeline = new ScenePipeline();

self.onmessage = (e: MessageEvent<SideBRequest>) => {
  const { hash, scenario } = e.data;
  let reply: SideBReply;
  try {
    const b = sideB(scenario);
    reply = { hash, bom: b ? pipeline.run(b).analysis.bom : null };
  } catch (err) {
    reply = { hash, bom: null, error: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply);
};
