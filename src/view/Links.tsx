// Every link as a cable: up from its port to the tier's tray level, across, and down. One
// LineSegments per tier and style (copper / optical) with per-vertex colour; one more set of
// bundles (a line per rack pair and tier, coloured by its worst member) shown when zoomed out.
// Re-colouring rewrites colour buffers only, outside React.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { SceneResult } from '../layout/pipeline';
import { useStore } from '../state/store';
import { useTour } from '../state/tour';
import { linkColors, paintBatch, worstMembers } from './colors';
import { registry } from './registry';
import { applyTourHighlight } from './TourHighlight';

/** Camera distance (m) under which single links replace bundles; small fabrics never bundle. */
export function detailDistance(scene: SceneResult): number {
  return scene.fabric.linkCount <= 60_000 ? Infinity : 80;
}

export function Links({ scene }: { scene: SceneResult }) {
  const invalidate = useThree((s) => s.invalidate);
  const objects = useMemo(() => {
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
      const nVerts = b.positions.length / 3;
      geom.setAttribute('color', new THREE.BufferAttribute(new Uint8Array(nVerts * 3), 3, true));
      const line = new THREE.LineSegments(geom, b.optical ? optical : copper);
      line.frustumCulled = false;
      line.raycast = () => {};
      line.renderOrder = b.optical ? 2 : 1;
      line.name = `links-${b.bundled ? 'bundle' : 'detail'}-${b.tier}-${b.optical ? 'optical' : 'copper'}`;
      return line;
    });
  }, [scene]);

  useEffect(() => {
    registry.links = objects;
    const paint = () => {
      const st = useStore.getState();
      const util = st.utilizationHash === scene.hash ? st.linkUtilization : null;
      const { color, severity } = linkColors(
        scene,
        util ? st.colorMode : st.colorMode === 'utilization' ? 'medium' : st.colorMode,
        util,
      );
      applyTourHighlight(scene, color, severity);
      const worst = worstMembers(scene.geometry.bundles, severity);
      scene.geometry.links.forEach((b, i) => {
        const attr = objects[i].geometry.getAttribute('color') as THREE.BufferAttribute;
        paintBatch(b, color, worst, attr.array as Uint8Array);
        attr.needsUpdate = true;
      });
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
      for (const o of objects) o.geometry.dispose();
      for (const m of new Set(objects.map((o) => o.material as THREE.Material))) m.dispose();
    };
  }, [objects, scene, invalidate]);

  useFrame(({ camera }) => {
    const t = registry.controls?.target;
    const d = t ? camera.position.distanceTo(new THREE.Vector3(t.x, t.y, t.z)) : 0;
    const bundled = d > detailDistance(scene);
    registry.bundled = bundled;
    const tiers = useStore.getState().tierVisible;
    scene.geometry.links.forEach((b, i) => {
      objects[i].visible = b.bundled === bundled && tiers[b.tier] !== false && b.items.length > 0;
    });
  });

  return (
    <group>
      {objects.map((o, i) => (
        <primitive key={i} object={o} />
      ))}
    </group>
  );
}
