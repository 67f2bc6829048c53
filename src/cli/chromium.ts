// Headless system Chromium for browser tests and benchmarks: WebGL through SwiftShader, and no
// background connections (this machine's network is closed). scripts/screenshot.mjs, plain JS,
// keeps a copy of these flags.

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
