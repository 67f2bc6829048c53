// Every link as a cable: up from its port to the tier's tray level, across, and down. One
// LineSegments per tier and style (copper / optical) with per-vertex colour; one more set of
// bundles (a line per rack pair and tier, coloured by its worst member) shown when zoomed out.
// Re-colouring rewrites colour buffers only, outside React.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { disposeLinkObjects, makeLinkObjects, paintLinkObjects, showBatches } from './linkObjects';
import type { SceneResult } from '../layout/pipeline';
import { useStore } from '../state/store';
import { useTour } from '../state/tour';
import { registry } from './registry';
import { applyTourHighlight } from './TourHighlight';

/** Camera distance (m) under which single links replace bundles; small fabrics never bundle. */
export function detailDistance(scene: SceneResult): number {
  return scene.fabric.linkCount <= 60_000 ? Infinity : 80;
}

export function Links({ scene }: { scene: SceneResult }) {
  const invalidate = useThree((s) => s.invalidate);
  const objects = useMemo(() => makeLinkObjects(scene), [scene]);

  useEffect(() => {
    registry.links = objects;
    const paint = () => {
      const st = useStore.getState();
      const util = st.utilizationHash === scene.hash ? st.linkUtilization : null;
      paintLinkObjects(scene, objects, st.colorMode, util, (color, severity) =>
        applyTourHighlight(scene, color, severity),
      );
      invalidate();
    };
    paint();
    const unsub = useStore.subscribe((s, prev) => {
      if (s.colorMode !== prev.colorMode || s.linkUtilization !== prev.linkUtilization) paint();
      if (s.tierVisible !== prev.tierVisible) invalidate();
    });
    const unsubTour = useTour.subscribe((s, prev) => {
      if (s.tourId !== prev.tourId || s.step !== prev.step) paint();
    });
    return () => {
      unsub();
      unsubTour();
      disposeLinkObjects(objects);
    };
  }, [objects, scene, invalidate]);

  useFrame(({ camera }) => {
    const t = registry.controls?.target;
    const d = t ? camera.position.distanceTo(new THREE.Vector3(t.x, t.y, t.z)) : 0;
    registry.bundled = showBatches(scene, objects, d, detailDistance(scene), useStore.getState().tierVisible);
  });

  return (
    <group>
      {objects.map((o, i) => (
        <primitive key={i} object={o} />
      ))}
    </group>
  );
}
