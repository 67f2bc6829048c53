// The 3D scene in the built app, in headless Chromium (SwiftShader): it places and draws the
// default and the 100k-GPU presets, answers hover and click, and a dragged rack moves its cables.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawn, launch, open, statusOf } from './browser';
import { decodePng } from './png';

interface Status {
  phase: string;
  drawCalls: number;
  triangles: number;
  placementMs: number | null;
  gpus: number;
  links: number;
  racks: number;
  error: string | null;
  hash: string;
}
type Api = {
  status(): Status;
  projectRack(r: number): { x: number; y: number; visible: boolean } | null;
  projectFloor(x: number, z: number): { x: number; y: number } | null;
  rackPosition(r: number): [number, number] | null;
  rackCableLength(r: number): number | null;
  centralRack(): number;
  solve(): { hash: string; solved: boolean; solveStages: Record<string, number> | null };
};
declare global {
  interface Window {
    fabricscope: Api;
  }
}

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch();
});
afterAll(async () => {
  await ctx?.close();
});

/** Distinct colours (quantised) and the share of pixels that differ from the background. */
async function canvasPixels(page: Page): Promise<{ distinct: number; nonBackground: number }> {
  const png = decodePng(await page.locator('canvas').screenshot());
  const { width, height, channels, data } = png;
  const bg = [data[0], data[1], data[2]]; // top-left corner: background
  const colours = new Set<number>();
  let differ = 0;
  let n = 0;
  for (let y = 0; y < height; y += 3)
    for (let x = 0; x < width; x += 3) {
      const i = (y * width + x) * channels;
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      if (Math.abs(r - bg[0]) + Math.abs(g - bg[1]) + Math.abs(b - bg[2]) > 24) differ++;
      n++;
    }
  return { distinct: colours.size, nonBackground: differ / n };
}

describe('the 3D scene', () => {
  it('places and draws the default scene', async () => {
    const { page, errors } = await open(ctx, './');
    const s = await drawn(page);
    expect(s.gpus).toBe(128);
    expect(s.links).toBe(768);
    expect(s.drawCalls).toBeGreaterThan(3);
    expect(s.drawCalls).toBeLessThanOrEqual(50);
    expect(s.triangles).toBeGreaterThan(1000);
    const px = await canvasPixels(page);
    expect(px.distinct).toBeGreaterThan(20);
    expect(px.nonBackground).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hover shows a rack’s tooltip, click selects it, drag moves it and its cables', async () => {
    const { page, errors } = await open(ctx, './');
    await drawn(page);
    const rack = await page.evaluate(() => window.fabricscope.centralRack());
    expect(rack).toBeGreaterThanOrEqual(0);
    const at = (await page.evaluate((r) => window.fabricscope.projectRack(r), rack))!;
    expect(at.visible).toBe(true);

    await page.mouse.move(at.x - 3, at.y - 3);
    await page.mouse.move(at.x, at.y);
    const tip = page.getByTestId('tooltip');
    await expect.poll(() => tip.textContent(), { timeout: 10_000 }).toContain(`rack-${rack}`);

    await page.mouse.click(at.x, at.y);
    await expect
      .poll(() => page.getByTestId('details').textContent(), { timeout: 10_000 })
      .toContain(`rack-${rack}`);

    // Select the rack itself by name: its details show its position and cable length.
    await page.fill('#search', `rack-${rack}`);
    await page.press('#search', 'Enter');
    const title = page.getByTestId('details-title');
    await expect.poll(() => title.textContent()).toBe(`rack-${rack}`);
    const lengthRow = page.locator('[data-testid="details"] [data-row="Cable length"] dd');
    const before = {
      pos: (await page.evaluate((r) => window.fabricscope.rackPosition(r), rack))!,
      len: (await page.evaluate((r) => window.fabricscope.rackCableLength(r), rack))!,
      shown: await lengthRow.textContent(),
      kpi: await page.textContent('[data-kpi="cable-length"] .kpi-value'),
      hash: (await statusOf(page)).hash,
    };
    // Wait for the fly-to to settle, then drag the rack into the next aisle, 4 m along the row.
    await page.waitForTimeout(1200);
    const from = (await page.evaluate((r) => window.fabricscope.projectRack(r), rack))!;
    const target: [number, number] = [before.pos[0] + 4, before.pos[1] + 1.2];
    const grab = (await page.evaluate(([x, z]) => window.fabricscope.projectFloor(x, z), before.pos))!;
    const to = (await page.evaluate(([x, z]) => window.fabricscope.projectFloor(x, z), target))!;
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++)
      await page.mouse.move(from.x + ((to.x - grab.x) * k) / 8, from.y + ((to.y - grab.y) * k) / 8);
    await page.mouse.up();
    await page.keyboard.up('Shift');

    await expect.poll(async () => (await statusOf(page)).hash, { timeout: 30_000 }).not.toBe(before.hash);
    await drawn(page);
    const after = {
      pos: (await page.evaluate((r) => window.fabricscope.rackPosition(r), rack))!,
      len: (await page.evaluate((r) => window.fabricscope.rackCableLength(r), rack))!,
    };
    // It moved roughly where it was dropped, and stays there (pinned).
    expect(Math.hypot(after.pos[0] - target[0], after.pos[1] - target[1])).toBeLessThan(1.5);
    expect(Math.hypot(after.pos[0] - before.pos[0], after.pos[1] - before.pos[1])).toBeGreaterThan(1);
    expect(after.len).not.toBeCloseTo(before.len, 1);
    await expect.poll(() => lengthRow.textContent()).not.toBe(before.shown);
    await expect.poll(() => page.textContent('[data-kpi="cable-length"] .kpi-value')).not.toBe(before.kpi);
    await expect.poll(() => page.getByTestId('details').textContent()).toContain('yes (dragged)');
    // The solve follows on the routing graph the worker holds: only the cable lengths changed.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const s = window.fabricscope.solve();
            return s.solved && s.hash === window.fabricscope.status().hash;
          }),
        { timeout: 60_000 },
      )
      .toBe(true);
    const stages = await page.evaluate(() => window.fabricscope.solve().solveStages);
    expect(stages).toHaveProperty('lengths');
    expect(stages).not.toHaveProperty('graph');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('places and draws the 100k-GPU preset within the draw-call budget', async () => {
    const { page, errors } = await open(ctx, './?scene=colossus-100k');
    const s = await drawn(page, 240_000);
    expect(s.gpus).toBe(100_000);
    expect(s.links).toBeGreaterThan(500_000);
    expect(s.drawCalls).toBeLessThanOrEqual(50);
    const px = await canvasPixels(page);
    expect(px.distinct).toBeGreaterThan(20);
    expect(px.nonBackground).toBeGreaterThan(0.1);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
