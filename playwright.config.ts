import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.mjs';

/**
 * The built viewer is served by nginx as it is deployed (scripts/serve/control.mjs, started by
 * the global setup) on its own port, so a running demo (5173) is left alone.
 */
export const E2E_PORT = Number(process.env.LONGVIEW_E2E_PORT ?? 5174);

export default defineConfig({
  testDir: 'e2e',
  // One browser at a time: CI has 2 cores, shared with Orthanc and the decode workers.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.data/results/e2e.json' }]],
  globalSetup: './e2e/support/globalSetup.ts',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    // A failed test keeps its trace: actions, DOM snapshots and network, not a screencast. Recording
    // the screencast of every test (the default) cost about a tenth of the suite's time on 2 cores
    // (SwiftShader draws each frame in software); the failure's own screenshot is kept instead.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
  },
});
