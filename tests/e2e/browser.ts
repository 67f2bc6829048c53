// Headless Chromium (system package) with WebGL through SwiftShader.
import type { BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { launchChromium } from '../../src/cli/chromium';

export const baseUrl = (): string => inject('baseUrl');

export async function launch(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return launchChromium({ viewport });
}

/** Opens a page and collects uncaught errors, so a test can assert there were none. */
export async function open(ctx: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(path, baseUrl()).toString());
  return { page, errors };
}

/** What window.fabricscope.status() returns (src/view/api.ts). */
export interface AppStatus {
  phase: string;
  drawCalls: number;
  triangles: number;
  placementMs: number | null;
  solveMs?: number | null;
  gpus: number;
  links: number;
  racks: number;
  error: string | null;
  hash: string;
}

export const statusOf = (page: Page): Promise<AppStatus> =>
  page.evaluate(() => (window as unknown as { fabricscope: { status(): AppStatus } }).fabricscope.status());

/** Waits until the scene is placed and drawn (the solve may follow); fails on an app error. */
export async function drawn(page: Page, timeout = 120_000): Promise<AppStatus> {
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { fabricscope?: { status(): AppStatus } }).fabricscope?.status();
      return !!s && ['ready', 'solving', 'solved', 'error'].includes(s.phase);
    },
    undefined,
    { timeout, polling: 100 },
  );
  const s = await statusOf(page);
  expect(s.error).toBeNull();
  expect(['ready', 'solving', 'solved']).toContain(s.phase);
  return s;
}
