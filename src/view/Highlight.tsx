// Outlines of the hovered and the selected item (device box, rack, or a link's cable). Two
// LineSegments, rebuilt only when the selection or hover changes.

import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { SceneResult } from '../layout/pipeline';
import { useStore, type Pick } from '../state/store';
import { pickOutline } from './picking';

export function Highlight({ scene }: { scene: SceneResult }) {
  const invalidate = useThree((s) => s.invalidate);
  const [sel, hov] = useMemo(() => {
    const make = (color: string, opacity: number) => {
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.Float32BufferAttribute([], 3));
      const l = new THREE.LineSegments(
        g,
        new THREE.LineBasicMaterial({ color, transparent: true, opacity, depthTest: false }),
      );
      l.renderOrder = 10;
      l.frustumCulled = false;
      l.raycast = () => {};
      return l;
    };
    return [make('#ffffff', 1), make('#9fdcff', 0.8)];
  }, []);

  useEffect(() => {
    const set = (line: THREE.LineSegments, p: Pick | null) => {
      const pts = p ? pickOutline(scene, p) : new Float32Array(0);
      line.geometry.setAttribute('position', new THREE.BufferAttribute(pts, 3));
      line.visible = pts.length > 0;
    };
    const apply = () => {
      const st = useStore.getState();
      set(sel, st.selection);
      const h = st.hover;
      set(hov, h && !(st.selection && h.kind === st.selection.kind && h.id === st.selection.id) ? h : null);
      invalidate();
    };
    apply();
    return useStore.subscribe((s, prev) => {
      if (
        s.selection !== prev.selection ||
        s.hover?.id !== prev.hover?.id ||
        s.hover?.kind !== prev.hover?.kind
      )
        apply();
    });
  }, [scene, sel, hov, invalidate]);

  return (
    <group>
      <primitive object={sel} />
      <primitive object={hov} />
    </group>
  );
}
