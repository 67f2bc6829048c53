// Browser and placement benchmarks for `npm run bench` (wired in by bench.ts). Never pass/fail.
//
// benchBrowser: per preset, in headless system Chromium (WebGL through SwiftShader, the flags of
// tests/e2e/browser.ts), the time from URL to `ready`, draw calls, triangles, placement time,
// main-thread long tasks (PerformanceObserver 'longtask') during load and during a scripted
// orbit, and the JS heap. Needs a served build (e.g. `vite preview` of dist/) at baseUrl.
//
// benchPlacement: the pure placement in Node, per preset (force layout over units, snapping,
// and the whole worker pipeline: build + place + media/BOM + geometry).

import { ScenePipeline } from '../layout/pipeline';
import { forceTargets, pinnedRacks, rackPairWeights, snapToGrid } from '../layout/place';
import { build } from '../model/generators';
import { restore } from '../model/restore';
import { CHROMIUM_FLAGS, launchChromium } from './chromium';
import { loadRaw, presetIds } from './load';

export { CHROMIUM_FLAGS };

interface PageStatus {
  phase: string;
  drawCalls: number;
  triangles: number;
  placementMs: number | null;
  gpus: number;
  links: number;
  error: string | null;
}

interface BenchWindow {
  fabricscope?: { status(): PageStatus };
  __longTasks?: { start: number; duration: number }[];
}

/** Installed before the app's scripts: records every main-thread long task (> 50 ms). */
function recordLongTasks() {
  const w = window as unknown as BenchWindow;
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task API: the figures stay empty.
  }
}

const summarise = (tasks: { duration: number }[]) => ({
  count: tasks.length,
  maxMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
  over100: tasks.filter((t) => t.duration > 100).length,
});

export async function benchBrowser(
  presetIds: string[],
  baseUrl: string,
  opts: { width?: number; height?: number; timeoutMs?: number } = {},
): Promise<Array<Record<string, number | string>>> {
  const ctx = await launchChromium({
    args: ['--enable-precise-memory-info'],
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
  });
  const rows: Array<Record<string, number | string>> = [];
  try {
    for (const id of presetIds) {
      const page = await ctx.newPage();
      // One preset failing is a row with its error, not the end of the run.
      try {
        await page.addInitScript(recordLongTasks);
        const t0 = Date.now();
        await page.goto(new URL(`./?scene=${encodeURIComponent(id)}`, baseUrl).toString());
        await page.waitForFunction(
          () => {
            const s = (window as unknown as BenchWindow).fabricscope?.status();
            // Placed and drawn; the solver may already be running ('solving' / 'solved').
            return !!s && s.drawCalls > 0 && s.phase !== 'loading' && s.phase !== 'placing';
          },
          undefined,
          { timeout: opts.timeoutMs ?? 300_000, polling: 50 },
        );
        const urlToReadyMs = Date.now() - t0;
        const status = await page.evaluate(() => (window as unknown as BenchWindow).fabricscope!.status());
        const load = await page.evaluate(() => (window as unknown as BenchWindow).__longTasks ?? []);
        const orbitStart = await page.evaluate(() => performance.now());

        // Scripted orbit: a left-drag across the canvas, 40 steps, then a zoom in and out.
        const box = (await page.locator('canvas').first().boundingBox())!; // view A in compare mode
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        const t1 = Date.now();
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        for (let k = 1; k <= 40; k++) {
          await page.mouse.move(cx + k * 8, cy + Math.sin(k / 6) * 30);
          await page.waitForTimeout(16);
        }
        await page.mouse.up();
        for (let k = 0; k < 10; k++) {
          await page.mouse.wheel(0, k < 5 ? -200 : 200);
          await page.waitForTimeout(30);
        }
        await page.waitForTimeout(500);
        const orbitMs = Date.now() - t1;
        const all = await page.evaluate(() => (window as unknown as BenchWindow).__longTasks ?? []);
        const orbit = all.filter((t) => t.start >= orbitStart);
        const after = await page.evaluate(() => (window as unknown as BenchWindow).fabricscope!.status());
        const heap = await page.evaluate(
          () =>
            (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
        );
        const l = summarise(load);
        const o = summarise(orbit);
        rows.push({
          preset: id,
          phase: status.phase,
          error: status.error ?? '',
          gpus: status.gpus,
          links: status.links,
          urlToReadyMs,
          placementMs: status.placementMs ?? -1,
          drawCalls: status.drawCalls,
          triangles: status.triangles,
          drawCallsAfterOrbit: after.drawCalls,
          longTasksLoad: l.count,
          longTasksLoadOver100: l.over100,
          longestTaskLoadMs: Math.round(l.maxMs),
          orbitMs,
          longTasksOrbit: o.count,
          longTasksOrbitOver100: o.over100,
          longestTaskOrbitMs: Math.round(o.maxMs),
          heapMB: Math.round((heap / 1e6) * 10) / 10,
        });
      } catch (e) {
        rows.push({ preset: id, error: (e as Error).message.split('\n')[0] });
      }
      await page.close();
    }
  } finally {
    await ctx.close();
  }
  return rows;
}

/** Placement timings in Node: best of `runs` per preset. */
export function benchPlacement(
  ids: string[] = presetIds(),
  runs = 3,
): Array<Record<string, number | string>> {
  const rows: Array<Record<string, number | string>> = [];
  const best = (fn: () => void) => {
    let ms = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn();
      ms = Math.min(ms, performance.now() - t);
    }
    return Math.round(ms * 10) / 10;
  };
  for (const id of ids) {
    const { scenario } = restore(loadRaw(id));
    const f = build(scenario);
    const weights = rackPairWeights(f);
    let targets = forceTargets(f, scenario.floor.seed, {}, weights);
    const weightsMs = best(() => rackPairWeights(f));
    const forceMs = best(() => (targets = forceTargets(f, scenario.floor.seed, {}, weights)));
    const snapMs = best(() =>
      snapToGrid(f, targets.x, targets.y, scenario.floor.racksPerRow, pinnedRacks(f, scenario)),
    );
    const placeMs = best(() => {
      const t = forceTargets(f, scenario.floor.seed);
      snapToGrid(f, t.x, t.y, scenario.floor.racksPerRow, pinnedRacks(f, scenario));
    });
    const pipelineMs = best(() => new ScenePipeline().run(scenario));
    const pinnedScenario = {
      ...scenario,
      floor: { ...scenario.floor, pinned: { '0': [0, 0] as [number, number] } },
    };
    const pipe = new ScenePipeline();
    pipe.run(scenario);
    const dragMs = best(() => pipe.run(pinnedScenario));
    rows.push({
      preset: id,
      racks: f.rackCount,
      links: f.linkCount,
      rackPairs: weights.size,
      weightsMs,
      forceMs,
      snapMs,
      placeMs,
      pipelineMs,
      dragUpdateMs: dragMs,
    });
  }
  return rows;
}
