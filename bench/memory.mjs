// Memory while opening large series one after another in one page, against the configured
// ceiling of decoded images (config.json "memory.decodedImageBytes"). The corpus has one large
// series (the 256-slice 512² CT, 128 MiB decoded), so "10 large series" are 10 openings of it,
// each after a detour to the knee MR, in the same page (in-app navigation: the cache and the
// JS heap carry over, as for a reader working through a worklist). Run with the ceiling of
// public/config.json and with one below a single series (so every opening must evict).
// Samples: decoded-cache bytes (the viewer's read-only gauge window.__longviewMemory) and the
// JS heap (CDP Performance.getMetrics) every 100 ms. Prints JSON; asserts nothing.
//
// Needs: the viewer built, corpus and archives up (as for bench/first-image.mjs).
// Usage: node bench/memory.mjs [openings] [ceilingBytes...]
/* global window, history, dispatchEvent, PopStateEvent -- page.evaluate bodies run in the browser */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MiB, REPO, samplePeakMemory, startBench, viewerPathOf } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5176);
const OPENINGS = Number(process.argv[2] ?? 10);
const CONFIG = JSON.parse(readFileSync(join(REPO, 'public/config.json'), 'utf8'));
const CEILINGS = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [CONFIG.memory?.decodedImageBytes ?? 1024 ** 3, 64 * 1024 ** 2];
const LARGE = 'ct-chest-axial';
const DETOUR = 'mr-knee-sagittal';

/** Navigates inside the app (no reload) and waits until the series is fully loaded. */
async function openInApp(page, path) {
  const before = await page.evaluate(() => performance.getEntriesByName('longview:series-loaded').length);
  await page.evaluate((target) => {
    history.pushState(null, '', target);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForFunction((n) => performance.getEntriesByName('longview:series-loaded').length > n, before, { timeout: 300_000 });
}

async function measure(browser, ceiling) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), memory: { decodedImageBytes: ceiling } } });
  });
  const memory = await samplePeakMemory(context, page);

  const started = Date.now();
  await page.goto(`${origin}${viewerPathOf(DETOUR)}`);
  await page.waitForFunction(() => performance.getEntriesByName('longview:series-loaded').length > 0, null, { timeout: 300_000 });
  const perOpening = [];
  for (let i = 0; i < OPENINGS; i += 1) {
    await openInApp(page, viewerPathOf(LARGE));
    const released = Number((await page.getByTestId('released-images').getAttribute('data-released', { timeout: 100 }).catch(() => null)) ?? 0);
    perOpening.push({ decodedMiB: Number(((await page.evaluate(() => window.__longviewMemory.decodedImageBytes)) / MiB).toFixed(1)), releasedInSeries: released });
    await openInApp(page, viewerPathOf(DETOUR));
  }
  const peak = await memory.stop();
  const { metrics } = await memory.cdp.send('Performance.getMetrics');
  await context.close();
  return {
    ceilingMiB: ceiling / MiB,
    peakDecodedMiB: Number((peak.decodedImageBytes / MiB).toFixed(1)),
    peakDecodedWithinCeiling: peak.decodedImageBytes <= ceiling,
    peakJsHeapMiB: Number((peak.jsHeapUsedBytes / MiB).toFixed(1)),
    finalJsHeapMiB: Number(((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / MiB).toFixed(1)),
    seconds: Math.round((Date.now() - started) / 1000),
    afterEachOpening: perOpening,
  };
}

const { browser, origin, close } = await startBench(PORT);
const runs = [];
for (const ceiling of CEILINGS) runs.push(await measure(browser, ceiling));
await close();
console.log(
  JSON.stringify(
    {
      benchmark: 'memory',
      series: { key: LARGE, frames: 256, decodedMiB: 128, openings: OPENINGS, detour: DETOUR },
      runs,
      note: 'Decoded bytes: Cornerstone image cache (the bounded part). JS heap: V8 heap used; typed-array pixel buffers live outside it, and the viewport keeps its own copy of the image it shows.',
    },
    null,
    2,
  ),
);
