// The anchor for `npm run bench`: the same graph FabricScope draws, rendered by the popular
// 3d-force-graph library (one mesh per node, one line per link, a force simulation). The
// bench page calls window.anchor.run(graph) and reads what it returns.

import ForceGraph3D from '3d-force-graph';

interface Graph {
  nodes: { id: number; group: number }[];
  links: { source: number; target: number }[];
}

interface AnchorResult {
  firstFrameMs: number;
  drawCalls: number;
  triangles: number;
  frameMs: number;
}

declare global {
  interface Window {
    anchor: { run(graph: Graph, frames: number): Promise<AnchorResult> };
  }
}

window.anchor = {
  async run(graph, frames) {
    const t0 = performance.now();
    const el = document.getElementById('graph')!;
    // One warm-up tick gives every node a position (before it, all are culled); no cooldown ticks.
    const fg = new ForceGraph3D(el).graphData(graph).nodeAutoColorBy('group').cooldownTicks(0).warmupTicks(1);
    const renderer = fg.renderer();
    // First frame: wait until the library has drawn once.
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const firstFrameMs = performance.now() - t0;
    // Frame the whole graph (as FabricScope's first view does), or most of it is culled.
    fg.zoomToFit(0);
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    fg.pauseAnimation();
    renderer.info.autoReset = false;
    renderer.info.reset();
    // Same method as FabricScope's renderCost(): render, then read one pixel so the GPU (here
    // SwiftShader) has really finished the frame.
    const gl = renderer.getContext();
    const px = new Uint8Array(4);
    const f0 = performance.now();
    for (let i = 0; i < frames; i++) {
      renderer.render(fg.scene(), fg.camera());
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    }
    const frameMs = (performance.now() - f0) / frames;
    const drawCalls = renderer.info.render.calls / frames;
    const triangles = renderer.info.render.triangles / frames;
    return { firstFrameMs, drawCalls, triangles, frameMs };
  },
};
