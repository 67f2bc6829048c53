// What the 3D view draws, as typed arrays built off the main thread: one instance matrix per
// rack, server, GPU, switch and in-server chip (fixed slots inside each rack), and every link as
// a cable polyline batched by tier and style (copper / optical), plus one bundle per rack pair
// and tier for the zoomed-out view. Pure: no three, no DOM; the view only uploads the arrays.

import { isOptical, MEDIUM_FAMILIES } from '../model/catalog';
import { NODE_GPU, NODE_OCS, TIERS, type Fabric } from '../model/fabric';
import { HALL } from './floor';
import type { Placement } from './place';

export const DEVICE_CLASSES = ['rack', 'server', 'gpu', 'switch', 'chip'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** Instances of one device kind: their node (or rack / server) ids and 4×4 matrices. */
export interface DeviceBatch {
  ids: Uint32Array;
  matrices: Float32Array;
}

/** Links of one tier and style drawn as one LineSegments; item i spans vertices offsets[i]…offsets[i+1]. */
export interface LinkBatch {
  tier: number;
  optical: boolean;
  /** Bundles (one per rack pair) or single links. */
  bundled: boolean;
  items: Uint32Array;
  offsets: Uint32Array;
  positions: Float32Array;
}

/** Links between the same two racks in the same tier, drawn as one cable when zoomed out. */
export interface Bundles {
  count: number;
  rackA: Uint32Array;
  rackB: Uint32Array;
  tier: Uint8Array;
  /** Members of bundle b: members[memberStart[b] … memberStart[b+1]). */
  memberStart: Uint32Array;
  members: Uint32Array;
}

export interface SceneGeometry {
  /** World position of every node (centre of its device), x y z. */
  nodePos: Float32Array;
  /** Half extents of every node's device box, x y z (for picking). */
  nodeHalf: Float32Array;
  /** Which device class draws node n, and its instance there. */
  nodeClass: Uint8Array;
  nodeInstance: Uint32Array;
  /** Nodes of rack r: rackNodes[rackNodeStart[r] … rackNodeStart[r+1]). */
  rackNodeStart: Uint32Array;
  rackNodes: Uint32Array;
  /** Links touching rack r (either end, each once). */
  rackLinkStart: Uint32Array;
  rackLinks: Uint32Array;
  devices: Record<DeviceClass, DeviceBatch>;
  links: LinkBatch[];
  bundles: Bundles;
  /** Height of the rack frames (metres): the tallest stack, at least the standard rack. */
  rackHeight: number;
}

const RU = HALL.rackUnitM;
const INNER_W = HALL.rackWidth - 0.08;

/** Tray level of a tier above the racks: upper tiers run higher, so tiers read apart. */
export function trayY(rackHeight: number, tier: number): number {
  const level: Record<string, number> = {
    'scale-up': 0,
    leaf: 0,
    local: 1,
    spine: 1,
    global: 2,
    core: 2,
    ocs: 3,
  };
  return rackHeight + 0.35 + 0.45 * (level[TIERS[tier]] ?? 1);
}

function setMatrix(
  out: Float32Array,
  i: number,
  x: number,
  y: number,
  z: number,
  sx: number,
  sy: number,
  sz: number,
) {
  const o = i * 16;
  out.fill(0, o, o + 16);
  out[o] = sx;
  out[o + 5] = sy;
  out[o + 10] = sz;
  out[o + 12] = x;
  out[o + 13] = y;
  out[o + 14] = z;
  out[o + 15] = 1;
}

/** Builds everything the view draws for a placed fabric. */
export function buildGeometry(
  f: Fabric,
  p: Placement,
  heights: Float32Array,
  serverHeightU: number,
  linkFamily: Uint8Array,
): SceneGeometry {
  const N = f.nodeCount;
  const R = f.rackCount;
  const slotH = serverHeightU * RU;
  const trayH = Math.min(0.12, slotH * 0.45);
  const chipH = Math.min(0.045, slotH * 0.3);

  // Rack frame height: the tallest stack of servers and switches.
  let top: number = HALL.rackHeight;
  for (let n = 0; n < N; n++) top = Math.max(top, heights[n] + slotH / 2 + 0.05);
  const rackHeight = top;

  // Nodes by rack (CSR).
  const rackNodeStart = new Uint32Array(R + 1);
  for (let n = 0; n < N; n++) if (f.nodeRack[n] >= 0) rackNodeStart[f.nodeRack[n] + 1]++;
  for (let r = 0; r < R; r++) rackNodeStart[r + 1] += rackNodeStart[r];
  const rackNodes = new Uint32Array(rackNodeStart[R]);
  {
    const fill = rackNodeStart.slice(0, R);
    for (let n = 0; n < N; n++) if (f.nodeRack[n] >= 0) rackNodes[fill[f.nodeRack[n]]++] = n;
  }

  // Device classes: GPU, in-server chip (NVSwitch on the baseboard), rack-level switch / OCS.
  const nodeClass = new Uint8Array(N);
  const nodeInstance = new Uint32Array(N);
  const counts = [R, f.serverCount, 0, 0, 0];
  for (let n = 0; n < N; n++) {
    const c = f.nodeKind[n] === NODE_GPU ? 2 : f.nodeServer[n] >= 0 ? 4 : 3;
    nodeClass[n] = c;
    nodeInstance[n] = counts[c]++;
  }
  const batch = (c: number): DeviceBatch => ({
    ids: new Uint32Array(counts[c]),
    matrices: new Float32Array(counts[c] * 16),
  });
  const devices: Record<DeviceClass, DeviceBatch> = {
    rack: batch(0),
    server: batch(1),
    gpu: batch(2),
    switch: batch(3),
    chip: batch(4),
  };

  for (let r = 0; r < R; r++) {
    devices.rack.ids[r] = r;
    setMatrix(
      devices.rack.matrices,
      r,
      p.rackX[r],
      rackHeight / 2,
      p.rackZ[r],
      HALL.rackWidth,
      rackHeight,
      HALL.rackDepth,
    );
  }
  // Server trays sit at the bottom of their slot; chips on top of the tray.
  const serverY = new Float32Array(f.serverCount);
  for (let sv = 0; sv < f.serverCount; sv++) {
    const r = f.serverRack[sv];
    const first = f.serverFirstGpu[sv];
    const y = (first >= 0 && first < N ? heights[first] : HALL.baseM) - slotH / 2 + trayH / 2 + 0.01;
    serverY[sv] = y;
    devices.server.ids[sv] = sv;
    setMatrix(devices.server.matrices, sv, p.rackX[r], y, p.rackZ[r], INNER_W, trayH, HALL.rackDepth - 0.15);
  }
  const chipsInServer = new Int32Array(f.serverCount);
  const chipTotal = new Int32Array(f.serverCount);
  for (let n = 0; n < N; n++) if (nodeClass[n] === 4) chipTotal[f.nodeServer[n]]++;

  const nodePos = new Float32Array(3 * N);
  const nodeHalf = new Float32Array(3 * N);
  const gps = Math.max(1, f.gpusPerServer);
  const gCols = Math.min(gps, 4);
  const gRows = Math.ceil(gps / gCols);
  const gpuW = (INNER_W / gCols) * 0.7;
  const gpuD = Math.min(0.14, ((HALL.rackDepth / 2 - 0.15) / gRows) * 0.7);
  for (let n = 0; n < N; n++) {
    const r = f.nodeRack[n];
    const rx = r >= 0 ? p.rackX[r] : 0;
    const rz = r >= 0 ? p.rackZ[r] : 0;
    const c = nodeClass[n];
    let x = rx;
    let y = heights[n];
    let z = rz;
    let sx: number;
    let sy: number;
    let sz: number;
    if (c === 2) {
      const sv = f.nodeServer[n];
      const k = n - f.serverFirstGpu[sv];
      const col = k % gCols;
      const row = Math.floor(k / gCols) % gRows;
      x = rx - INNER_W / 2 + ((col + 0.5) * INNER_W) / gCols;
      z = rz + HALL.rackDepth / 2 - 0.12 - (row + 0.5) * (gpuD / 0.7);
      y = serverY[sv] + trayH / 2 + chipH / 2;
      sx = gpuW;
      sy = chipH;
      sz = gpuD;
    } else if (c === 4) {
      const sv = f.nodeServer[n];
      const k = chipsInServer[sv]++;
      const m = Math.max(1, chipTotal[sv]);
      x = rx - INNER_W / 2 + ((k + 0.5) * INNER_W) / m;
      z = rz - HALL.rackDepth / 4;
      y = serverY[sv] + trayH / 2 + chipH / 2;
      sx = Math.min(0.1, (INNER_W / m) * 0.7);
      sy = chipH;
      sz = 0.14;
    } else {
      const ocs = f.nodeKind[n] === NODE_OCS;
      sx = INNER_W;
      sy = (ocs ? 2 : 1) * RU * 0.9;
      sz = HALL.rackDepth - 0.2;
    }
    nodePos[3 * n] = x;
    nodePos[3 * n + 1] = y;
    nodePos[3 * n + 2] = z;
    nodeHalf[3 * n] = sx / 2;
    nodeHalf[3 * n + 1] = sy / 2;
    nodeHalf[3 * n + 2] = sz / 2;
    const b = devices[DEVICE_CLASSES[c]];
    b.ids[nodeInstance[n]] = n;
    setMatrix(b.matrices, nodeInstance[n], x, y, z, sx, sy, sz);
  }

  // Links per rack (CSR).
  const rackLinkStart = new Uint32Array(R + 1);
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.nodeRack[f.linkA[l]];
    const b = f.nodeRack[f.linkB[l]];
    if (a >= 0) rackLinkStart[a + 1]++;
    if (b >= 0 && b !== a) rackLinkStart[b + 1]++;
  }
  for (let r = 0; r < R; r++) rackLinkStart[r + 1] += rackLinkStart[r];
  const rackLinks = new Uint32Array(rackLinkStart[R]);
  {
    const fill = rackLinkStart.slice(0, R);
    for (let l = 0; l < f.linkCount; l++) {
      const a = f.nodeRack[f.linkA[l]];
      const b = f.nodeRack[f.linkB[l]];
      if (a >= 0) rackLinks[fill[a]++] = l;
      if (b >= 0 && b !== a) rackLinks[fill[b]++] = l;
    }
  }

  const links = linkBatches(f, p, nodePos, rackHeight, linkFamily);
  const { bundles, batches } = bundleBatches(f, p, rackHeight, linkFamily);
  return {
    nodePos,
    nodeHalf,
    nodeClass,
    nodeInstance,
    rackNodeStart,
    rackNodes,
    rackLinkStart,
    rackLinks,
    devices,
    links: [...links, ...batches],
    bundles,
    rackHeight,
  };
}

const opticalFamily = MEDIUM_FAMILIES.map((m) => isOptical(m));

/** Vertices a link's cable takes: 2 inside a rack (one straight run), 6 between racks. */
export const linkVertexCount = (f: Fabric, l: number): number =>
  f.nodeRack[f.linkA[l]] === f.nodeRack[f.linkB[l]] ? 2 : 6;

/** A device's position, where its cable starts. */
function port(nodePos: Float32Array, n: number, out: number[]) {
  out[0] = nodePos[3 * n];
  out[1] = nodePos[3 * n + 1];
  out[2] = nodePos[3 * n + 2];
}

function linkBatches(
  f: Fabric,
  p: Placement,
  nodePos: Float32Array,
  rackHeight: number,
  linkFamily: Uint8Array,
): LinkBatch[] {
  // Group: tier × optical × inter-rack.
  const key = (l: number) =>
    f.linkTier[l] * 4 + (opticalFamily[linkFamily[l]] ? 2 : 0) + (linkVertexCount(f, l) === 6 ? 1 : 0);
  const sizes = new Map<number, number>();
  for (let l = 0; l < f.linkCount; l++) {
    const k = key(l);
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  const out = new Map<number, { b: LinkBatch; i: number; v: number }>();
  for (const [k, n] of [...sizes].sort((a, b) => a[0] - b[0])) {
    const per = k & 1 ? 6 : 2;
    out.set(k, {
      b: {
        tier: k >> 2,
        optical: (k & 2) !== 0,
        bundled: false,
        items: new Uint32Array(n),
        offsets: new Uint32Array(n + 1),
        positions: new Float32Array(n * per * 3),
      },
      i: 0,
      v: 0,
    });
  }
  const a3 = [0, 0, 0];
  const b3 = [0, 0, 0];
  const rearOff = HALL.rackDepth / 2 - 0.06;
  for (let l = 0; l < f.linkCount; l++) {
    const o = out.get(key(l))!;
    const { b } = o;
    const na = f.linkA[l];
    const nb = f.linkB[l];
    b.items[o.i] = l;
    const pos = b.positions;
    let v = o.v * 3;
    if (linkVertexCount(f, l) === 2) {
      port(nodePos, na, a3);
      port(nodePos, nb, b3);
      // Inside a rack, cables between a GPU and a switch run at the rear; inside a server, on the board.
      if (f.nodeServer[na] < 0 || f.nodeServer[na] !== f.nodeServer[nb]) {
        const rz = p.rackZ[f.nodeRack[na]] - rearOff;
        a3[2] = rz;
        b3[2] = rz;
      } else {
        a3[1] += 0.02;
        b3[1] += 0.02;
      }
      pos.set(a3, v);
      pos.set(b3, v + 3);
      o.v += 2;
    } else {
      port(nodePos, na, a3);
      port(nodePos, nb, b3);
      a3[2] = p.rackZ[f.nodeRack[na]] - rearOff;
      b3[2] = p.rackZ[f.nodeRack[nb]] - rearOff;
      const ty = trayY(rackHeight, f.linkTier[l]);
      pos[v++] = a3[0];
      pos[v++] = a3[1];
      pos[v++] = a3[2];
      pos[v++] = a3[0];
      pos[v++] = ty;
      pos[v++] = a3[2];
      pos[v++] = a3[0];
      pos[v++] = ty;
      pos[v++] = a3[2];
      pos[v++] = b3[0];
      pos[v++] = ty;
      pos[v++] = b3[2];
      pos[v++] = b3[0];
      pos[v++] = ty;
      pos[v++] = b3[2];
      pos[v++] = b3[0];
      pos[v++] = b3[1];
      pos[v] = b3[2];
      o.v += 6;
    }
    o.i++;
    b.offsets[o.i] = o.v;
  }
  return [...out.values()].map((o) => o.b);
}

/** One bundle per (rack pair, tier) of links between racks; batched by tier and by its worst style. */
function bundleBatches(
  f: Fabric,
  p: Placement,
  rackHeight: number,
  linkFamily: Uint8Array,
): { bundles: Bundles; batches: LinkBatch[] } {
  const R = f.rackCount;
  const T = TIERS.length;
  const index = new Map<number, number>();
  const bundleOf = new Int32Array(f.linkCount).fill(-1);
  const ra: number[] = [];
  const rb: number[] = [];
  const tiers: number[] = [];
  const optical: boolean[] = [];
  const counts: number[] = [];
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.nodeRack[f.linkA[l]];
    const b = f.nodeRack[f.linkB[l]];
    if (a === b || a < 0 || b < 0) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const k = (lo * R + hi) * T + f.linkTier[l];
    let id = index.get(k);
    if (id === undefined) {
      id = ra.length;
      index.set(k, id);
      ra.push(lo);
      rb.push(hi);
      tiers.push(f.linkTier[l]);
      optical.push(false);
      counts.push(0);
    }
    bundleOf[l] = id;
    counts[id]++;
    if (opticalFamily[linkFamily[l]]) optical[id] = true;
  }
  const B = ra.length;
  const memberStart = new Uint32Array(B + 1);
  for (let b = 0; b < B; b++) memberStart[b + 1] = memberStart[b] + counts[b];
  const members = new Uint32Array(memberStart[B]);
  const fill = memberStart.slice(0, B);
  for (let l = 0; l < f.linkCount; l++) if (bundleOf[l] >= 0) members[fill[bundleOf[l]]++] = l;
  const bundles: Bundles = {
    count: B,
    rackA: Uint32Array.from(ra),
    rackB: Uint32Array.from(rb),
    tier: Uint8Array.from(tiers),
    memberStart,
    members,
  };

  const groups = new Map<number, number[]>();
  for (let b = 0; b < B; b++) {
    const k = tiers[b] * 2 + (optical[b] ? 1 : 0);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(b);
  }
  const rear = HALL.rackDepth / 2 - 0.06;
  const batches: LinkBatch[] = [];
  for (const [k, list] of [...groups].sort((x, y) => x[0] - y[0])) {
    const n = list.length;
    const positions = new Float32Array(n * 6 * 3);
    const offsets = new Uint32Array(n + 1);
    let v = 0;
    list.forEach((b, i) => {
      const ty = trayY(rackHeight, tiers[b]);
      const ax = p.rackX[ra[b]];
      const az = p.rackZ[ra[b]] - rear;
      const bx = p.rackX[rb[b]];
      const bz = p.rackZ[rb[b]] - rear;
      positions.set(
        [ax, rackHeight, az, ax, ty, az, ax, ty, az, bx, ty, bz, bx, ty, bz, bx, rackHeight, bz],
        v,
      );
      v += 18;
      offsets[i + 1] = offsets[i] + 6;
    });
    batches.push({
      tier: k >> 1,
      optical: (k & 1) !== 0,
      bundled: true,
      items: Uint32Array.from(list),
      offsets,
      positions,
    });
  }
  return { bundles, batches };
}

/** A rack's name as tooltips, search and tests use it. */
export const rackName = (r: number): string => `rack-${r}`;
