// Headless system Chromium for browser tests and benchmarks: WebGL through SwiftShader, and no
// background connections (this machine's network is closed). scripts/screenshot.mjs, plain JS,
// keeps a copy of these flags.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_FLAGS = [
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

export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless context of the system Chromium with these flags, in a fresh profile directory. */
export function launchChromium(
  opts: { viewport?: { width: number; height: number }; args?: string[] } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fabricscope-')), {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(opts.args ?? [])],
    viewport: opts.viewport ?? { width: 1280, height: 800 },
  });
}
