// Guided tours in the built app (headless Chromium, SwiftShader), nothing mocked: a tour plays
// through its steps by button and key, every caption is filled with the figures the model
// computes (worked out here in Node from the same pipeline and solver), the camera moves between steps, a
// tour link opens at its step, and presentation mode and the flow animation switch on and off.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenePipeline } from '../../src/layout/pipeline';
import { captionFigures } from '../../src/model/caption-figures';
import { sideB } from '../../src/model/compare';
import { moduleLatencyNs } from '../../src/model/media';
import { apply } from '../../src/model/merge-patch';
import { restore } from '../../src/model/restore';
import { fillCaption, restoreTour, type Tour } from '../../src/model/tour';
import { solveScenario } from '../../src/solver';
import { launch, open } from './browser';

type Pose = { position: [number, number, number]; target: [number, number, number] };
/** window.fabricscope as this file uses it (other test files declare their own view). */
type Api = {
  status(): { phase: string; error: string | null; drawCalls: number };
  camera(): Pose | null;
  tour(): { id: string | null; step: number; playing: boolean; presenting: boolean; flow: boolean };
};

const json = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../scenes/${name}.json`, import.meta.url), 'utf8')) as unknown;

function loadTour(id: string): Tour {
  const { tour, problems } = restoreTour(json(id));
  expect(problems).toEqual([]);
  return tour!;
}

/** Each step's caption as the model's figures fill it: the tour's preset plus overrides, placed. */
function expectedCaptions(tour: Tour): string[] {
  let raw = json(tour.scene);
  return tour.steps.map((step) => {
    if (step.overrides) raw = apply(raw, step.overrides);
    const { scenario } = restore(raw);
    // Each side placed and solved with its cable lengths, as the app's workers do.
    const side = (s: typeof scenario) => {
      const r = new ScenePipeline().run(s);
      const lengths = { lengthM: r.analysis.lengthM, moduleNs: moduleLatencyNs(r.analysis.media) };
      return { bom: r.analysis.bom, solve: solveScenario(r.fabric, s, lengths).summary };
    };
    const a = side(scenario);
    const b = sideB(scenario);
    const B = b ? side(b) : undefined;
    return fillCaption(step.caption, captionFigures(a.bom, B?.bom, a.solve, B?.solve));
  });
}

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch({ width: 1400, height: 860 });
});
afterAll(async () => {
  await ctx?.close();
});

/** Waits until the caption card shows step `i` with every figure known, and returns its text. */
async function captionAt(page: Page, i: number): Promise<string> {
  await page.waitForSelector(`[data-testid="tour-card"][data-step="${i}"][data-ready="1"]`, {
    timeout: 120_000,
  });
  return (await page.textContent('[data-testid="tour-caption"]')) ?? '';
}

/** The camera pose once the flight has landed (two reads apart agree). */
async function settledCamera(page: Page): Promise<Pose> {
  let last: Pose | null = null;
  for (let k = 0; k < 60; k++) {
    await page.waitForTimeout(250);
    const p = await page.evaluate(() => ((window as any).fabricscope as Api).camera());
    if (p && last && dist(p.position, last.position) < 1e-4 && dist(p.target, last.target) < 1e-4) return p;
    last = p;
  }
  throw new Error('the camera did not settle');
}
const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('guided tours', () => {
  it('plays "Anatomy of a SuperPOD" by button and key: model figures, camera moves', async () => {
    const tour = loadTour('tour-anatomy-superpod');
    const expected = expectedCaptions(tour);
    const { page, errors } = await open(ctx, '/');
    await page.waitForFunction(
      () => ((window as any).fabricscope as Api | undefined)?.camera() !== null,
      undefined,
      { timeout: 120_000 },
    );
    await page.click('[data-testid="tours-button"]');
    await page.click('[data-tour="tour-anatomy-superpod"]');
    // The menu starts autoplay; pause it so the test steps by hand.
    await page.waitForSelector('[data-testid="tour-card"]');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => ((window as any).fabricscope as Api).tour())).toMatchObject({
      id: 'tour-anatomy-superpod',
      playing: false,
    });

    let prev: Pose | null = null;
    for (let i = 0; i < tour.steps.length; i++) {
      const text = await captionAt(page, i);
      expect(text, `step ${i}`).not.toMatch(/[{}…]/);
      expect(text, `step ${i}`).toBe(expected[i]);
      expect(await page.textContent('[data-testid="tour-title"]')).toBe(tour.steps[i].title);
      const pose = await settledCamera(page);
      if (prev) {
        const moved = dist(pose.position, prev.position) + dist(pose.target, prev.target);
        expect(moved, `camera moved into step ${i}`).toBeGreaterThan(0.5);
      }
      prev = pose;
      if (i < tour.steps.length - 1) {
        if (i % 2 === 0) await page.click('[data-testid="tour-next"]');
        else await page.keyboard.press('ArrowRight');
      }
    }
    // Back one step by key.
    await page.keyboard.press('ArrowLeft');
    expect(await captionAt(page, tour.steps.length - 2)).toBe(expected[tour.steps.length - 2]);
    // Esc leaves the tour.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="tour-card"]', { state: 'detached' });
    expect((await page.evaluate(() => ((window as any).fabricscope as Api).tour())).id).toBeNull();
    expect(errors).toEqual([]);
  });

  it('autoplay replaces the history entry per step: one Back leaves the tour', async () => {
    const { page, errors } = await open(ctx, '/');
    await page.waitForFunction(
      () => ((window as any).fabricscope as Api | undefined)?.camera() !== null,
      undefined,
      { timeout: 120_000 },
    );
    const before = await page.evaluate(() => history.length);
    await page.click('[data-testid="tours-button"]');
    await page.click('[data-tour="tour-anatomy-superpod"]');
    // Two steps advance by themselves (8–10 s each).
    await page.waitForFunction(() => ((window as any).fabricscope as Api).tour().step >= 2, undefined, {
      timeout: 120_000,
    });
    await page.waitForTimeout(800); // the hash is written 300 ms after a change
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.goBack();
    await page.waitForFunction(() => ((window as any).fabricscope as Api).tour().id === null, undefined, {
      timeout: 30_000,
    });
    expect(errors).toEqual([]);
  });

  it('a tour link opens at its step, with side B figures of a comparison tour', async () => {
    const tour = loadTour('tour-scale-up-vs-scale-out');
    const expected = expectedCaptions(tour);
    const last = tour.steps.length - 1;
    const { page, errors } = await open(ctx, `/?tour=tour-scale-up-vs-scale-out&step=${last}`);
    const text = await captionAt(page, last);
    expect(text).toBe(expected[last]);
    expect(text).not.toMatch(/[{}…]/);
    expect(await page.evaluate(() => ((window as any).fabricscope as Api).tour())).toMatchObject({
      id: 'tour-scale-up-vs-scale-out',
      step: last,
    });
    const atLast = await settledCamera(page);

    // The previous step flies elsewhere; the share link the app writes reopens that step.
    await page.keyboard.press('ArrowLeft');
    expect(await captionAt(page, last - 1)).toBe(expected[last - 1]);
    const atPrev = await settledCamera(page);
    expect(dist(atLast.position, atPrev.position)).toBeGreaterThan(0.5);
    await page.waitForFunction(() => window.location.hash.length > 1, undefined, { timeout: 10_000 });
    await page.waitForTimeout(500); // the hash is written debounced
    const link = await page.evaluate(() => window.location.href);
    const { page: again, errors: errors2 } = await open(ctx, link);
    expect(await captionAt(again, last - 1)).toBe(expected[last - 1]);
    const reopened = await settledCamera(again);
    expect(dist(reopened.target, atPrev.target)).toBeLessThan(0.5);
    expect(errors).toEqual([]);
    expect(errors2).toEqual([]);
  });

  it('a link to a tour this version does not have says so, and the scene opens', async () => {
    const { page, errors } = await open(ctx, '/?tour=tour-nope&step=2');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('no tour named "tour-nope"');
    expect(await page.locator('[data-testid="tour-card"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('presentation mode (P) hides the panels and enlarges the caption; flow (A) animates without new draw calls', async () => {
    const { page, errors } = await open(ctx, '/?tour=tour-anatomy-superpod&step=1');
    await captionAt(page, 1);
    await settledCamera(page);
    const size = () =>
      page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.tour-caption')!).fontSize));
    const normal = await size();
    expect(await page.isVisible('.sidebar')).toBe(true);
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid="presentation"]');
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(true);
    expect(await page.isVisible('.sidebar')).toBe(false);
    expect(await page.isVisible('.topbar')).toBe(false);
    expect(await size()).toBeGreaterThan(normal);
    expect(await page.isVisible('.present-kpi[data-kpi="gpus"]')).toBe(true);
    // A step about the hardware shows no solve card; the step whose caption quotes the solve
    // shows its time in place of the link count.
    expect(await page.isVisible('.present-kpi[data-kpi="links"]')).toBe(true);
    expect(await page.locator('.present-kpi[data-kpi="collective-time"]').count()).toBe(0);

    // Page-region shots (an element shot waits for layout to be still, which a busy software
    // renderer drawing every frame may not give in time).
    const box = (await page.locator('canvas').first().boundingBox())!;
    const canvas = {
      screenshot: () =>
        page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: box.height * 0.6 } }),
    };
    await settledCamera(page);
    const calls = (await page.evaluate(() => ((window as any).fabricscope as Api).status())).drawCalls;
    const still1 = await canvas.screenshot();
    await page.waitForTimeout(400);
    const still2 = await canvas.screenshot();
    expect(still1.equals(still2), 'nothing moves with the flow off').toBe(true);
    await page.keyboard.press('a');
    expect((await page.evaluate(() => ((window as any).fabricscope as Api).tour())).flow).toBe(true);
    await page.waitForTimeout(600);
    const moving1 = await canvas.screenshot();
    await page.waitForTimeout(400);
    const moving2 = await canvas.screenshot();
    expect(moving1.equals(moving2), 'the flow animation moves').toBe(false);
    expect((await page.evaluate(() => ((window as any).fabricscope as Api).status())).drawCalls).toBe(calls);
    await page.keyboard.press('a');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const spines = await captionAt(page, 3);
    const time = page.locator('.present-kpi[data-kpi="collective-time"] .present-kpi-value');
    await expect.poll(() => time.count(), { timeout: 60_000 }).toBe(1);
    expect(spines).toContain(` in ${(await time.textContent())!.trim()};`);
    expect(await page.locator('.present-kpi[data-kpi="links"]').count()).toBe(0);
    await page.keyboard.press('p');
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(false);
    expect(await page.isVisible('.sidebar')).toBe(true);
    expect(errors).toEqual([]);
  });
});
