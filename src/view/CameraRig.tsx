// Orbit / pan / zoom, the default framing (the whole cluster, from the front and above), fit to
// view and fly to the selection. Animations invalidate frame by frame; nothing renders at rest.

import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import type { SceneResult } from '../layout/pipeline';
import { useStore } from '../state/store';
import { useTour } from '../state/tour';
import { cameraApplied, cameraAtDefault, cameraFitted, cameraMoved, useShareStore } from '../state/url-sync';
import { cameraPose } from './capture';
import { pickBox } from './picking';
import { registry, type OrbitLike } from './registry';

/** A camera flight from one pose to another (shared with the tour camera). */
export interface Flight {
  from: THREE.Vector3;
  to: THREE.Vector3;
  fromT: THREE.Vector3;
  toT: THREE.Vector3;
  start: number;
  ms: number;
  onDone?: () => void;
}

/** Direction from the target to the camera: in front of the rows, a little to the left, above. */
const VIEW_DIR = new THREE.Vector3(-0.42, 0.78, 1).normalize();

/**
 * Camera target and distance that fit an axis-aligned box in view along `dir`: the distance
 * so every corner is inside the frustum, then the target panned so the box's projection is
 * centred (perspective makes the near side larger), twice.
 */
export function fitView(
  centre: THREE.Vector3,
  half: THREE.Vector3,
  dir: THREE.Vector3,
  fovDeg: number,
  aspect: number,
  margin = 1.03,
): { target: THREE.Vector3; distance: number } {
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  const tanH = tanV * aspect;
  const z = dir.clone().normalize();
  const x = new THREE.Vector3().crossVectors(new THREE.Vector3(0, 1, 0), z).normalize();
  const y = new THREE.Vector3().crossVectors(z, x);
  const corners: THREE.Vector3[] = [];
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1])
        corners.push(
          new THREE.Vector3(centre.x + sx * half.x, centre.y + sy * half.y, centre.z + sz * half.z),
        );
  const target = centre.clone();
  let d = 0;
  for (let iter = 0; iter < 3; iter++) {
    d = 0;
    for (const c of corners) {
      const p = c.clone().sub(target);
      const cz = p.dot(z);
      d = Math.max(d, cz + (Math.abs(p.dot(y)) * margin) / tanV, cz + (Math.abs(p.dot(x)) * margin) / tanH);
    }
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const c of corners) {
      const p = c.clone().sub(target);
      const depth = d - p.dot(z);
      const sx = p.dot(x) / (depth * tanH);
      const sy = p.dot(y) / (depth * tanV);
      x0 = Math.min(x0, sx);
      x1 = Math.max(x1, sx);
      y0 = Math.min(y0, sy);
      y1 = Math.max(y1, sy);
    }
    target.addScaledVector(x, ((x0 + x1) / 2) * d * tanH).addScaledVector(y, ((y0 + y1) / 2) * d * tanV);
  }
  return { target, distance: d };
}

export function sceneBox(scene: SceneResult): { centre: THREE.Vector3; half: THREE.Vector3 } {
  const p = scene.placement;
  let x0 = Infinity;
  let x1 = -Infinity;
  let z0 = Infinity;
  let z1 = -Infinity;
  for (let r = 0; r < p.rackX.length; r++) {
    x0 = Math.min(x0, p.rackX[r]);
    x1 = Math.max(x1, p.rackX[r]);
    z0 = Math.min(z0, p.rackZ[r]);
    z1 = Math.max(z1, p.rackZ[r]);
  }
  if (!Number.isFinite(x0)) [x0, x1, z0, z1] = [-1, 1, -1, 1];
  const top = scene.geometry.rackHeight + 1.5;
  return {
    centre: new THREE.Vector3((x0 + x1) / 2, top * 0.35, (z0 + z1) / 2),
    half: new THREE.Vector3((x1 - x0) / 2 + 0.6, top / 2, (z1 - z0) / 2 + 0.9),
  };
}

export function CameraRig({ scene }: { scene: SceneResult }) {
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as (OrbitLike & { object: THREE.Camera }) | null;
  const flight = useRef<Flight | null>(null);
  const fitRequest = useStore((s) => s.fitRequest);
  const flyRequest = useStore((s) => s.flyRequest);
  const fabricKey = scene.fabricKey;
  const sceneRef = useRef(scene);
  sceneRef.current = scene;

  useEffect(() => {
    registry.controls = controls;
  }, [controls]);

  const goTo = (pos: THREE.Vector3, target: THREE.Vector3, ms: number, onDone?: () => void) => {
    if (!controls) return;
    if (ms <= 0) {
      camera.position.copy(pos);
      controls.target.set(target.x, target.y, target.z);
      controls.update();
      invalidate();
      onDone?.();
      return;
    }
    const t = controls.target;
    flight.current = {
      from: camera.position.clone(),
      to: pos,
      fromT: new THREE.Vector3(t.x, t.y, t.z),
      toT: target,
      start: performance.now(),
      ms,
      onDone,
    };
    invalidate();
  };

  const fitAll = (ms: number, onDone?: () => void) => {
    const { centre, half } = sceneBox(sceneRef.current);
    const { target, distance: d } = fitView(
      centre,
      half,
      VIEW_DIR,
      camera.fov,
      size.width / Math.max(1, size.height),
    );
    camera.near = Math.max(0.05, d / 2000);
    camera.far = d * 20 + 500;
    camera.updateProjectionMatrix();
    goTo(target.clone().addScaledVector(VIEW_DIR, d), target, ms, onDone);
  };

  // A new fabric (not a drag) or a fit request frames the whole cluster.
  useEffect(() => {
    fitAll(0, () => cameraFitted(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fabricKey, controls]);
  // A link's camera pose, once its scene is here (after the default framing above).
  const pendingCamera = useShareStore((s) => s.pendingCamera);
  const sceneHash = scene.hash;
  useEffect(() => {
    if (!pendingCamera || pendingCamera.hash !== sceneHash || !controls) return;
    const { pose, seq } = pendingCamera;
    if (pose) {
      flight.current = null;
      goTo(new THREE.Vector3(...pose.position), new THREE.Vector3(...pose.target), 0);
    } else fitAll(0);
    cameraApplied(seq);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingCamera, sceneHash, controls]);
  // The view changed shape (a comparison split it, the window was resized): a camera still at
  // the default framing frames the cluster again, so nothing is cut off at the sides.
  const firstSize = useRef(true);
  useEffect(() => {
    if (firstSize.current) {
      firstSize.current = false;
      return;
    }
    if (!flight.current && !useTour.getState().tourId && cameraAtDefault()) fitAll(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [size.width, size.height]);
  const poseAtStart = useRef<string | null>(null);
  const firstFit = useRef(fitRequest);
  useEffect(() => {
    if (fitRequest !== firstFit.current) fitAll(650, () => cameraFitted(true));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitRequest]);
  const firstFly = useRef(flyRequest);
  useEffect(() => {
    if (flyRequest === firstFly.current) return;
    const sel = useStore.getState().selection;
    const box = sel && pickBox(sceneRef.current, sel);
    if (!box) return;
    const target = new THREE.Vector3(box[0], box[1], box[2]);
    const r = Math.max(box[3], box[4], box[5], 0.4);
    const d = Math.max(3, r * 3.2);
    goTo(target.clone().addScaledVector(VIEW_DIR, d), target, 800, cameraMoved);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flyRequest]);

  useFrame(() => {
    const fl = flight.current;
    if (!fl || !controls) return;
    const k = Math.min(1, (performance.now() - fl.start) / fl.ms);
    const e = k < 0.5 ? 4 * k * k * k : 1 - Math.pow(-2 * k + 2, 3) / 2;
    camera.position.lerpVectors(fl.from, fl.to, e);
    const t = new THREE.Vector3().lerpVectors(fl.fromT, fl.toT, e);
    controls.target.set(t.x, t.y, t.z);
    controls.update();
    if (k >= 1) {
      flight.current = null;
      fl.onDone?.();
    } else invalidate();
  });

  return (
    <OrbitControls
      makeDefault
      regress
      enableDamping={false}
      maxPolarAngle={Math.PI * 0.49}
      screenSpacePanning
      onStart={() => {
        poseAtStart.current = JSON.stringify(cameraPose());
      }}
      onEnd={() => {
        if (JSON.stringify(cameraPose()) !== poseAtStart.current) cameraMoved();
      }}
    />
  );
}
