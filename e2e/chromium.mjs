// The one place Chromium's launch options live, shared by the e2e tests and the benchmarks.
// Debian's chromium, never a downloaded browser; WebGL2 through ANGLE on SwiftShader so
// rendering works without a GPU (the path CI takes); background networking off because the
// machine has no network but loopback.

export const CHROMIUM_EXECUTABLE = process.env.LONGVIEW_CHROMIUM ?? '/usr/bin/chromium';

/** @type {import('@playwright/test').LaunchOptions} */
export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_EXECUTABLE,
  args: [
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
  ],
};
