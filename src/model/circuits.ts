// Routing sees through optical circuit switches: a circuit (fibre → OCS → fibre) is one
// logical link between its far ends, and the OCS itself forwards nothing else.

import type { Fabric } from './fabric';

export interface LogicalFabric {
  /** The fabric with each circuit's two fibres merged into one link (OCS nodes keep no links). */
  fabric: Fabric;
  /** Physical links behind each logical link: [first, second], second -1 for a plain link. */
  physical: Int32Array;
}

/** The fabric routing and latency work on. Without circuits it is the fabric itself. */
export function logicalFabric(f: Fabric): LogicalFabric {
  let circuits = 0;
  for (let l = 0; l < f.linkCount; l++) if (f.linkPeer[l] > l) circuits++;
  if (!circuits) {
    const physical = new Int32Array(2 * f.linkCount).fill(-1);
    for (let l = 0; l < f.linkCount; l++) physical[2 * l] = l;
    return { fabric: f, physical };
  }
  const count = f.linkCount - circuits;
  const linkA = new Uint32Array(count);
  const linkB = new Uint32Array(count);
  const linkTier = new Uint8Array(count);
  const linkGbps = new Float32Array(count);
  const physical = new Int32Array(2 * count).fill(-1);
  let k = 0;
  for (let l = 0; l < f.linkCount; l++) {
    const peer = f.linkPeer[l];
    if (peer >= 0 && peer < l) continue; // merged into its partner
    // A fibre's GPU/switch end is linkA (generators add OCS as linkB).
    linkA[k] = f.linkA[l];
    linkB[k] = peer >= 0 ? f.linkA[peer] : f.linkB[l];
    linkTier[k] = f.linkTier[l];
    linkGbps[k] = peer >= 0 ? Math.min(f.linkGbps[l], f.linkGbps[peer]) : f.linkGbps[l];
    physical[2 * k] = l;
    physical[2 * k + 1] = peer;
    k++;
  }
  return {
    fabric: {
      ...f,
      linkCount: count,
      linkA,
      linkB,
      linkTier,
      linkGbps,
      linkPeer: new Int32Array(count).fill(-1),
    },
    physical,
  };
}
