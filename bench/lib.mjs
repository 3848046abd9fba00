// What every bench script shares: the corpus manifest, medians, the viewer served from a
// built dist on its own port, and Debian Chromium launched as the e2e tests launch it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { configConnectSources, localArchives, startViewerServer } from '../scripts/serve/server.mjs';

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
      if (series) return { study, series };
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
 * The built viewer (LONGVIEW_DIST, else apps/viewer/dist) on `port`, proxying the local
 * archives, and a browser. `close()` ends both.
 */
export async function startBench(port) {
  const root = resolve(process.env.LONGVIEW_DIST ?? join(REPO, 'apps/viewer/dist'));
  const server = await startViewerServer({ root, port, archives: localArchives(REPO), connectSources: configConnectSources(root) });
  const browser = await chromium.launch(chromiumLaunchOptions);
  return {
    browser,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await browser.close();
      server.close();
    },
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
