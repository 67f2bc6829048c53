// Compare mode in the browser (issue 6): a comparison preset opens two labelled, synchronized
// views and the delta table; a row's numbers match the model computed here in Node from the same
// preset (restore → sideA / sideB → build → place → analyze); orbiting one view moves the other.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { place } from '../../src/layout/place';
import { sideA, sideB } from '../../src/model/compare';
import { nodeName } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { encodeShare } from '../../src/share/codec';
import { launch, open } from './browser';

interface Pose {
  position: [number, number, number];
  target: [number, number, number];
}
type Api = {
  status(): { phase: string; drawCalls: number; error: string | null };
  compare(): {
    active: boolean;
    solvedB: boolean;
    drawCallsA: number;
    drawCallsB: number;
    linksB: number;
    solveStagesB: Record<string, number> | null;
    preparedStagesB: Record<string, number> | null;
  };
  cameraPoses(): { a: Pose | null; b: Pose | null };
};
type W = { fabricscope?: Api };

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch({ width: 1400, height: 850 });
});
afterAll(async () => {
  await ctx?.close();
});

const PRESET = 'compare-ocs-spine';

function modelOpticsW(): { a: number; b: number } {
  const { scenario } = restore(JSON.parse(readFileSync(`scenes/${PRESET}.json`, 'utf8')));
  const side = (s: typeof scenario) => {
    const f = build(s);
    return analyze(f, s, place(f, s)).bom.power.opticsW;
  };
  return { a: side(sideA(scenario)), b: side(sideB(scenario)!) };
}

async function bothSolved(page: Page) {
  await page.waitForFunction(
    () => {
      const f = (window as unknown as W).fabricscope;
      const s = f?.status();
      if (s?.phase === 'error') return true;
      return s?.phase === 'solved' && f!.compare().solvedB;
    },
    undefined,
    { timeout: 180_000, polling: 200 },
  );
}

describe('compare mode', () => {
  it('shows two labelled views and a delta table whose numbers come from the model', async () => {
    const { page, errors } = await open(ctx, `./?scene=${PRESET}`);
    await bothSolved(page);
    expect((await page.evaluate(() => (window as unknown as W).fabricscope!.status())).error).toBeNull();
    // Two canvases, labelled with the comparison's labels.
    const preset = JSON.parse(readFileSync(`scenes/${PRESET}.json`, 'utf8'));
    await expect.poll(() => page.locator('[data-testid="view-a"] canvas').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="view-b"] canvas').count()).toBe(1);
    expect(await page.getByTestId('label-a').textContent()).toContain(preset.compare.labelA);
    expect(await page.getByTestId('label-b').textContent()).toContain(preset.compare.labelB);
    expect(await page.getByTestId('compare-question').textContent()).toBe(preset.compare.question);

    // The optics power row: A, B and B − A as the model computes them.
    const want = modelOpticsW();
    const row = page.locator('[data-testid="delta-table"] tr[data-key="power.opticsW"]');
    await expect.poll(() => row.count()).toBe(1);
    const num = async (col: string) =>
      Number(await row.locator(`td[data-col="${col}"]`).getAttribute('data-value'));
    expect(await num('a')).toBeCloseTo(want.a, 3);
    expect(await num('b')).toBeCloseTo(want.b, 3);
    expect(await num('delta')).toBeCloseTo(want.b - want.a, 3);
    expect(want.b - want.a).not.toBe(0);
    expect(await row.getAttribute('class')).toBe(want.b < want.a ? 'better' : 'worse');
    // Its tooltip says how it is computed and where the inputs come from.
    const tip = (await row.getAttribute('title'))!;
    expect(tip).toContain('module watts');
    expect(tip).toContain('Sources:');
    // Solve rows are there once both sides are solved.
    await expect.poll(() => page.locator('tr[data-key="solve.lambda"]').count()).toBe(1);

    // Draw calls stay bounded in both views.
    const c = await page.evaluate(() => (window as unknown as W).fabricscope!.compare());
    console.log(`compare ${PRESET}: draw calls A ${c.drawCallsA}, B ${c.drawCallsB}`);
    expect(c.drawCallsA).toBeGreaterThan(0);
    expect(c.drawCallsB).toBeGreaterThan(0);
    expect(c.drawCallsA + c.drawCallsB).toBeLessThanOrEqual(100);
    // Side B's worker built its routing graph while B's scene was placed.
    expect(c.solveStagesB).not.toHaveProperty('graph');
    expect(c.preparedStagesB).toHaveProperty('graph');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link opened fresh fails the same cables on side B, found by their devices, not by index', async () => {
    // A's leaf-k ↔ spine-0 cables; on B's OCS fabric the same numbers are leaf-0's uplinks, whose
    // failure would cut leaf-0 off (a collective that never completes).
    const { scenario } = restore(JSON.parse(readFileSync(`scenes/${PRESET}.json`, 'utf8')));
    const a = build(sideA(scenario));
    const failed = Array.from({ length: 32 }, (_, k) => 992 + 32 * k);
    for (const l of failed) expect(nodeName(a, a.linkB[l])).toBe('spine-0');
    const hash = encodeShare(
      { ...scenario, traffic: { ...scenario.traffic, failedLinks: failed } },
      {},
      PRESET,
      (id) => JSON.parse(readFileSync(`scenes/${id}.json`, 'utf8')),
    );
    const { page, errors } = await open(ctx, `./${hash}`);
    await bothSolved(page);
    await expect
      .poll(() => page.getByTestId('compare-failed-unmatched').textContent())
      .toContain('32 of 32 failed links');
    const time = page.locator('[data-testid="delta-table"] tr[data-key="solve.completionTimeS"]');
    await expect.poll(() => time.count()).toBe(1);
    const cell = async (col: string) =>
      Number(await time.locator(`td[data-col="${col}"]`).getAttribute('data-value'));
    // B solves with none of them failed: it completes.
    expect(Number.isFinite(await cell('b'))).toBe(true);
    expect(Number.isFinite(await cell('a'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('orbiting one view moves the other', async () => {
    const { page, errors } = await open(ctx, `./?scene=${PRESET}`);
    await bothSolved(page);
    const poses = () => page.evaluate(() => (window as unknown as W).fabricscope!.cameraPoses());
    const before = await poses();
    expect(before.a).not.toBeNull();
    expect(before.b).not.toBeNull();
    expect(before.b!.position[0]).toBeCloseTo(before.a!.position[0], 4);

    const drag = async (testId: string, dx: number) => {
      const box = (await page.getByTestId(testId).boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let k = 1; k <= 8; k++) await page.mouse.move(x + (dx * k) / 8, y + (20 * k) / 8);
      await page.mouse.up();
    };
    await drag('view-a', 160);
    const mid = await poses();
    expect(Math.hypot(...mid.a!.position.map((v, i) => v - before.a!.position[i]))).toBeGreaterThan(0.5);
    for (let i = 0; i < 3; i++) {
      expect(mid.b!.position[i]).toBeCloseTo(mid.a!.position[i], 4);
      expect(mid.b!.target[i]).toBeCloseTo(mid.a!.target[i], 4);
    }
    // And the other way round: B drives A.
    await drag('view-b', -120);
    const after = await poses();
    expect(Math.hypot(...after.b!.position.map((v, i) => v - mid.b!.position[i]))).toBeGreaterThan(0.5);
    for (let i = 0; i < 3; i++) expect(after.a!.position[i]).toBeCloseTo(after.b!.position[i], 4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('starts a comparison from a plain scenario', async () => {
    const { page, errors } = await open(ctx, './');
    await page.waitForFunction(
      () => (window as unknown as W).fabricscope?.status().phase === 'solved',
      undefined,
      {
        timeout: 120_000,
      },
    );
    await page.click('[data-compare="no-dsp"]');
    await bothSolved(page);
    expect(await page.evaluate(() => (window as unknown as W).fabricscope!.compare().active)).toBe(true);
    await expect.poll(() => page.locator('[data-testid="view-b"] canvas').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="delta-table"] tbody tr').count()).toBeGreaterThan(5);
    await page.getByTestId('end-compare').click();
    await expect.poll(() => page.locator('[data-testid="view-b"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
