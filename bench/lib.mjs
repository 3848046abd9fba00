// What every bench script shares: the corpus manifest, medians, the viewer served from a
// built dist on its own port, and Debian Chromium launched as the e2e tests launch it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { viewerServer } from '../scripts/serve/control.mjs';

export const REPO = resolve(import.meta.dirname, '..');
export const MiB = 1024 * 1024;

export function readManifest() {
  return JSON.parse(readFileSync(join(REPO, '.data/corpus/manifest.json'), 'utf8'));
}

/** The series with manifest key `key` and its study. */
export function findSeries(key) {
  for (const patient of readManifest().patients) {
    for (const study of patient.studies) {
      const series = study.series.find((s) => s.key === key);
      if (series) return { patient, study, series };
    }
  }
  throw new Error(`series ${key} not in the corpus`);
}

/** The viewer path that opens one series of the corpus. */
export function viewerPathOf(key) {
  const { study, series } = findSeries(key);
  return `/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The built viewer (LONGVIEW_DIST, else apps/viewer/dist) served by nginx on `port` as it is
 * deployed (scripts/serve/control.mjs: precompressed assets, the local archives proxied), and a
 * browser. `serverOptions` go to viewerServer (another dist, archives proxied besides the local
 * ones). `close()` ends both.
 */
export async function startBench(port, serverOptions = {}) {
  const server = viewerServer({ port, ...serverOptions });
  await server.start();
  const browser = await chromium.launch(chromiumLaunchOptions);
  return {
    browser,
    origin: server.url,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** A remote clinic's link: 20 Mbit/s, 40 ms round trip (Chromium network emulation). */
export const SLOW_LINK = { latency: 40, throughputBitsPerSecond: 20e6 };

/** Emulates `link` (SLOW_LINK's shape) for `page`'s requests, its workers' too; none for undefined. */
export async function emulateLink(context, page, link) {
  if (!link) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: link.latency,
    downloadThroughput: link.throughputBitsPerSecond / 8,
    uploadThroughput: link.throughputBitsPerSecond / 8,
  });
}

/**
 * Runs in the page: the JavaScript fetched before `moment` (a performance mark's name, or a time
 * in ms after navigation start), as it crossed the wire (encodedBodySize: compressed by the
 * server, if it was) and as the browser decoded it. Same-origin resources only, which is all the
 * viewer loads.
 */
export function javascriptBytesBeforeInPage(moment) {
  const before = typeof moment === 'number' ? moment : performance.getEntriesByName(moment)[0].startTime;
  const scripts = performance
    .getEntriesByType('resource')
    .filter((e) => e.startTime < before && (e.initiatorType === 'script' || /\.m?js(\?|$)/.test(e.name)));
  return {
    files: scripts.length,
    wireBytes: scripts.reduce((sum, e) => sum + e.encodedBodySize, 0),
    decodedBytes: scripts.reduce((sum, e) => sum + e.decodedBodySize, 0),
  };
}

/**
 * Samples the page's peak JS heap (CDP Performance metrics) and the viewer's decoded-image
 * cache gauge (window.__longviewMemory) every 100 ms until `stop()`, which returns the peaks.
 */
export async function samplePeakMemory(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const peak = { decodedImageBytes: 0, jsHeapUsedBytes: 0 };
  let isSampling = true;
  const sampler = (async () => {
    while (isSampling) {
      const [metrics, decoded] = await Promise.all([
        cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] })),
        // eslint-disable-next-line no-undef -- runs in the page
        page.evaluate(() => window.__longviewMemory?.decodedImageBytes ?? 0).catch(() => 0),
      ]);
      const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peak.decodedImageBytes = Math.max(peak.decodedImageBytes, decoded);
      peak.jsHeapUsedBytes = Math.max(peak.jsHeapUsedBytes, heap);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    cdp,
    stop: async () => {
      isSampling = false;
      await sampler;
      return peak;
    },
  };
}
