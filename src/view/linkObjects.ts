// The cable batches of a scene as three.js line objects: one LineSegments per batch, colours
// in a Uint8 buffer that painting rewrites in place. Shared by the main and the B view.

import * as THREE from 'three';
import type { SceneResult } from '../layout/pipeline';
import type { ColorMode } from '../state/store';
import { linkColors, paintBatch, worstMembers } from './colors';

export function makeLinkObjects(scene: SceneResult): THREE.LineSegments[] {
  const copper = new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.5 });
  // Dense scenes draw lighter lines so the bundles read as flows, not a solid sheet.
  const dense = scene.geometry.bundles.count > 1500;
  const optical = new THREE.LineBasicMaterial({
    vertexColors: true,
    transparent: true,
    opacity: dense ? 0.4 : 0.75,
  });
  copper.depthWrite = false;
  optical.depthWrite = false;
  // Exact legend colours: no tone mapping on cables (their colours carry data).
  copper.toneMapped = false;
  optical.toneMapped = false;
  return scene.geometry.links.map((b) => {
    const geom = new THREE.BufferGeometry();
    geom.setAttribute('position', new THREE.BufferAttribute(b.positions, 3));
    geom.setAttribute('color', new THREE.BufferAttribute(new Uint8Array(b.positions.length), 3, true));
    const line = new THREE.LineSegments(geom, b.optical ? optical : copper);
    line.frustumCulled = false;
    line.raycast = () => {};
    line.renderOrder = b.optical ? 2 : 1;
    line.name = `links-${b.bundled ? 'bundle' : 'detail'}-${b.tier}-${b.optical ? 'optical' : 'copper'}`;
    return line;
  });
}

/**
 * Shows the batches that fit the camera's distance from its target: rack-pair bundles beyond
 * `detailDistance`, single cables within it; hidden tiers and empty batches stay hidden.
 * Returns whether bundles are showing.
 */
export function showBatches(
  scene: SceneResult,
  objects: THREE.LineSegments[],
  distance: number,
  detailDistance: number,
  tierVisible: boolean[],
): boolean {
  const bundled = distance > detailDistance;
  scene.geometry.links.forEach((b, i) => {
    objects[i].visible = b.bundled === bundled && tierVisible[b.tier] !== false && b.items.length > 0;
  });
  return bundled;
}

export function disposeLinkObjects(objects: THREE.LineSegments[]): void {
  for (const o of objects) o.geometry.dispose();
  for (const m of new Set(objects.map((o) => o.material as THREE.Material))) m.dispose();
}

/**
 * Rewrites the colour buffers of a scene's cable objects: by utilization when `util` is given
 * (else 'utilization' falls back to medium), bundles by their worst member. `adjust` may edit
 * the per-link colours first (the tour's highlight).
 */
export function paintLinkObjects(
  scene: SceneResult,
  objects: THREE.LineSegments[],
  mode: ColorMode,
  util: Float32Array | null,
  adjust?: (color: Uint8Array, severity: Float32Array) => void,
): void {
  const { color, severity } = linkColors(scene, util ? mode : mode === 'utilization' ? 'medium' : mode, util);
  adjust?.(color, severity);
  const worst = worstMembers(scene.geometry.bundles, severity);
  scene.geometry.links.forEach((b, i) => {
    const attr = objects[i].geometry.getAttribute('color') as THREE.BufferAttribute;
    paintBatch(b, color, worst, attr.array as Uint8Array);
    attr.needsUpdate = true;
  });
}
