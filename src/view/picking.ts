// Picking by instance id, without three's per-object raycasts: a ray against rack boxes, then
// against the device boxes of the racks it passes, then (nothing hit) links by screen distance.
// Also the outline of a pick and the live move of a dragged rack's instances and cables.

import * as THREE from 'three';
import { HALL } from '../layout/floor';
import type { SceneResult } from '../layout/pipeline';
import type { Pick } from '../state/store';
import { registry } from './registry';

interface LinkIndex {
  /** Batch and item of each link among the detail batches, and of each bundle among bundle batches. */
  linkBatch: Int32Array;
  linkItem: Uint32Array;
  bundleBatch: Int32Array;
  bundleItem: Uint32Array;
}
const indexCache = new WeakMap<SceneResult, LinkIndex>();

export function linkIndex(scene: SceneResult): LinkIndex {
  let ix = indexCache.get(scene);
  if (ix) return ix;
  const L = scene.fabric.linkCount;
  const B = scene.geometry.bundles.count;
  ix = {
    linkBatch: new Int32Array(L).fill(-1),
    linkItem: new Uint32Array(L),
    bundleBatch: new Int32Array(B).fill(-1),
    bundleItem: new Uint32Array(B),
  };
  scene.geometry.links.forEach((b, bi) => {
    const [batch, item] = b.bundled ? [ix!.bundleBatch, ix!.bundleItem] : [ix!.linkBatch, ix!.linkItem];
    for (let i = 0; i < b.items.length; i++) {
      batch[b.items[i]] = bi;
      item[b.items[i]] = i;
    }
  });
  indexCache.set(scene, ix);
  return ix;
}

/** The vertices of a link's (or bundle's) cable as segment pairs. */
export function cableSegments(scene: SceneResult, kind: 'link' | 'bundle', id: number): Float32Array {
  const ix = linkIndex(scene);
  const bi = kind === 'link' ? ix.linkBatch[id] : ix.bundleBatch[id];
  if (bi < 0) return new Float32Array(0);
  const b = scene.geometry.links[bi];
  const i = kind === 'link' ? ix.linkItem[id] : ix.bundleItem[id];
  const src =
    (registry.links[bi]?.geometry.getAttribute('position')?.array as Float32Array | undefined) ?? b.positions;
  return src.slice(b.offsets[i] * 3, b.offsets[i + 1] * 3);
}

function boxEdges(cx: number, cy: number, cz: number, hx: number, hy: number, hz: number): number[] {
  const c = [
    [-1, -1, -1],
    [1, -1, -1],
    [1, 1, -1],
    [-1, 1, -1],
    [-1, -1, 1],
    [1, -1, 1],
    [1, 1, 1],
    [-1, 1, 1],
  ].map(([x, y, z]) => [cx + x * hx, cy + y * hy, cz + z * hz]);
  const e = [0, 1, 1, 2, 2, 3, 3, 0, 4, 5, 5, 6, 6, 7, 7, 4, 0, 4, 1, 5, 2, 6, 3, 7];
  return e.flatMap((k) => c[k]);
}

/** Centre and half-size of a picked item (for outlines and fly-to). */
export function pickBox(
  scene: SceneResult,
  p: Pick,
): [number, number, number, number, number, number] | null {
  const g = scene.geometry;
  const pl = scene.placement;
  if (p.kind === 'rack') {
    if (p.id < 0 || p.id >= scene.fabric.rackCount) return null;
    const h = g.rackHeight / 2;
    return [
      pl.rackX[p.id],
      h,
      pl.rackZ[p.id],
      HALL.rackWidth / 2 + 0.02,
      h + 0.02,
      HALL.rackDepth / 2 + 0.02,
    ];
  }
  if (p.kind === 'node') {
    if (p.id < 0 || p.id >= scene.fabric.nodeCount) return null;
    const n = 3 * p.id;
    return [
      g.nodePos[n],
      g.nodePos[n + 1],
      g.nodePos[n + 2],
      g.nodeHalf[n] + 0.01,
      g.nodeHalf[n + 1] + 0.01,
      g.nodeHalf[n + 2] + 0.01,
    ];
  }
  if (p.kind === 'server') {
    const m = g.devices.server.matrices;
    const o = p.id * 16;
    return [m[o + 12], m[o + 13], m[o + 14], m[o] / 2 + 0.01, m[o + 5] / 2 + 0.01, m[o + 10] / 2 + 0.01];
  }
  const seg = cableSegments(scene, p.kind, p.id);
  if (!seg.length) return null;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < seg.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], seg[i]);
    hi[i % 3] = Math.max(hi[i % 3], seg[i]);
  }
  return [
    (lo[0] + hi[0]) / 2,
    (lo[1] + hi[1]) / 2,
    (lo[2] + hi[2]) / 2,
    (hi[0] - lo[0]) / 2,
    (hi[1] - lo[1]) / 2,
    (hi[2] - lo[2]) / 2,
  ];
}

export function pickOutline(scene: SceneResult, p: Pick): Float32Array {
  if (p.kind === 'link' || p.kind === 'bundle') return cableSegments(scene, p.kind, p.id);
  const b = pickBox(scene, p);
  return b ? new Float32Array(boxEdges(...b)) : new Float32Array(0);
}

/** Ray / box entry distance, or Infinity. */
function rayBox(
  o: THREE.Vector3,
  inv: THREE.Vector3,
  cx: number,
  cy: number,
  cz: number,
  hx: number,
  hy: number,
  hz: number,
): number {
  let t1 = (cx - hx - o.x) * inv.x;
  let t2 = (cx + hx - o.x) * inv.x;
  let tmin = Math.min(t1, t2);
  let tmax = Math.max(t1, t2);
  t1 = (cy - hy - o.y) * inv.y;
  t2 = (cy + hy - o.y) * inv.y;
  tmin = Math.max(tmin, Math.min(t1, t2));
  tmax = Math.min(tmax, Math.max(t1, t2));
  t1 = (cz - hz - o.z) * inv.z;
  t2 = (cz + hz - o.z) * inv.z;
  tmin = Math.max(tmin, Math.min(t1, t2));
  tmax = Math.min(tmax, Math.max(t1, t2));
  return tmax >= Math.max(tmin, 0) ? Math.max(tmin, 0) : Infinity;
}

const raycaster = new THREE.Raycaster();
const ndc = new THREE.Vector2();

/** The camera ray through a point of the canvas (CSS px relative to the canvas). */
export function rayAt(camera: THREE.Camera, x: number, y: number, w: number, h: number): THREE.Ray {
  ndc.set((x / w) * 2 - 1, -(y / h) * 2 + 1);
  raycaster.setFromCamera(ndc, camera);
  return raycaster.ray;
}

/** Racks the ray passes, nearest first. */
export function racksOnRay(scene: SceneResult, ray: THREE.Ray): { rack: number; t: number }[] {
  const inv = new THREE.Vector3(1 / ray.direction.x, 1 / ray.direction.y, 1 / ray.direction.z);
  const pl = scene.placement;
  const h = scene.geometry.rackHeight / 2;
  const hits: { rack: number; t: number }[] = [];
  for (let r = 0; r < scene.fabric.rackCount; r++) {
    const t = rayBox(ray.origin, inv, pl.rackX[r], h, pl.rackZ[r], HALL.rackWidth / 2, h, HALL.rackDepth / 2);
    if (t < Infinity) hits.push({ rack: r, t });
  }
  return hits.sort((a, b) => a.t - b.t);
}

/** What is under the pointer: a device, else a rack, else a cable within a few pixels. */
export function pickAt(
  scene: SceneResult,
  camera: THREE.Camera,
  x: number,
  y: number,
  w: number,
  h: number,
): Pick | null {
  const ray = rayAt(camera, x, y, w, h);
  const inv = new THREE.Vector3(1 / ray.direction.x, 1 / ray.direction.y, 1 / ray.direction.z);
  const g = scene.geometry;
  const racks = racksOnRay(scene, ray);
  const vis = registry.deviceVisible;
  for (const { rack } of racks.slice(0, 4)) {
    let best = -1;
    let bestT = Infinity;
    for (let k = g.rackNodeStart[rack]; k < g.rackNodeStart[rack + 1]; k++) {
      const n = g.rackNodes[k];
      const cls = (['rack', 'server', 'gpu', 'switch', 'chip'] as const)[g.nodeClass[n]];
      if (vis[cls] === false) continue;
      const o = 3 * n;
      const t = rayBox(
        ray.origin,
        inv,
        g.nodePos[o],
        g.nodePos[o + 1],
        g.nodePos[o + 2],
        g.nodeHalf[o],
        g.nodeHalf[o + 1],
        g.nodeHalf[o + 2],
      );
      if (t < bestT) {
        bestT = t;
        best = n;
      }
    }
    if (best >= 0) return { kind: 'node', id: best };
  }
  if (racks.length) return { kind: 'rack', id: racks[0].rack };
  return pickCable(scene, camera, x, y, w, h);
}

/** Nearest visible cable within 6 px of the pointer. */
function pickCable(
  scene: SceneResult,
  camera: THREE.Camera,
  px: number,
  py: number,
  w: number,
  h: number,
): Pick | null {
  const m = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
  let best: Pick | null = null;
  let bestD = 36;
  scene.geometry.links.forEach((b, bi) => {
    const obj = registry.links[bi];
    if (!obj?.visible) return;
    const pos = b.positions;
    for (let i = 0; i < b.items.length; i++) {
      for (let v = b.offsets[i]; v < b.offsets[i + 1]; v += 2) {
        const a = 3 * v;
        const wa = m[3] * pos[a] + m[7] * pos[a + 1] + m[11] * pos[a + 2] + m[15];
        const wb = m[3] * pos[a + 3] + m[7] * pos[a + 4] + m[11] * pos[a + 5] + m[15];
        if (wa <= 0 || wb <= 0) continue;
        const ax = (((m[0] * pos[a] + m[4] * pos[a + 1] + m[8] * pos[a + 2] + m[12]) / wa) * 0.5 + 0.5) * w;
        const ay = (0.5 - ((m[1] * pos[a] + m[5] * pos[a + 1] + m[9] * pos[a + 2] + m[13]) / wa) * 0.5) * h;
        const bx =
          (((m[0] * pos[a + 3] + m[4] * pos[a + 4] + m[8] * pos[a + 5] + m[12]) / wb) * 0.5 + 0.5) * w;
        const by =
          (0.5 - ((m[1] * pos[a + 3] + m[5] * pos[a + 4] + m[9] * pos[a + 5] + m[13]) / wb) * 0.5) * h;
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
        const ex = ax + t * dx - px;
        const ey = ay + t * dy - py;
        const d = ex * ex + ey * ey;
        if (d < bestD) {
          bestD = d;
          best = { kind: b.bundled ? 'bundle' : 'link', id: b.items[i] };
        }
      }
    }
  });
  return best;
}

/** Where the ray meets the floor (y = 0), or null when it looks up. */
export function floorPoint(ray: THREE.Ray): [number, number] | null {
  if (ray.direction.y >= -1e-6) return null;
  const t = -ray.origin.y / ray.direction.y;
  return [ray.origin.x + t * ray.direction.x, ray.origin.z + t * ray.direction.z];
}

/** Moves a rack's drawn instances and cable ends by (dx, dz) while it is dragged. */
export function moveRackDrawing(scene: SceneResult, rack: number, dx: number, dz: number): void {
  const g = scene.geometry;
  const f = scene.fabric;
  const shift = (mesh: THREE.InstancedMesh | undefined, i: number) => {
    if (!mesh) return;
    const a = mesh.instanceMatrix.array as Float32Array;
    a[16 * i + 12] += dx;
    a[16 * i + 14] += dz;
    mesh.instanceMatrix.needsUpdate = true;
  };
  shift(registry.devices.rack, rack);
  for (let k = g.rackNodeStart[rack]; k < g.rackNodeStart[rack + 1]; k++) {
    const n = g.rackNodes[k];
    shift(
      registry.devices[(['rack', 'server', 'gpu', 'switch', 'chip'] as const)[g.nodeClass[n]]],
      g.nodeInstance[n],
    );
  }
  for (let sv = 0; sv < f.serverCount; sv++)
    if (f.serverRack[sv] === rack) shift(registry.devices.server, sv);
  const ix = linkIndex(scene);
  const moveVerts = (bi: number, item: number, ends: 'a' | 'b' | 'both') => {
    const line = registry.links[bi];
    if (!line) return;
    const b = g.links[bi];
    const attr = line.geometry.getAttribute('position') as THREE.BufferAttribute;
    const pos = attr.array as Float32Array;
    const v0 = b.offsets[item];
    const v1 = b.offsets[item + 1];
    const half = (v1 - v0) / 2;
    const from = ends === 'b' ? v0 + half : v0;
    const to = ends === 'a' ? v0 + half : v1;
    for (let v = from; v < to; v++) {
      pos[3 * v] += dx;
      pos[3 * v + 2] += dz;
    }
    attr.needsUpdate = true;
  };
  for (let k = g.rackLinkStart[rack]; k < g.rackLinkStart[rack + 1]; k++) {
    const l = g.rackLinks[k];
    const bi = ix.linkBatch[l];
    if (bi < 0) continue;
    const ra = f.nodeRack[f.linkA[l]];
    const rb = f.nodeRack[f.linkB[l]];
    moveVerts(bi, ix.linkItem[l], ra === rb ? 'both' : ra === rack ? 'a' : 'b');
  }
  const bs = g.bundles;
  for (let b = 0; b < bs.count; b++) {
    if (bs.rackA[b] !== rack && bs.rackB[b] !== rack) continue;
    const bi = ix.bundleBatch[b];
    if (bi >= 0) moveVerts(bi, ix.bundleItem[b], bs.rackA[b] === rack ? 'a' : 'b');
  }
}
