// Saves a screenshot of the built app (dist/) with the same tooling as the browser tests:
// vite preview + headless system Chromium (WebGL through SwiftShader).
//
//   npx vite build && node scripts/screenshot.mjs                       → docs/screenshot.png (demo, 1600×900)
//   node scripts/screenshot.mjs --scene colossus-100k --out /tmp/c.png  [--width 1600 --height 900] [--query hud=1]
//   [--dist dist-x (or E2E_DIST)] [--wait ms after ready, e.g. for a tour's camera flight: --query tour=tour-why-optics&step=1 --wait 3000]

import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

// A copy of CHROMIUM_FLAGS in src/cli/chromium.ts (plain Node cannot import that TypeScript file).
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

const server = await preview({
  preview: { port: 0, host: '127.0.0.1' },
  build: { outDir: arg('dist', process.env.E2E_DIST ?? 'dist') },
  logLevel: 'warn',
});
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
  // --hash '#v1.demo.…' opens a share link.
  await page.goto(`${base}?${q}${arg('hash', '')}`);
  // --phase solved waits for the solve (and side B of a comparison); default: drawn.
  await page.waitForFunction(
    (want) => {
      const s = window.fabricscope?.status();
      if (!s) return false;
      if (s.phase === 'error') return true;
      if (want !== 'solved') return ['ready', 'solving', 'solved'].includes(s.phase);
      const c = window.fabricscope.compare?.();
      return s.phase === 'solved' && (!c?.active || c.solvedB);
    },
    arg('phase', 'ready'),
    { timeout, polling: 100 },
  );
  const status = await page.evaluate(() => window.fabricscope.status());
  // One more frame for the compositor.
  await page.waitForTimeout(Number(arg('wait', '300')));
  // --click SELECTOR opens a menu (say) before the shot.
  const click = arg('click', '');
  if (click) {
    await page.click(click);
    await page.waitForTimeout(300);
  }
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(JSON.stringify({ out, ms: Date.now() - t0, ...status }));
} finally {
  await ctx.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
