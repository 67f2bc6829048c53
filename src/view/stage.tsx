// What both 3D views share: the canvas settings and the lighting. Sides A and B of a comparison
// must render alike, so neither keeps its own copy.

import type { CanvasProps } from '@react-three/fiber';
import * as THREE from 'three';
import { DEVICE_COLOR } from './colors';

/** Canvas props of a view; software renderers (SwiftShader) skip antialiasing and high DPR. */
export function stageProps(software: boolean): Partial<CanvasProps> {
  return {
    className: 'scene-canvas',
    frameloop: 'demand',
    dpr: software ? 1 : [1, 2],
    camera: { fov: 40, near: 0.1, far: 5000, position: [30, 30, 30] },
    gl: { antialias: !software, powerPreference: 'high-performance' },
    onCreated: ({ gl }) => {
      gl.toneMapping = THREE.ACESFilmicToneMapping;
      gl.toneMappingExposure = 1.05;
    },
  };
}

/** Background, fog and lights of a view. */
export function StageLights() {
  return (
    <>
      <color attach="background" args={[DEVICE_COLOR.background]} />
      <fog attach="fog" args={[DEVICE_COLOR.background, 400, 1400]} />
      <hemisphereLight args={['#b9d3ff', '#0b0f18', 0.9]} />
      <directionalLight position={[-40, 80, 60]} intensity={1.6} color="#ffffff" />
      <directionalLight position={[60, 40, -50]} intensity={0.5} color="#8fb3ff" />
      <ambientLight intensity={0.15} />
    </>
  );
}
