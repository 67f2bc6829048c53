// Handles the view shares with the window.fabricscope hook, picking and dragging: the renderer,
// camera, controls and the three objects of the current scene. Module-level, not React state:
// written once per scene, read on demand.

import type { Camera, InstancedMesh, LineSegments, Scene, WebGLRenderer } from 'three';
import type { DeviceClass } from '../layout/geometry';

export interface OrbitLike {
  target: { x: number; y: number; z: number; set(x: number, y: number, z: number): unknown };
  enabled: boolean;
  update(): unknown;
}

export interface ViewRegistry {
  gl: WebGLRenderer | null;
  camera: Camera | null;
  scene: Scene | null;
  controls: OrbitLike | null;
  canvas: HTMLCanvasElement | null;
  invalidate: () => void;
  devices: Partial<Record<DeviceClass, InstancedMesh>>;
  /** Parallel to scene.geometry.links. */
  links: (LineSegments | null)[];
  /** Whether links are drawn bundled (zoomed out) right now, and which device classes show. */
  bundled: boolean;
  deviceVisible: Partial<Record<DeviceClass, boolean>>;
}

export const registry: ViewRegistry = {
  gl: null,
  camera: null,
  scene: null,
  controls: null,
  canvas: null,
  invalidate: () => {},
  devices: {},
  links: [],
  bundled: false,
  deviceVisible: {},
};
