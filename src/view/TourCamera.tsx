// Flies the camera to each tour step's pose: the focus (whole hall, one tier's switches, one
// rack) framed from the step's azimuth and elevation, at `zoom` times the distance that fits it.
// Its own eased flight, invalidating frame by frame; nothing renders once it lands.

import type { Flight } from './CameraRig';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { HALL } from '../layout/floor';
import type { SceneResult } from '../layout/pipeline';
import { NODE_GPU, TIER_INDEX } from '../model/fabric';
import type { CameraPose } from '../model/tour';
import { useStore } from '../state/store';
import { currentStep, useTour } from '../state/tour';
import { fitView, sceneBox } from './CameraRig';
import { registry } from './registry';

interface Box {
  centre: THREE.Vector3;
  half: THREE.Vector3;
}

/** The box a step's focus names; the whole hall when the tier or rack is absent. */
export function focusBox(scene: SceneResult, focus: CameraPose['focus']): Box {
  if (focus !== 'all' && 'rack' in focus) {
    const r = focus.rack;
    const p = scene.placement;
    if (r >= 0 && r < scene.fabric.rackCount) {
      const h = scene.geometry.rackHeight;
      return {
        centre: new THREE.Vector3(p.rackX[r], h / 2 + 0.2, p.rackZ[r]),
        half: new THREE.Vector3(HALL.rackWidth / 2 + 0.15, h / 2 + 0.4, HALL.rackDepth / 2 + 0.15),
      };
    }
  } else if (focus !== 'all') {
    const t = TIER_INDEX[focus.tier];
    const f = scene.fabric;
    const pos = scene.geometry.nodePos;
    const half = scene.geometry.nodeHalf;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeKind[n] === NODE_GPU || f.nodeTier[n] !== t) continue;
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k], pos[3 * n + k] - half[3 * n + k]);
        hi[k] = Math.max(hi[k], pos[3 * n + k] + half[3 * n + k]);
      }
    }
    if (Number.isFinite(lo[0])) {
      // Up to the cable trays above the racks, where the tier's links run.
      hi[1] = Math.max(hi[1], scene.geometry.rackHeight + 1.4);
      lo[1] = Math.min(lo[1], 0);
      return {
        centre: new THREE.Vector3((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2),
        half: new THREE.Vector3(
          Math.max(1, (hi[0] - lo[0]) / 2 + 0.3),
          (hi[1] - lo[1]) / 2,
          Math.max(1, (hi[2] - lo[2]) / 2 + 0.3),
        ),
      };
    }
  }
  return sceneBox(scene);
}

/** Direction from the target to the camera: azimuth 0 looks along +z, elevation above the floor. */
export function poseDirection(azimuthDeg: number, elevationDeg: number): THREE.Vector3 {
  const az = (azimuthDeg * Math.PI) / 180;
  const el = (elevationDeg * Math.PI) / 180;
  return new THREE.Vector3(-Math.sin(az) * Math.cos(el), Math.sin(el), -Math.cos(az) * Math.cos(el));
}

/** Camera position and target for a pose in a scene, for a view of the given aspect. */
export function poseView(
  scene: SceneResult,
  pose: CameraPose,
  fovDeg: number,
  aspect: number,
): { position: THREE.Vector3; target: THREE.Vector3 } {
  const { centre, half } = focusBox(scene, pose.focus);
  const dir = poseDirection(pose.azimuthDeg, pose.elevationDeg);
  const { target, distance } = fitView(centre, half, dir, fovDeg, aspect, 1.08);
  return { position: target.clone().addScaledVector(dir, distance * pose.zoom), target };
}

export function TourCamera({ scene }: { scene: SceneResult }) {
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const controls = useThree((s) => s.controls);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const tourId = useTour((s) => s.tourId);
  const step = useTour((s) => s.step);
  const tourHash = useTour((s) => s.hash);
  const presenting = useTour((s) => s.presenting);
  const flight = useRef<Flight | null>(null);
  const landed = useRef<string | null>(null);

  useEffect(() => {
    const cur = currentStep({ tourId, step });
    const ctl = registry.controls;
    if (!cur || !ctl || !controls || scene.hash !== tourHash) return;
    const key = `${tourId}|${step}|${scene.fabricKey}|${size.width}x${size.height}`;
    if (landed.current === key) return;
    const first = landed.current === null || !landed.current.startsWith(`${tourId}|`);
    const sameStep = landed.current?.startsWith(`${tourId}|${step}|`) ?? false;
    landed.current = key;
    const { position, target } = poseView(
      scene,
      cur.step.camera,
      camera.fov,
      size.width / Math.max(1, size.height),
    );
    // Close views of one rack in a large hall need a nearer near plane than the whole-hall fit.
    const d = position.distanceTo(target);
    camera.near = Math.min(camera.near, Math.max(0.02, d / 400));
    camera.updateProjectionMatrix();
    flight.current = {
      from: camera.position.clone(),
      to: position,
      fromT: new THREE.Vector3(ctl.target.x, ctl.target.y, ctl.target.z),
      toT: target,
      start: performance.now(),
      ms: sameStep ? 500 : first ? 1400 : 2000,
    };
    invalidate();
  }, [tourId, step, tourHash, scene, controls, camera, size, invalidate]);

  // Presenting a tour, the caption card covers the lower part of the screen: the view's centre
  // moves up by shifting the projection window (picking and projection follow the camera).
  useEffect(() => {
    if (presenting && tourId)
      camera.setViewOffset(size.width, size.height, 0, size.height * 0.1, size.width, size.height);
    else camera.clearViewOffset();
    camera.updateProjectionMatrix();
    invalidate();
  }, [presenting, tourId, size, camera, invalidate]);

  // Leaving the tour, or a fit / fly request, cancels a flight.
  useEffect(() => {
    if (!tourId) {
      flight.current = null;
      landed.current = null;
    }
  }, [tourId]);
  useEffect(
    () =>
      useStore.subscribe((s, prev) => {
        if (s.fitRequest !== prev.fitRequest || s.flyRequest !== prev.flyRequest) flight.current = null;
      }),
    [],
  );

  useFrame(() => {
    const fl = flight.current;
    const ctl = registry.controls;
    if (!fl || !ctl) return;
    const k = Math.min(1, (performance.now() - fl.start) / fl.ms);
    const e = k < 0.5 ? 4 * k * k * k : 1 - Math.pow(-2 * k + 2, 3) / 2;
    // Through a slightly higher arc, so long flights read as a move across the hall.
    camera.position.lerpVectors(fl.from, fl.to, e);
    camera.position.y += Math.sin(Math.PI * e) * 0.15 * fl.from.distanceTo(fl.to) * 0.5;
    const t = new THREE.Vector3().lerpVectors(fl.fromT, fl.toT, e);
    ctl.target.set(t.x, t.y, t.z);
    ctl.update();
    if (k >= 1) flight.current = null;
    else invalidate();
  });

  return null;
}
