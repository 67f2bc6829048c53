// Share links, history, hostile links, files and embedding in the built app (headless Chromium,
// SwiftShader). Nothing is mocked: links are opened in fresh browser contexts, files go through
// real downloads and file inputs.
import { readFileSync } from 'node:fs';
import { deflateSync, strToU8 } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawn, launch, open, statusOf } from './browser';

interface Status {
  phase: string;
  drawCalls: number;
  error: string | null;
  hash: string;
  gpus: number;
  sceneHash: string | null;
}
interface Pose {
  position: [number, number, number];
  target: [number, number, number];
}
type Api = {
  status(): Status;
  projectRack(r: number): { x: number; y: number; visible: boolean } | null;
  projectFloor(x: number, z: number): { x: number; y: number } | null;
  rackPosition(r: number): [number, number] | null;
  centralRack(): number;
  camera(): Pose | null;
  selection(): { kind: string; id: number } | null;
};
/** The page's window as these tests see it (scene.test.ts declares its own global Api). */
type W = Pick<Window, 'dispatchEvent'> & { fabricscope: Api; __marker?: number; __pwned?: number };
declare const window: W;

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch();
});
afterAll(async () => {
  await ctx?.close();
});

/** Every key figure on the page, by its data-kpi id. */
const kpis = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-kpi]')].map((el) => [
        el.getAttribute('data-kpi'),
        el.querySelector('.kpi-value')?.textContent ?? '',
      ]),
    ),
  );

/** Waits until the hash stops changing (the debounced write landed) and differs from `prev`. */
async function settledHash(page: Page, prev: string): Promise<string> {
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 30_000 }).not.toBe(prev);
  let last = await page.evaluate(() => location.hash);
  for (;;) {
    await page.waitForTimeout(500);
    const now = await page.evaluate(() => location.hash);
    if (now === last) return now;
    last = now;
  }
}

const leafBox = (page: Page) => page.locator('input[data-tier="leaf"]');

describe('share links', () => {
  it('a shared view opens in a new browser with the same figures, camera and selection', async () => {
    const { page, errors } = await open(ctx, './');
    await drawn(page);
    expect(await page.evaluate(() => location.hash)).toBe('');

    // Edit the scenario: drag a rack 4 m along its row (it is pinned there).
    const rack = await page.evaluate(() => window.fabricscope.centralRack());
    const pos = (await page.evaluate((r) => window.fabricscope.rackPosition(r), rack))!;
    const from = (await page.evaluate((r) => window.fabricscope.projectRack(r), rack))!;
    const grab = (await page.evaluate(([x, z]) => window.fabricscope.projectFloor(x, z), pos))!;
    const to = (await page.evaluate(([x, z]) => window.fabricscope.projectFloor(x, z), [
      pos[0] + 4,
      pos[1] + 1.2,
    ] as [number, number]))!;
    const before = await kpis(page);
    const hash0 = (await statusOf(page)).hash;
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++)
      await page.mouse.move(from.x + ((to.x - grab.x) * k) / 8, from.y + ((to.y - grab.y) * k) / 8);
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(async () => (await statusOf(page)).hash, { timeout: 30_000 }).not.toBe(hash0);
    await drawn(page);
    await expect.poll(() => kpis(page)).not.toEqual(before);
    let hash = await settledHash(page, '');
    expect(hash).toMatch(/^#v1\.demo\./);

    // Hide a tier, move the camera (zoom and orbit), select a rack.
    await leafBox(page).uncheck();
    hash = await settledHash(page, hash);
    const canvas = (await page.locator('canvas').first().boundingBox())!;
    const cx = canvas.x + canvas.width / 2;
    const cy = canvas.y + canvas.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -300);
    await page.mouse.move(cx + 200, cy + 200);
    await page.mouse.down();
    for (let k = 1; k <= 6; k++) await page.mouse.move(cx + 200 - 15 * k, cy + 200 - 5 * k);
    await page.mouse.up();
    await settledHash(page, hash);
    const pick = await page.evaluate(() => window.fabricscope.centralRack());
    const at = (await page.evaluate((r) => window.fabricscope.projectRack(r), pick))!;
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.evaluate(() => window.fabricscope.selection())).not.toBeNull();

    // Share: the button writes the link and says so.
    await page.getByTestId('share').click();
    await expect.poll(() => page.getByTestId('share-message').textContent()).toMatch(/Link copied|Copy/);
    const url = page.url();
    expect(url).toMatch(/#v1\.demo\./);
    expect(url.length).toBeLessThan(2000);
    const sender = {
      kpis: await kpis(page),
      camera: (await page.evaluate(() => window.fabricscope.camera()))!,
      selection: await page.evaluate(() => window.fabricscope.selection()),
    };
    expect(sender.selection).not.toBeNull();
    expect(errors).toEqual([]);

    // A fresh browser (new profile) opens the same figures and view.
    const ctx2 = await launch();
    try {
      const other = await open(ctx2, url);
      await drawn(other.page);
      const entries = await other.page.evaluate(() => history.length);
      await expect.poll(() => kpis(other.page)).toEqual(sender.kpis);
      const cam = (await other.page.evaluate(() => window.fabricscope.camera()))!;
      for (let i = 0; i < 3; i++) {
        expect(cam.position[i]).toBeCloseTo(sender.camera.position[i], 2);
        expect(cam.target[i]).toBeCloseTo(sender.camera.target[i], 2);
      }
      expect(await other.page.evaluate(() => window.fabricscope.selection())).toEqual(sender.selection);
      expect(await leafBox(other.page).isChecked()).toBe(false);
      expect(await other.page.getByRole('alert').count()).toBe(0);
      // Opening a link writes no new history entry of its own.
      await other.page.waitForTimeout(800);
      expect(await other.page.evaluate(() => history.length)).toBe(entries);
      expect(other.errors).toEqual([]);
    } finally {
      await ctx2.close();
    }
    await page.close();
  });

  it('back and forward step through edits without a reload', async () => {
    const { page, errors } = await open(ctx, './');
    await drawn(page);
    await page.evaluate(() => (window.__marker = 42));
    const entries = await page.evaluate(() => history.length);
    const demo = await kpis(page);

    await leafBox(page).uncheck(); // edit 1
    const h1 = await settledHash(page, '');
    // Edit 2. Read at once, the status names the new scenario, and the counts say whose they are.
    const placing = await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('.topbar select')!;
      select.value = 'tpu-v4-torus';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return window.fabricscope.status();
    });
    expect(placing.phase).toMatch(/loading|placing/);
    expect(placing.hash).not.toBe(placing.sceneHash);
    expect(placing.gpus).toBe(128);
    await expect
      .poll(() => page.textContent('[data-kpi="gpus"] .kpi-value'), { timeout: 60_000 })
      .toBe('4,096');
    const h2 = await settledHash(page, h1);
    expect(h2).toMatch(/^#v1\.tpu-v4-torus\./);
    await drawn(page);
    const placed = await page.evaluate(() => window.fabricscope.status());
    expect([placed.sceneHash, placed.gpus]).toEqual([placed.hash, 4096]);

    await page.goBack();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(h1);
    await expect
      .poll(() => page.textContent('[data-kpi="gpus"] .kpi-value'), { timeout: 60_000 })
      .toBe('128');
    await drawn(page);
    expect(await leafBox(page).isChecked()).toBe(false);
    expect(await kpis(page)).toEqual(demo);

    await page.goBack();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
    await expect.poll(() => leafBox(page).isChecked()).toBe(true);

    await page.goForward();
    await expect.poll(() => leafBox(page).isChecked()).toBe(false);
    await page.goForward();
    await expect
      .poll(() => page.textContent('[data-kpi="gpus"] .kpi-value'), { timeout: 60_000 })
      .toBe('4,096');
    await drawn(page);
    // Same document all along, and restoring wrote no entries of its own.
    expect(await page.evaluate(() => window.__marker)).toBe(42);
    expect(await page.evaluate(() => location.hash)).toBe(h2);
    expect(await page.evaluate(() => history.length)).toBe(entries + 2);
    expect(errors).toEqual([]);
    await page.close();
  });
});

const packed = (json: string) => Buffer.from(deflateSync(strToU8(json))).toString('base64url');

describe('bad links', () => {
  const good = `v1.demo.${packed('{"s":{"floor":{"seed":7}},"v":{"hiddenTiers":["leaf"]}}')}`;
  const links: [string, string, RegExp][] = [
    [
      'script tags',
      '#v1.demo.<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">',
      /base64url/,
    ],
    ['truncated', `#${good.slice(0, good.length - 12)}`, /decompress|base64url/],
    ['huge', `#v1.demo.${'A'.repeat(70_000)}`, /more than/],
    ['wrong version', `#v7.demo.${good.slice(8)}`, /version 7/],
    ['garbage after the preset', '#v1.demo.%%%!!garbage', /base64url/],
    ['not a link', '#hello', /not a FabricScope/],
    [
      'prototype keys',
      `#v1.demo.${packed(
        '{"s":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}},"v":{"__proto__":{"camera":1},"selection":{"kind":"rack","index":1e9}}}',
      )}`,
      /__proto__|selection/,
    ],
    ['huge numbers', `#v1.demo.${packed('{"s":{"traffic":{"failedLinks":[1e308]}}}')}`, /failedLinks/],
    [
      'deep nesting',
      `#v1.demo.${packed(`{"s":${'['.repeat(4000)}${']'.repeat(4000)}}`)}`,
      /nested too deeply/,
    ],
    ['unknown preset', `#v1.no-such-preset.${packed('{"s":{}}')}`, /no-such-preset/],
  ];

  for (const [name, hash, why] of links)
    it(`${name}: a banner names the problem and a scene is drawn`, async () => {
      const { page, errors } = await open(ctx, `./${hash}`);
      const s = await drawn(page);
      expect(s.drawCalls).toBeGreaterThan(0);
      const alert = page.getByRole('alert').first();
      await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(why);
      expect(await page.locator('.banner img, .banner script').count()).toBe(0);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
      expect(await page.textContent('[data-kpi="gpus"] .kpi-value')).toBe('128');
      expect(errors).toEqual([]);
      await page.close();
    });
});

describe('files', () => {
  it('a scenario exported as JSON imports with the same figures; CSV and DOT download', async () => {
    const { page, errors } = await open(ctx, './?scene=dgx-h100-superpod-4su');
    await drawn(page);
    const sent = await kpis(page);
    const name = await page.textContent('[data-testid="scenario-name"]');

    const save = async (id: string) => {
      await page.getByTestId('export').click();
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${id}"]`)]);
      const path = await dl.path();
      return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const json = await save('json');
    expect(json.name).toMatch(/\.json$/);
    expect(JSON.parse(json.text).name).toBe(name);
    const csv = await save('csv');
    expect(csv.name).toMatch(/-bom\.csv$/);
    // UTF-8 mark first, for spreadsheets.
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text.slice(1).split('\n')[0]).toBe('section,item,count,watts,relative cost');
    const dot = await save('dot');
    expect(dot.name).toMatch(/\.dot$/);
    expect(dot.text).toMatch(/^graph "/);
    expect(dot.text).toMatch(/"[^"]+":"eth1" -- "[^"]+":"eth\d+";/);
    expect(errors).toEqual([]);
    await page.close();

    // Import into a page showing another scenario.
    const second = await open(ctx, './');
    await drawn(second.page);
    await second.page.setInputFiles('[data-testid="import-file"]', {
      name: json.name,
      mimeType: 'application/json',
      buffer: Buffer.from(json.text),
    });
    await expect.poll(() => second.page.textContent('[data-testid="scenario-name"]')).toBe(name);
    await drawn(second.page);
    await expect.poll(() => kpis(second.page)).toEqual(sent);
    expect(await second.page.getByRole('alert').count()).toBe(0);

    // A dropped file that is not JSON leaves the scenario open and says why, as text.
    await second.page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"name": <b>oops'], 'bad<b>.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await expect.poll(() => second.page.getByRole('alert').first().textContent()).toMatch(/not valid JSON/);
    // The headline agrees with the message: nothing opened, the scenario on screen stays.
    expect(await second.page.locator('.banner strong').textContent()).toMatch(/could not be opened/);
    expect(await second.page.locator('.banner b').count()).toBe(0);
    expect(await kpis(second.page)).toEqual(sent);
    expect(second.errors).toEqual([]);
    await second.page.close();
  });

  it('exports the view as a PNG larger than the viewport', async () => {
    const { page, errors } = await open(ctx, './');
    await drawn(page);
    await page.getByTestId('export').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="png"]')]);
    expect(dl.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync(await dl.path());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const canvas = (await page.locator('canvas').first().boundingBox())!;
    expect(width).toBeGreaterThan(1280);
    expect(width).toBeGreaterThanOrEqual(Math.floor(canvas.width * 2.5));
    expect(height).toBeGreaterThanOrEqual(Math.floor(canvas.height * 2.5));
    // Not blank: a PNG of one flat colour compresses to almost nothing.
    expect(png.length).toBeGreaterThan(50_000);
    // The view is back at its own resolution and still drawing.
    await page.mouse.wheel(0, -100);
    await drawn(page);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('embed mode', () => {
  it('?embed=1 shows only the 3D view and the legend', async () => {
    const { page, errors } = await open(ctx, './?embed=1');
    await drawn(page);
    const entries = await page.evaluate(() => history.length);
    expect(await page.locator('.topbar').count()).toBe(0);
    expect(await page.locator('.sidebar').count()).toBe(0);
    expect(await page.locator('[data-kpi]').count()).toBe(0);
    expect(await page.locator('.legend').isVisible()).toBe(true);
    expect(await page.locator('canvas').first().isVisible()).toBe(true);
    // Edits in an iframe replace the entry: the parent's back button is not filled with them.
    await leafBox(page).uncheck();
    await settledHash(page, '');
    expect(await page.evaluate(() => history.length)).toBe(entries);
    expect(new URL(page.url()).searchParams.get('embed')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
