// Runs the flow animation while it is on: sets the link objects' flow attributes for the scene
// (and again when utilization arrives), then advances the shader's time each frame and asks for
// the next one. Off, it requests nothing: the canvas goes back to rendering on demand.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import type { SceneResult } from '../layout/pipeline';
import { useStore } from '../state/store';
import { useTour } from '../state/tour';
import { flowUniforms, linkRates, setFlowAttributes } from './FlowAnimationShader';
import { registry } from './registry';

const target = new THREE.Vector3();

export function FlowAnimation({ scene }: { scene: SceneResult }) {
  const invalidate = useThree((s) => s.invalidate);
  const flow = useTour((s) => s.flow);
  const util = useStore((s) => (s.utilizationHash === scene.hash ? s.linkUtilization : null));

  useEffect(() => {
    flowUniforms.uFlowOn.value = flow ? 1 : 0;
    if (flow) setFlowAttributes(scene, registry.links, linkRates(scene, util));
    invalidate();
  }, [flow, scene, util, invalidate]);

  useFrame(({ camera }) => {
    if (!flow) return;
    flowUniforms.uFlowTime.value = (performance.now() / 1000) % 3600;
    // Pulses about a 60th of the view apart: visible from a rack up to the whole hall.
    const t = registry.controls?.target;
    const d = t ? camera.position.distanceTo(target.set(t.x, t.y, t.z)) : 50;
    flowUniforms.uFlowSpacing.value = Math.min(40, Math.max(0.35, d / 60));
    invalidate();
  });

  return null;
}
