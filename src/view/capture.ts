// The camera pose links carry, and the view as a high-resolution PNG: the canvas rendered once
// at a higher pixel ratio and read in the same task (before the drawing buffer is presented and
// cleared), then put back. Only the WebGL canvas: nothing from the DOM.

import { cameraBridge, type CameraPose } from '../state/url-sync';
import { registry } from './registry';

export function cameraPose(): CameraPose | null {
  const cam = registry.camera;
  const ctl = registry.controls;
  if (!cam || !ctl) return null;
  const p = cam.position;
  const t = ctl.target;
  return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
}

cameraBridge.get = cameraPose;

/** Longest side of an exported image (pixels), below every renderer's limit we meet. */
const MAX_SIDE = 6000;

/** Renders the view at `scale` × its CSS size and encodes it as PNG; null without a canvas. */
export function capturePng(scale = 3): Promise<Blob | null> {
  const { gl, scene, camera, invalidate } = registry;
  if (!gl || !scene || !camera) return Promise.resolve(null);
  const canvas = gl.domElement;
  const cssW = Math.max(1, canvas.clientWidth);
  const cssH = Math.max(1, canvas.clientHeight);
  const limit = Math.min(MAX_SIDE, gl.capabilities.maxTextureSize || MAX_SIDE);
  const ratio = Math.max(1, Math.min(scale, limit / Math.max(cssW, cssH)));
  const before = gl.getPixelRatio();
  return new Promise((resolve) => {
    try {
      gl.setPixelRatio(ratio);
      gl.render(scene, camera);
      // The snapshot is taken synchronously; the encoding finishes later.
      canvas.toBlob((b) => resolve(b), 'image/png');
    } catch {
      resolve(null);
    } finally {
      gl.setPixelRatio(before);
      invalidate();
    }
  });
}
