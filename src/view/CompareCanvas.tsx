// Side B of a comparison: a second canvas with the same floor, devices and cables as the main
// view, coloured the same way (by B's own utilization once B is solved). Its camera follows the
// main view's and drives it back (cameraSync). Not pickable: selection lives in the main view.

import { OrbitControls } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { disposeLinkObjects, makeLinkObjects, paintLinkObjects, showBatches } from './linkObjects';
import type { SceneResult } from '../layout/pipeline';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { useStore } from '../state/store';
import { StageLights, stageProps } from './stage';
import { Devices } from './Devices';
import { Floor } from './Floor';
import { detailDistance } from './Links';
import { SolveOverlays } from './SolveOverlays';

function utilB(scene: SceneResult): Float32Array | null {
  const hashB = useCompare.getState().hashB;
  if (!hashB || scene.hash !== hashB) return null;
  return useSolve.getState().results[hashB]?.linkUtilization ?? null;
}

function SideLinks({ scene }: { scene: SceneResult }) {
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3 } | null;
  const objects = useMemo(() => makeLinkObjects(scene), [scene]);

  useEffect(() => {
    let last: [Float32Array | null, string] | null = null;
    const paint = () => {
      const util = utilB(scene);
      const mode = useStore.getState().colorMode;
      if (last && last[0] === util && last[1] === mode) return;
      last = [util, mode];
      paintLinkObjects(scene, objects, mode, util);
      invalidate();
    };
    paint();
    const u1 = useStore.subscribe((s, prev) => {
      if (s.colorMode !== prev.colorMode) paint();
      if (s.tierVisible !== prev.tierVisible) invalidate();
    });
    const u2 = useSolve.subscribe((s, prev) => {
      if (s.results !== prev.results) paint();
    });
    const u3 = useCompare.subscribe((s, prev) => {
      if (s.hashB !== prev.hashB) paint();
    });
    return () => {
      u1();
      u2();
      u3();
      disposeLinkObjects(objects);
    };
  }, [objects, scene, invalidate]);

  useFrame(({ camera }) => {
    const t = controls?.target;
    const d = t ? camera.position.distanceTo(t) : 0;
    showBatches(scene, objects, d, detailDistance(scene), useStore.getState().tierVisible);
  });

  return (
    <group>
      {objects.map((o, i) => (
        <primitive key={i} object={o} />
      ))}
    </group>
  );
}

function StatsB() {
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    scene.onAfterRender = (renderer) => {
      const info = renderer.info.render;
      const cur = useCompare.getState().statsB;
      if (cur.drawCalls !== info.calls || cur.triangles !== info.triangles)
        useCompare.setState({ statsB: { drawCalls: info.calls, triangles: info.triangles } });
    };
    return () => {
      scene.onAfterRender = () => {};
    };
  }, [scene]);
  return null;
}

function ContentB() {
  const scene = useCompare((s) => s.sceneB);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => invalidate(), [scene, invalidate]);
  if (!scene) return null;
  return (
    <>
      <Floor hall={scene.placement.hall} />
      <Devices scene={scene} register={false} />
      <SideLinks scene={scene} />
      <SolveOverlays scene={scene} side="b" />
    </>
  );
}

export function CompareCanvas({ software }: { software: boolean }) {
  return (
    <Canvas {...stageProps(software)} data-testid="canvas-b">
      <StageLights />
      <StatsB />
      <OrbitControls
        makeDefault
        regress
        enableDamping={false}
        maxPolarAngle={Math.PI * 0.49}
        screenSpacePanning
      />
      <ContentB />
    </Canvas>
  );
}
