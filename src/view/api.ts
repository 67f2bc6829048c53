// window.fabricscope: the status hook and helpers browser tests and benchmarks use to find
// things on screen. Read-only views of the store and the camera; nothing here changes the model
// except pinRack, which is what a drag does.

import * as THREE from 'three';
import { rackName } from '../layout/geometry';
import { useSolve } from '../state/solve';
import { useStore, type Phase } from '../state/store';
import { useTour } from '../state/tour';
import { pickAt } from './picking';
import { registry } from './registry';

export interface Status {
  /** The store's phase, except 'error' also when the current scenario's solve failed (its scene stays drawn and usable). */
  phase: Phase;
  drawCalls: number;
  triangles: number;
  placementMs: number | null;
  solveMs: number | null;
  /** Counts of the drawn scene: while a new scenario loads or places, still the previous one's. */
  gpus: number;
  links: number;
  racks: number;
  error: string | null;
  /** The current scenario. */
  hash: string;
  /** The scenario the drawn scene (and gpus, links, racks, placementMs) belongs to; null before the first. */
  sceneHash: string | null;
}

export interface FabricScopeApi {
  status(): Status;
  /** Canvas-relative → page CSS px of a rack's centre (half height), and whether it is on screen. */
  projectRack(rack: number): { x: number; y: number; visible: boolean } | null;
  /** Page CSS px of a floor point (metres). */
  projectFloor(x: number, z: number): { x: number; y: number } | null;
  rackPosition(rack: number): [number, number] | null;
  rackName(rack: number): string;
  /** Current cable length of a link (metres). */
  linkLength(link: number): number | null;
  /** Sum of the cable lengths of every link touching the rack. */
  rackCableLength(rack: number): number | null;
  /** Timings of the last placement (ms). */
  timings(): Record<string, number> | null;
  /** Renders `n` frames synchronously (with a pixel read-back to wait for the GPU): mean ms per frame. */
  renderCost(n?: number): number;
  /** Time of `n` hover picks at the canvas centre, mean ms. */
  pickCost(n?: number): number;
  /** Rack whose projected centre is nearest the canvas centre (a stable target for tests). */
  centralRack(): number;
  /** Camera position and orbit target (metres), or null before the view starts. */
  camera(): { position: [number, number, number]; target: [number, number, number] } | null;
  /** The tour player: tour id and step (0-based), autoplay, presentation and flow animation. */
  tour(): { id: string | null; step: number; playing: boolean; presenting: boolean; flow: boolean };
  /** The selection (kind and index), or null. */
  selection(): { kind: string; id: number } | null;
}

const project = (x: number, y: number, z: number) => {
  const cam = registry.camera;
  const canvas = registry.canvas;
  if (!cam || !canvas) return null;
  const v = new THREE.Vector3(x, y, z).project(cam);
  const r = canvas.getBoundingClientRect();
  return {
    x: r.left + ((v.x + 1) / 2) * r.width,
    y: r.top + ((1 - v.y) / 2) * r.height,
    visible: v.z < 1 && Math.abs(v.x) < 1 && Math.abs(v.y) < 1,
  };
};

export function installApi(): FabricScopeApi {
  const api: FabricScopeApi = {
    status() {
      const st = useStore.getState();
      const sc = st.scene;
      const a = useSolve.getState().a;
      const solveError = a.hash === st.hash && a.error ? `The solve failed: ${a.error}` : null;
      return {
        phase: solveError && st.phase === 'ready' ? 'error' : st.phase,
        drawCalls: st.stats.drawCalls,
        triangles: st.stats.triangles,
        placementMs: sc ? Math.round(sc.timings.placementMs) : null,
        solveMs: st.solveMs,
        gpus: sc?.fabric.gpuCount ?? 0,
        links: sc?.fabric.linkCount ?? 0,
        racks: sc?.fabric.rackCount ?? 0,
        error: st.error ?? solveError,
        hash: st.hash,
        sceneHash: sc?.hash ?? null,
      };
    },
    projectRack(rack) {
      const sc = useStore.getState().scene;
      if (!sc || rack < 0 || rack >= sc.fabric.rackCount) return null;
      return project(sc.placement.rackX[rack], sc.geometry.rackHeight / 2, sc.placement.rackZ[rack]);
    },
    projectFloor(x, z) {
      const p = project(x, 0, z);
      return p && { x: p.x, y: p.y };
    },
    rackPosition(rack) {
      const sc = useStore.getState().scene;
      if (!sc || rack < 0 || rack >= sc.fabric.rackCount) return null;
      return [sc.placement.rackX[rack], sc.placement.rackZ[rack]];
    },
    rackName,
    linkLength(l) {
      const sc = useStore.getState().scene;
      return sc && l >= 0 && l < sc.fabric.linkCount ? sc.analysis.lengthM[l] : null;
    },
    rackCableLength(rack) {
      const sc = useStore.getState().scene;
      if (!sc || rack < 0 || rack >= sc.fabric.rackCount) return null;
      const g = sc.geometry;
      let sum = 0;
      for (let k = g.rackLinkStart[rack]; k < g.rackLinkStart[rack + 1]; k++)
        sum += sc.analysis.lengthM[g.rackLinks[k]];
      return sum;
    },
    timings() {
      const sc = useStore.getState().scene;
      return sc ? { ...sc.timings } : null;
    },
    renderCost(n = 5) {
      const { gl, scene, camera } = registry;
      if (!gl || !scene || !camera) return -1;
      const px = new Uint8Array(4);
      const ctx = gl.getContext();
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        gl.render(scene, camera);
        ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
      }
      return (performance.now() - t) / n;
    },
    pickCost(n = 5) {
      const sc = useStore.getState().scene;
      const { camera, canvas } = registry;
      if (!sc || !camera || !canvas) return -1;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      const t = performance.now();
      for (let i = 0; i < n; i++) pickAt(sc, camera, w / 2 + i, h / 2, w, h);
      return (performance.now() - t) / n;
    },
    camera() {
      const cam = registry.camera;
      const t = registry.controls?.target;
      if (!cam || !t) return null;
      return { position: [cam.position.x, cam.position.y, cam.position.z], target: [t.x, t.y, t.z] };
    },
    selection() {
      const sel = useStore.getState().selection;
      return sel && { kind: sel.kind, id: sel.id };
    },
    tour() {
      const t = useTour.getState();
      return { id: t.tourId, step: t.step, playing: t.playing, presenting: t.presenting, flow: t.flow };
    },
    centralRack() {
      const sc = useStore.getState().scene;
      const canvas = registry.canvas;
      if (!sc || !canvas) return -1;
      const r = canvas.getBoundingClientRect();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < sc.fabric.rackCount; i++) {
        const p = api.projectRack(i);
        if (!p?.visible) continue;
        const d = Math.hypot(p.x - cx, p.y - cy);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      return best;
    },
  };
  (window as unknown as { fabricscope: FabricScopeApi }).fabricscope = api;
  return api;
}
