import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, open } from './browser';

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch();
});
afterAll(async () => {
  await ctx?.close();
});

const kpi = (id: string) => `[data-kpi="${id}"] .kpi-value`;

describe('the app shell', () => {
  it('shows the default scene key figures', async () => {
    const { page, errors } = await open(ctx, './');
    await expect.poll(() => page.textContent(kpi('gpus'))).toBe('128');
    const switches = Number((await page.textContent(kpi('switches')))!.replace(/,/g, ''));
    // 8 leaves + 4 spines + 4 NVSwitch chips in each of 16 servers.
    expect(switches).toBe(8 + 4 + 64);
    expect(await page.textContent(kpi('power'))).toMatch(/kW|MW/);
    expect(errors).toEqual([]);
  });

  it('opens a preset by ?scene=ID', async () => {
    const { page } = await open(ctx, './?scene=tpu-v4-torus');
    await expect.poll(() => page.textContent(kpi('gpus'))).toBe('4,096');
    expect(await page.textContent('[data-testid="scenario-name"]')).toContain('TPU v4');
  });

  it('names an unknown preset in an alert and opens the default', async () => {
    const { page, errors } = await open(ctx, './?scene=<img src=x onerror=alert(1)>');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('no preset named');
    expect(await page.locator('.banner img').count()).toBe(0);
    expect(await page.textContent(kpi('gpus'))).toBe('128');
    expect(errors).toEqual([]);
  });

  it('shows where every catalog number comes from', async () => {
    const { page, errors } = await open(ctx, './');
    await page.getByRole('button', { name: 'Sources' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sources of the catalog figures' });
    const row = dialog.locator('[data-source-row="2xdr4-800"]');
    // 800G twin-port DR4: 17 W per NVIDIA's MMS4X00-NS datasheet (REFERENCE-DATA).
    const watts = row.locator('td').nth(4);
    expect(await watts.textContent()).toBe('17');
    expect(await watts.getAttribute('title')).toMatch(/^datasheet: NVIDIA MMS4X00-NS/);
    expect(await dialog.locator('[data-source-row="qm9700"] td').nth(3).getAttribute('title')).toMatch(
      /^assumption/,
    );
    expect(errors).toEqual([]);
  });
});
