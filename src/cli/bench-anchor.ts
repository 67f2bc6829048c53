// The anchors, measured in the same run: the same graph drawn by FabricScope and by the popular
// 3d-force-graph library (dev dependency, built separately from the app into bench-out/anchor).

import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { build } from '../model/generators';
import { restore } from '../model/restore';
import { encodeShare } from '../share/codec';
import type { BenchRow } from './bench';
import { launchChromium } from './chromium';

interface FabricScopeWindow {
  fabricscope?: {
    status(): { phase: string; drawCalls: number; triangles: number; error: string | null };
    renderCost(n?: number): number;
  };
  anchor?: { run(graph: unknown, frames: number): Promise<Record<string, number>> };
}

/** Two Clos fabrics without scale-up: about 5,000 nodes / 7,000 links, and about four times that. */
const GRAPHS = [
  { name: '≈5k nodes', gpus: 4608 },
  { name: '≈19k nodes', gpus: 18432 },
];

function scenarioFor(gpus: number) {
  return restore({
    name: `anchor graph ${gpus}`,
    topology: {
      kind: 'clos3',
      gpus,
      gpusPerLeaf: 32,
      leavesPerPod: 16,
      leafOversubscription: 4,
      spineOversubscription: 1,
    },
    scaleUp: { kind: 'none' },
    switches: { leaf: 'sn5600', spine: 'sn5600', core: 'sn5600' },
  }).scenario;
}

const FRAMES = 5;

async function waitDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = (window as unknown as FabricScopeWindow).fabricscope?.status();
      return !!s && s.drawCalls > 0 && s.phase !== 'loading' && s.phase !== 'placing';
    },
    undefined,
    { timeout: 300_000, polling: 50 },
  );
}

export async function benchAnchors(appUrl: string): Promise<BenchRow[]> {
  execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.anchor.config.ts'], { stdio: 'inherit' });
  const server = await preview({
    root: 'bench/anchor',
    build: { outDir: '../../bench-out/anchor' },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  const anchorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4174}/`;
  const ctx = await launchChromium();
  const rows: BenchRow[] = [];
  try {
    for (const g of GRAPHS) {
      const s = scenarioFor(g.gpus);
      const f = build(s);
      const section = `anchor: ${g.name} (${f.nodeCount.toLocaleString('en-US')} nodes, ${f.linkCount.toLocaleString('en-US')} links)`;

      const ours = await ctx.newPage();
      const t0 = Date.now();
      await ours.goto(`${appUrl}${encodeShare(s, {}, null, () => undefined)}`);
      await waitDrawn(ours);
      const oursFirst = Date.now() - t0;
      const oursStatus = await ours.evaluate(() =>
        (window as unknown as FabricScopeWindow).fabricscope!.status(),
      );
      const oursFrame = await ours.evaluate(
        (n) => (window as unknown as FabricScopeWindow).fabricscope!.renderCost(n),
        FRAMES,
      );
      await ours.close();

      const graph = {
        nodes: Array.from({ length: f.nodeCount }, (_, i) => ({
          id: i,
          group: f.nodeKind[i] * 16 + f.nodeTier[i],
        })),
        links: Array.from({ length: f.linkCount }, (_, l) => ({ source: f.linkA[l], target: f.linkB[l] })),
      };
      const theirs = await ctx.newPage();
      await theirs.goto(anchorUrl);
      await theirs.waitForFunction(() => !!(window as unknown as FabricScopeWindow).anchor);
      const t1 = Date.now();
      const r = await theirs.evaluate(
        ([graphData, n]) => (window as unknown as FabricScopeWindow).anchor!.run(graphData, n as number),
        [graph, FRAMES] as const,
      );
      const theirsFirst = Date.now() - t1;
      await theirs.close();

      const ratio = (a: number, b: number) => (a > 0 ? b / a : NaN);
      rows.push(
        {
          section,
          name: 'FabricScope: URL → first frame',
          value: oursFirst,
          unit: 'ms',
          note: 'build, place, analyse in a worker, then draw',
        },
        {
          section,
          name: '3d-force-graph: data → first frame',
          value: theirsFirst,
          unit: 'ms',
          note: 'one simulation tick, then the first frame',
        },
        { section, name: 'FabricScope: draw calls', value: oursStatus.drawCalls, unit: '' },
        { section, name: '3d-force-graph: draw calls', value: r.drawCalls, unit: '' },
        {
          section,
          name: 'draw calls, 3d-force-graph ÷ FabricScope',
          value: ratio(oursStatus.drawCalls, r.drawCalls),
          unit: '×',
        },
        {
          section,
          name: 'FabricScope: frame time',
          value: oursFrame,
          unit: 'ms',
          note: `mean of ${FRAMES} forced renders (SwiftShader)`,
        },
        {
          section,
          name: '3d-force-graph: frame time',
          value: r.frameMs,
          unit: 'ms',
          note: `mean of ${FRAMES} forced renders (SwiftShader)`,
        },
        {
          section,
          name: 'frame time, 3d-force-graph ÷ FabricScope',
          value: ratio(oursFrame, r.frameMs),
          unit: '×',
        },
      );
    }
  } finally {
    await ctx.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  return rows;
}
