// Saves a screenshot of the built app (dist/) with the same tooling as the browser tests:
// vite preview + headless system Chromium (WebGL through SwiftShader).
//
//   npx vite build && node scripts/screenshot.mjs                       → docs/screenshot.png (demo, 1600×900)
//   node scripts/screenshot.mjs --scene colossus-100k --out /tmp/c.png  [--width 1600 --height 900] [--query hud=1]

import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

// Same flags as tests/e2e/browser.ts.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const scene = arg('scene', '');
const out = arg('out', 'docs/screenshot.png');
const width = Number(arg('width', '1600'));
const height = Number(arg('height', '900'));
const extra = arg('query', '');
const timeout = Number(arg('timeout', '180000'));

const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const address = server.httpServer.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4173}/`;
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fabricscope-shot-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: FLAGS,
  viewport: { width, height },
});
try {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const q = new URLSearchParams();
  if (scene) q.set('scene', scene);
  for (const kv of extra ? extra.split('&') : []) {
    const [k, v] = kv.split('=');
    q.set(k, v ?? '');
  }
  const t0 = Date.now();
  await page.goto(`${base}?${q}`);
  await page.waitForFunction(
    () => {
      const s = window.fabricscope?.status();
      return s && (s.phase === 'ready' || s.phase === 'error');
    },
    undefined,
    { timeout, polling: 100 },
  );
  const status = await page.evaluate(() => window.fabricscope.status());
  // One more frame for the compositor.
  await page.waitForTimeout(300);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(JSON.stringify({ out, ms: Date.now() - t0, ...status }));
} finally {
  await ctx.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
