// The 3D view: an R3F canvas rendering on demand, with the floor, the instanced devices, the
// batched cables, highlights, camera rig and pointer interaction. Render stats come from the
// renderer after each frame; the first frame of a new scene marks the app "ready".

import { AdaptiveDpr } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { Component, useEffect, type ReactNode } from 'react';
import { useStore } from '../state/store';
import { CameraRig } from './CameraRig';
import { StageLights, stageProps } from './stage';
import { Devices } from './Devices';
import { Floor } from './Floor';
import { Highlight } from './Highlight';
import { Interaction } from './Interaction';
import { Links } from './Links';
import { registry } from './registry';
import { SolveOverlays } from './SolveOverlays';
import { FlowAnimation } from './FlowAnimation';
import { TourCamera } from './TourCamera';

let drawnHash: string | null = null;
const frameTimes: number[] = [];

/** Hooks the renderer: stats after every frame, and "drawn" for the scene on screen. */
function FrameHook() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    registry.gl = gl;
    registry.camera = camera;
    registry.scene = scene;
    registry.canvas = gl.domElement;
    registry.invalidate = invalidate;
    let lastStats = 0;
    scene.onAfterRender = (renderer) => {
      const now = performance.now();
      frameTimes.push(now);
      while (frameTimes.length && frameTimes[0] < now - 1000) frameTimes.shift();
      const info = renderer.info.render;
      const st = useStore.getState();
      const changed = info.calls !== st.stats.drawCalls || info.triangles !== st.stats.triangles;
      if (changed || now - lastStats > 250) {
        lastStats = now;
        const gaps = frameTimes.length > 1 ? (now - frameTimes[0]) / (frameTimes.length - 1) : 0;
        st.setStats({
          drawCalls: info.calls,
          triangles: info.triangles,
          lines: info.lines,
          fps: frameTimes.length > 1 ? Math.round(1000 / Math.max(gaps, 1)) : 0,
        });
      }
      if (drawnHash) {
        const h = drawnHash;
        // After the frame is handed to the compositor.
        setTimeout(() => useStore.getState().markDrawn(h), 0);
      }
    };
    return () => {
      scene.onAfterRender = () => {};
    };
  }, [gl, scene, camera, invalidate]);
  return null;
}

function Content() {
  const scene = useStore((s) => s.scene);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    drawnHash = scene?.hash ?? null;
    invalidate();
  }, [scene, invalidate]);
  if (!scene) return null;
  return (
    <>
      <Floor hall={scene.placement.hall} />
      <Devices scene={scene} />
      <Links scene={scene} />
      <Highlight scene={scene} />
      <CameraRig scene={scene} />
      <TourCamera scene={scene} />
      <FlowAnimation scene={scene} />
      <Interaction scene={scene} />
      <SolveOverlays scene={scene} side="a" />
    </>
  );
}

/**
 * Whether WebGL runs on a software rasterizer (SwiftShader, llvmpipe): then the canvas skips
 * multisampling and renders at one pixel per CSS pixel, and at a lower resolution while moving.
 */
export function softwareRenderer(): boolean {
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    if (!gl) return false;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(name);
  } catch {
    return false;
  }
}

let software: boolean | null = null;

/** A canvas that cannot start (no WebGL) leaves the rest of the app working, with a message. */
class SceneBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  componentDidCatch(e: unknown) {
    useStore.setState({
      phase: 'error',
      error: `3D view unavailable: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  render() {
    if (this.state.error)
      return (
        <div className="status error" role="alert">
          The 3D view could not start (WebGL unavailable?): {this.state.error}. Figures and panels still work.
        </div>
      );
    return this.props.children;
  }
}

export function SceneCanvas() {
  software ??= softwareRenderer();
  return (
    <SceneBoundary>
      <SceneCanvasInner software={software} />
    </SceneBoundary>
  );
}

function SceneCanvasInner({ software }: { software: boolean }) {
  return (
    <Canvas {...stageProps(software)} performance={{ min: software ? 0.5 : 0.75, debounce: 250 }}>
      <StageLights />
      <AdaptiveDpr />
      <FrameHook />
      <Content />
    </Canvas>
  );
}
