// Worst-path latency of a placed scene, off the main thread (a Dijkstra over every node: about
// half a second on the 100k-GPU preset). Used by the compare table.

import type { Fabric } from '../model/fabric';
import { worstPathLatencyNs } from '../model/latency';
import type { MediaAssignment } from '../model/media';
import { resolveCatalog } from '../model/resolved';
import type { Scenario } from '../model/scenario';

export interface FiguresRequest {
  key: string;
  scenario: Scenario;
  fabric: Fabric;
  lengthM: Float32Array;
  media: MediaAssignment;
}

export type FiguresReply = { key: string; worstPathNs: number } | { key: string; error: string };

self.onmessage = (e: MessageEvent<FiguresRequest>) => {
  const { key, scenario, fabric, lengthM, media } = e.data;
  try {
    const worstPathNs = worstPathLatencyNs(fabric, lengthM, media, resolveCatalog(scenario));
    (self as unknown as Worker).postMessage({ key, worstPathNs } satisfies FiguresReply);
  } catch (err) {
    (self as unknown as Worker).postMessage({
      key,
      error: err instanceof Error ? err.message : String(err),
    } satisfies FiguresReply);
  }
};
