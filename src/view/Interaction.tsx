// Pointer handling on the canvas: hover (tooltip), click (select), double-click (fly to) and
// dragging a rack (Shift-drag, or any drag in move mode). Picking runs at most once per
// animation frame; dragging moves the rack's drawing live, then pins it in the scenario.

import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { SceneResult } from '../layout/pipeline';
import { useStore } from '../state/store';
import { floorPoint, moveRackDrawing, pickAt, rayAt } from './picking';
import { registry } from './registry';

export function Interaction({ scene }: { scene: SceneResult }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);

  useEffect(() => {
    const el = gl.domElement;
    let raf = 0;
    let last: { x: number; y: number } | null = null;
    let down: { x: number; y: number; id: number } | null = null;
    let drag: {
      rack: number;
      x0: number;
      z0: number;
      dx: number;
      dz: number;
      grab: [number, number];
    } | null = null;
    const local = (e: PointerEvent | MouseEvent) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top, w: r.width, h: r.height };
    };
    const hoverNow = () => {
      raf = 0;
      if (!last || drag) return;
      const r = el.getBoundingClientRect();
      const p = pickAt(scene, camera, last.x, last.y, r.width, r.height);
      useStore.getState().setHover(p ? { ...p, x: last.x, y: last.y } : null);
    };
    const onMove = (e: PointerEvent) => {
      const p = local(e);
      if (drag) {
        const fp = floorPoint(rayAt(camera, p.x, p.y, p.w, p.h));
        if (!fp) return;
        const snap = (v: number) => Math.round(v * 20) / 20;
        const nx = snap(drag.x0 + fp[0] - drag.grab[0]);
        const nz = snap(drag.z0 + fp[1] - drag.grab[1]);
        const ddx = nx - (drag.x0 + drag.dx);
        const ddz = nz - (drag.z0 + drag.dz);
        if (ddx || ddz) {
          moveRackDrawing(scene, drag.rack, ddx, ddz);
          drag.dx += ddx;
          drag.dz += ddz;
          invalidate();
        }
        return;
      }
      last = { x: p.x, y: p.y };
      if (!raf) raf = requestAnimationFrame(hoverNow);
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      const p = local(e);
      down = { x: p.x, y: p.y, id: e.pointerId };
      const st = useStore.getState();
      if (!(e.shiftKey || st.dragMode)) return;
      const hit = pickAt(scene, camera, p.x, p.y, p.w, p.h);
      const rack = hit?.kind === 'rack' ? hit.id : hit?.kind === 'node' ? scene.fabric.nodeRack[hit.id] : -1;
      const fp = floorPoint(rayAt(camera, p.x, p.y, p.w, p.h));
      if (rack < 0 || !fp) return;
      drag = {
        rack,
        x0: scene.placement.rackX[rack],
        z0: scene.placement.rackZ[rack],
        dx: 0,
        dz: 0,
        grab: fp,
      };
      if (registry.controls) registry.controls.enabled = false;
      el.setPointerCapture(e.pointerId);
      el.style.cursor = 'grabbing';
      st.setHover(null);
      e.stopImmediatePropagation();
      e.preventDefault();
    };
    const onUp = (e: PointerEvent) => {
      const p = local(e);
      if (drag) {
        const d = drag;
        drag = null;
        if (registry.controls) registry.controls.enabled = true;
        el.style.cursor = '';
        if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
        const st = useStore.getState();
        if (d.dx || d.dz) {
          st.select({ kind: 'rack', id: d.rack });
          st.pinRack(d.rack, d.x0 + d.dx, d.z0 + d.dz);
        }
        down = null;
        return;
      }
      if (down && Math.hypot(p.x - down.x, p.y - down.y) < 5) {
        const hit = pickAt(scene, camera, p.x, p.y, p.w, p.h);
        useStore.getState().select(hit);
      }
      down = null;
    };
    const onLeave = () => {
      last = null;
      if (!drag) useStore.getState().setHover(null);
    };
    const onDbl = (e: MouseEvent) => {
      const p = local(e);
      const hit = pickAt(scene, camera, p.x, p.y, p.w, p.h);
      if (hit) useStore.getState().select(hit, true);
    };
    // Capture phase: a rack drag must win over the orbit controls' own pointerdown.
    el.addEventListener('pointerdown', onDown, { capture: true });
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointerleave', onLeave);
    el.addEventListener('dblclick', onDbl);
    return () => {
      if (raf) cancelAnimationFrame(raf);
      el.removeEventListener('pointerdown', onDown, { capture: true });
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('dblclick', onDbl);
    };
  }, [gl, camera, scene, invalidate]);
  return null;
}
