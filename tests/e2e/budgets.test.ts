// Deterministic budgets, checked on every `npm test`: the gzipped size of the initial JS and
// the draw calls of every preset. Never wall-clock times (those live in `npm run bench`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, open } from './browser';

const DIST = process.env.E2E_DIST ?? 'dist';
const INITIAL_JS_BUDGET = 450 * 1024;
const DRAW_CALL_BUDGET = 50;

/** The scripts the page loads before anything else: the entry and its modulepreloads. */
function initialScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  const preload = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)].map(
    (m) => m[1],
  );
  return [...entry, ...preload];
}

describe('bundle budget', () => {
  it(`initial JS is under ${INITIAL_JS_BUDGET / 1024} KB gzipped`, () => {
    const files = initialScripts();
    expect(files.length).toBeGreaterThan(0);
    const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
    console.log(`initial JS: ${files.join(', ')} = ${(gz / 1024).toFixed(1)} KB gzipped`);
    expect(gz).toBeLessThan(INITIAL_JS_BUDGET);
  });
});

const presets = readdirSync('scenes')
  .filter((f) => f.endsWith('.json') && !f.startsWith('tour-'))
  .map((f) => f.replace(/\.json$/, ''));

let ctx: BrowserContext;
beforeAll(async () => {
  ctx = await launch({ width: 1280, height: 800 });
});
afterAll(async () => {
  await ctx?.close();
});

describe('draw-call budget', () => {
  it.each(presets)(`%s draws in at most ${DRAW_CALL_BUDGET} calls`, async (id) => {
    const { page, errors } = await open(ctx, `./?scene=${id}`);
    await page.waitForFunction(
      () => {
        const s = (
          window as unknown as { fabricscope?: { status(): { phase: string; drawCalls: number } } }
        ).fabricscope?.status();
        return s && s.drawCalls > 0 && s.phase !== 'loading' && s.phase !== 'placing';
      },
      undefined,
      { timeout: 120_000, polling: 200 },
    );
    const s = await page.evaluate(() =>
      (
        window as unknown as { fabricscope: { status(): { drawCalls: number; error: string | null } } }
      ).fabricscope.status(),
    );
    expect(s.error).toBeNull();
    expect(s.drawCalls).toBeLessThanOrEqual(DRAW_CALL_BUDGET);
    expect(errors).toEqual([]);
    await page.close();
  });
});
