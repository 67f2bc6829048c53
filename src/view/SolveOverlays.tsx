// Overlays for the solve and compare modes, drawn over the cables: links above 100% (three pixels
// wide: a bottleneck must stand out among thousands of busy one-pixel cables), failed links
// (dashed), links where side B differs from A, and links whose medium cannot reach their placed
// length. Each set is at most two draws (single cables, and rack-pair bundles when zoomed out),
// so draw calls stay bounded whatever the cluster size. Also the camera link between two views.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import type { SceneResult } from '../layout/pipeline';
import { matchLinksCached } from '../model/linkMatch';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { useStore } from '../state/store';
import { publishPose, pullPose, registerView, type ViewSide } from './cameraSync';
import { FAILED_COLOR, OVER_COLOR } from './colors';
import { diffShown, linkDiff } from './compareDiff';
import { worldDashDistances } from './dashPhase';
import { detailDistance } from './Links';

export const DIFF_COLOR = '#f8fafc';
export const REACH_COLOR = '#ff8c1a';

/** Single cables are copied into an overlay only up to this many links (else bundles only). */
const DETAIL_MAX = 150_000;

function gather(scene: SceneResult, mask: Uint8Array, bundled: boolean): Float32Array | null {
  const bun = scene.geometry.bundles;
  const take = (b: SceneResult['geometry']['links'][number], item: number): boolean => {
    const id = b.items[item];
    if (!b.bundled) return mask[id] === 1;
    for (let k = bun.memberStart[id]; k < bun.memberStart[id + 1]; k++) if (mask[bun.members[k]]) return true;
    return false;
  };
  let verts = 0;
  const picks: [number, number][] = [];
  scene.geometry.links.forEach((b, bi) => {
    if (b.bundled !== bundled) return;
    for (let i = 0; i < b.items.length; i++)
      if (take(b, i)) {
        picks.push([bi, i]);
        verts += b.offsets[i + 1] - b.offsets[i];
      }
  });
  if (!verts) return null;
  const out = new Float32Array(verts * 3);
  let o = 0;
  for (const [bi, i] of picks) {
    const b = scene.geometry.links[bi];
    const part = b.positions.subarray(b.offsets[i] * 3, b.offsets[i + 1] * 3);
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Wide lines (a quad per segment, six triangles) only up to this many segments: past it the
 * set is most of the fabric, and one-pixel lines show it as well. */
const WIDE_MAX_SEGMENTS = 60_000;

type OverlayLine = THREE.LineSegments | LineSegments2;

/** Shortest dash (m): close up, a dash about a cable's run between two rack units. */
const DASH_M = 0.35;

/** One set of links drawn over the cables in one colour (dashed or solid). */
export function LinkSetOverlay({
  scene,
  mask,
  count,
  color,
  dashed = false,
  widthPx = 0,
  name,
}: {
  scene: SceneResult;
  mask: Uint8Array | null;
  count: number;
  color: string;
  dashed?: boolean;
  /** Solid lines this many pixels wide, opaque (a warning, not a tint); 0: one-pixel lines. */
  widthPx?: number;
  name: string;
}) {
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3 } | null;
  const lines = useMemo(() => {
    if (!mask || count === 0) return [];
    const hasBundles = scene.geometry.links.some((b) => b.bundled && b.items.length > 0);
    const out: { line: OverlayLine; bundled: boolean }[] = [];
    const variants = hasBundles ? (count <= DETAIL_MAX ? [false, true] : [true]) : [false];
    for (const bundled of variants) {
      const pos = gather(scene, mask, bundled);
      if (!pos) continue;
      if (widthPx > 0 && !dashed && pos.length / 6 <= WIDE_MAX_SEGMENTS) {
        out.push({
          line: wideLines(pos, color, widthPx, `overlay-${name}-${bundled ? 'bundle' : 'detail'}`),
          bundled,
        });
        continue;
      }
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
      if (dashed) g.setAttribute('lineDistance', new THREE.BufferAttribute(worldDashDistances(pos), 1));
      const mat = dashed
        ? new THREE.LineDashedMaterial({
            color,
            dashSize: DASH_M,
            gapSize: 0.7 * DASH_M,
            transparent: true,
            opacity: 0.95,
            depthTest: false,
          })
        : new THREE.LineBasicMaterial({
            color,
            transparent: true,
            // A large set (every optical link) is a tint, so the colours under it still read.
            opacity: count > 20_000 ? 0.16 : count > 2000 ? 0.4 : 0.85,
            depthTest: false,
          });
      mat.toneMapped = false;
      const line = new THREE.LineSegments(g, mat);
      line.frustumCulled = false;
      line.raycast = () => {};
      line.renderOrder = 8;
      line.name = `overlay-${name}-${bundled ? 'bundle' : 'detail'}`;
      out.push({ line, bundled });
    }
    return out;
  }, [scene, mask, count, color, dashed, widthPx, name]);

  useEffect(() => {
    invalidate();
    return () => {
      for (const { line } of lines) {
        line.geometry.dispose();
        (line.material as THREE.Material).dispose();
      }
      invalidate();
    };
  }, [lines, invalidate]);

  useFrame(({ camera, size }) => {
    if (!lines.length) return;
    const t = controls?.target;
    const d = t ? camera.position.distanceTo(t) : 0;
    const zoomedOut = d > detailDistance(scene);
    const onlyBundles = !lines.some((l) => !l.bundled);
    for (const l of lines) {
      l.line.visible = onlyBundles || l.bundled === zoomedOut;
      // Dashes about a 100th of the view long: fixed in metres they merge into a solid line
      // once the whole hall is in view.
      const mat = l.line.material;
      // Wide lines are sized in pixels of the view they are drawn in.
      if (mat instanceof LineMaterial) mat.resolution.set(size.width, size.height);
      if (mat instanceof THREE.LineDashedMaterial) {
        mat.dashSize = Math.max(DASH_M, d / 100);
        mat.gapSize = 0.7 * mat.dashSize;
      }
    }
  });

  return (
    <group>
      {lines.map(({ line }) => (
        <primitive key={line.name} object={line} />
      ))}
    </group>
  );
}

/** Segments (position pairs) as screen-space quads `widthPx` wide, drawn over everything. */
function wideLines(pos: Float32Array, color: string, widthPx: number, name: string): LineSegments2 {
  const g = new LineSegmentsGeometry();
  g.setPositions(pos);
  const mat = new LineMaterial({
    color,
    linewidth: widthPx,
    transparent: true,
    opacity: 0.95,
    depthTest: false,
  });
  mat.toneMapped = false;
  const line = new LineSegments2(g, mat);
  line.frustumCulled = false;
  line.raycast = () => {};
  line.renderOrder = 8;
  line.name = name;
  return line;
}

function maskOf(linkCount: number, ids: readonly number[]): [Uint8Array | null, number] {
  if (!ids.length) return [null, 0];
  const m = new Uint8Array(linkCount);
  let n = 0;
  for (const l of ids)
    if (l >= 0 && l < linkCount && !m[l]) {
      m[l] = 1;
      n++;
    }
  return [m, n];
}

/** Links whose utilization is above 100%, and how many. */
function overMask(util: Float32Array | null): [Uint8Array | null, number] {
  if (!util) return [null, 0];
  const m = new Uint8Array(util.length);
  let n = 0;
  for (let l = 0; l < util.length; l++)
    if (util[l] > 1 + 1e-9) {
      m[l] = 1;
      n++;
    }
  return n ? [m, n] : [null, 0];
}

/** Publishes this view's camera to the other view and follows it. */
export function CameraSync({ side }: { side: ViewSide }) {
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const controls = useThree((s) => s.controls) as unknown as
    (THREE.EventDispatcher<{ change: object }> & { target: THREE.Vector3; update(): void }) | null;
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!controls) return;
    const pose = () => ({
      position: camera.position.toArray() as [number, number, number],
      target: controls.target.toArray() as [number, number, number],
      near: camera.near,
      far: camera.far,
    });
    const onChange = () => publishPose(side, pose());
    controls.addEventListener('change', onChange);
    const unregister = registerView(side, {
      pose,
      apply(p) {
        camera.position.fromArray(p.position);
        controls.target.fromArray(p.target);
        if (camera.near !== p.near || camera.far !== p.far) {
          camera.near = p.near;
          camera.far = p.far;
          camera.updateProjectionMatrix();
        }
        controls.update();
        invalidate();
      },
    });
    // A view that joins takes the other's pose (B follows A when the split opens).
    pullPose('a');
    return () => {
      controls.removeEventListener('change', onChange);
      unregister();
    };
  }, [camera, controls, side, invalidate]);
  return null;
}

/** The overlays of one side's view (A: the main scene; B: the comparison's other side). */
export function SolveOverlays({ scene, side }: { scene: SceneResult; side: ViewSide }) {
  const failedIds = useStore((s) => s.scenario.traffic.failedLinks);
  const comparing = useStore((s) => s.scenario.compare !== null);
  const overrides = useStore((s) => s.scenario.compare?.overrides);
  const sceneA = useStore((s) => s.scene);
  const sceneB = useCompare((s) => s.sceneB);
  // B's fabric may differ from A's: the same cables, found by their devices' names.
  const failedB = useMemo(() => {
    if (side !== 'b' || !sceneA || !sceneB || !failedIds.length) return [];
    return [...matchLinksCached(sceneA.fabric, sceneB.fabric, failedIds)].filter((l) => l >= 0);
  }, [side, sceneA, sceneB, failedIds]);
  const showDiff = useCompare((s) => s.showDiff);
  const showInfeasible = useCompare((s) => s.showInfeasible);
  const [failed, failedCount] = useMemo(
    () => maskOf(scene.fabric.linkCount, side === 'a' ? failedIds : failedB),
    [scene, side, failedIds, failedB],
  );
  const diff = useMemo(
    () => (comparing && sceneA && sceneB && overrides ? linkDiff(sceneA, sceneB, overrides) : null),
    [comparing, sceneA, sceneB, overrides],
  );
  // Links above 100% drawn again on top: a cable under coincident idle ones would hide its colour.
  const showingUtil = useStore((s) => s.colorMode === 'utilization');
  const util = useSolve((s) => s.results[scene.hash]?.linkUtilization ?? null);
  const [over, overCount] = useMemo(() => overMask(showingUtil ? util : null), [showingUtil, util]);
  const infeasible = scene.analysis.media.linkInfeasible;
  const infeasibleCount = scene.analysis.media.infeasibleCount;
  return (
    <>
      <LinkSetOverlay
        scene={scene}
        mask={over}
        count={overCount}
        color={OVER_COLOR}
        widthPx={3}
        name="over"
      />
      <LinkSetOverlay
        scene={scene}
        mask={failed}
        count={failedCount}
        color={FAILED_COLOR}
        dashed
        name="failed"
      />
      {comparing && diff && diffShown(showDiff, diff, sceneA?.fabric.linkCount ?? 0) && (
        <LinkSetOverlay
          scene={scene}
          mask={side === 'a' ? diff.a : diff.b}
          count={side === 'a' ? diff.countA : diff.countB}
          color={DIFF_COLOR}
          name="diff"
        />
      )}
      {comparing && showInfeasible && infeasibleCount > 0 && (
        <LinkSetOverlay
          scene={scene}
          mask={infeasible}
          count={infeasibleCount}
          color={REACH_COLOR}
          dashed
          name="reach"
        />
      )}
      {comparing && <CameraSync side={side} />}
    </>
  );
}
