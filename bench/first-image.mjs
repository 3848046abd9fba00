// Time to first image and to the full series for the 256-slice CT in headless Chromium, seen as
// an outside observer sees it, next to the network floor measured in the same run, from the
// same browser and archive:
//   first image = navigation start → lit pixels on a viewport-sized canvas, found by an observer
//                 the bench injects into the page (it samples every canvas each animation frame;
//                 the app's own performance marks are reported beside it, never instead of it);
//   full series = navigation start → the last frame's response end (Resource Timing);
//   first-image floor = QIDO-RS instance list + one WADO-RS frame, from a loaded page;
//   full-series floor = every frame of the series fetched (6 at a time, the browser's limit).
// Each run uses a fresh browser context (cold HTTP cache). Runs on the local link and on an
// emulated slow link (Chromium network emulation: 20 Mbit/s, 40 ms RTT; first image only, the
// full series would take minutes). Prints JSON with one request waterfall per link; asserts nothing.
//
// Needs: the viewer built, the corpus generated and the archives started and loaded
// (scripts/demo.sh or the e2e global setup do all of it).
// Usage: node bench/first-image.mjs [iterations] [--link local|slow|both]
/* global document, window, requestAnimationFrame -- the injected observer and the in-page functions run in the browser */
import { findSeries, javascriptBytesBeforeInPage, median, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5175);
const ITERATIONS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 3);
const LINK_ARG = process.argv.indexOf('--link');
const LINKS = { local: undefined, slow: { latency: 40, throughputBitsPerSecond: 20e6 } };
const linksToRun = LINK_ARG > 0 ? (process.argv[LINK_ARG + 1] === 'both' ? ['local', 'slow'] : [process.argv[LINK_ARG + 1]]) : ['local', 'slow'];
const SERIES_KEY = 'ct-chest-axial';
const FRAME_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

/**
 * Injected before any page script: records when a canvas of at least 256×256 CSS px first shows
 * lit pixels (more than 2% of a 32×32 sample brighter than 16 in any channel). It knows nothing
 * of the app; it reads what the page would put on the screen.
 */
function installLitPixelObserver() {
  // Room for every frame of the series: the default buffer (250 entries) would drop the last ones.
  performance.setResourceTimingBufferSize(2000);
  const sample = document.createElement('canvas');
  sample.width = 32;
  sample.height = 32;
  const context = sample.getContext('2d', { willReadFrequently: true });
  const isLit = (canvas) => {
    if (canvas.clientWidth < 256 || canvas.clientHeight < 256 || canvas.width === 0) return false;
    context.clearRect(0, 0, 32, 32);
    try {
      context.drawImage(canvas, 0, 0, 32, 32);
    } catch {
      return false;
    }
    const { data } = context.getImageData(0, 0, 32, 32);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.max(data[i], data[i + 1], data[i + 2]) > 16) lit += 1;
    return lit > 20;
  };
  const watch = () => {
    if ([...document.querySelectorAll('canvas')].some(isLit)) {
      window.__benchLitAt = performance.now();
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}

/** Runs in the page: the raw DICOMweb requests a minimal client needs, timed with performance.now(). */
async function measureFloorInPage({ root, study, series, frameAccept, isFirstImageOnly }) {
  const started = performance.now();
  const instances = await (await fetch(`${root}/studies/${study}/series/${series}/instances`, { headers: { Accept: 'application/dicom+json' } })).json();
  const sops = instances.map((i) => i['00080018'].Value[0]);
  const frameUrl = (sop) => `${root}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
  await (await fetch(frameUrl(sops[0]), { headers: { Accept: frameAccept } })).arrayBuffer();
  const firstImageFloorMs = performance.now() - started;
  if (isFirstImageOnly) return { firstImageFloorMs, frames: sops.length };

  const allStarted = performance.now();
  let bytes = 0;
  const queue = [...sops];
  const worker = async () => {
    for (let sop = queue.shift(); sop; sop = queue.shift()) {
      bytes += (await (await fetch(frameUrl(sop), { headers: { Accept: frameAccept } })).arrayBuffer()).byteLength;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { firstImageFloorMs, fullSeriesFloorMs: performance.now() - allStarted, frames: sops.length, bytes };
}

/** Runs in the page: what was asked for and when, in ms after navigation start. */
function waterfallInPage() {
  const label = (url) => {
    const { pathname, search } = new URL(url);
    if (pathname.endsWith('/config.json')) return 'config.json';
    if (pathname.includes('/assets/')) return pathname.split('/').pop().replace(/-[\w-]{8}\.(js|css|wasm)$/, '.$1');
    if (/\/frames\/\d+$/.test(pathname)) return 'frame';
    if (pathname.endsWith('/metadata')) return /\/instances\//.test(pathname) ? 'instance metadata' : 'series metadata';
    if (pathname.endsWith('/instances')) return search.includes('limit=') ? 'instance search (one, a thumbnail)' : 'instance list';
    if (/\/studies$/.test(pathname) || search.includes('StudyInstanceUID')) return 'study search';
    if (pathname.endsWith('/series')) return 'series list';
    return pathname;
  };
  const entries = performance.getEntriesByType('resource').map((entry) => ({
    what: label(entry.name),
    startMs: Math.round(entry.startTime),
    endMs: Math.round(entry.responseEnd),
  }));
  const frames = entries.filter((entry) => entry.what === 'frame');
  const others = entries.filter((entry) => entry.what !== 'frame');
  const frameSummary = frames.length
    ? [
        { what: 'first frame', startMs: frames[0].startMs, endMs: frames[0].endMs },
        { what: `last of ${frames.length} frames`, startMs: Math.max(...frames.map((f) => f.startMs)), endMs: Math.max(...frames.map((f) => f.endMs)) },
      ]
    : [];
  return {
    steps: [...others, ...frameSummary].sort((a, b) => a.startMs - b.startMs),
    lastFrameEndMs: frames.length ? Math.max(...frames.map((f) => f.endMs)) : undefined,
    frameRequests: frames.length,
    instanceListRequests: entries.filter((entry) => entry.what === 'instance list').length,
  };
}

async function emulateLink(context, page, link) {
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

async function measureViewer(browser, url, link) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(installLitPixelObserver);
  const page = await context.newPage();
  await emulateLink(context, page, link);
  await page.goto(url);
  await page.waitForFunction(() => window.__benchLitAt !== undefined, null, { timeout: 300_000, polling: 100 });
  if (!link) await page.waitForFunction(() => performance.getEntriesByName('longview:series-loaded').length > 0, null, { timeout: 300_000 });
  const result = await page.evaluate(() => ({
    firstLitMs: window.__benchLitAt,
    appFirstImageMarkMs: performance.getEntriesByName('longview:first-image')[0]?.startTime,
    appSeriesLoadedMarkMs: performance.getEntriesByName('longview:series-loaded')[0]?.startTime,
  }));
  result.waterfall = await page.evaluate(waterfallInPage);
  result.lastFrameFetchedMs = link ? undefined : result.waterfall.lastFrameEndMs;
  result.javascriptBeforeFirstImage = await page.evaluate(javascriptBytesBeforeInPage, result.firstLitMs);
  await context.close();
  return result;
}

async function measureFloor(browser, origin, params, link) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/config.json`);
  await emulateLink(context, page, link);
  const result = await page.evaluate(measureFloorInPage, { ...params, isFirstImageOnly: link !== undefined });
  await context.close();
  return result;
}

const round = (value) => (value === undefined ? undefined : Math.round(value));
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : Number((a / b).toFixed(2)));

async function measureLink(browser, origin, url, params, linkName) {
  const link = LINKS[linkName];
  // One warm-up of each so the archive's file cache is equally warm for both.
  await measureFloor(browser, origin, params, link);
  await measureViewer(browser, url, link);
  const viewer = [];
  const floor = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    floor.push(await measureFloor(browser, origin, params, link));
    viewer.push(await measureViewer(browser, url, link));
  }
  const firstLitMs = median(viewer.map((v) => v.firstLitMs));
  const firstImageFloorMs = median(floor.map((f) => f.firstImageFloorMs));
  const lastFrameFetchedMs = link ? undefined : median(viewer.map((v) => v.lastFrameFetchedMs));
  const fullSeriesFloorMs = link ? undefined : median(floor.map((f) => f.fullSeriesFloorMs));
  return {
    link: link ?? 'local loopback, no emulation',
    medians: {
      firstLitMs: round(firstLitMs),
      firstImageFloorMs: round(firstImageFloorMs),
      firstImageOverFloor: ratio(firstLitMs, firstImageFloorMs),
      lastFrameFetchedMs: round(lastFrameFetchedMs),
      fullSeriesFloorMs: round(fullSeriesFloorMs),
      seriesOverFloor: ratio(lastFrameFetchedMs, fullSeriesFloorMs),
      appFirstImageMarkMs: round(median(viewer.map((v) => v.appFirstImageMarkMs ?? Number.NaN))),
      appSeriesLoadedMarkMs: link ? undefined : round(median(viewer.map((v) => v.appSeriesLoadedMarkMs))),
      // The viewer's JavaScript fetched before the first lit pixels: on the wire (as the server
      // compressed it) and decoded.
      javascriptWireBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.wireBytes)),
      javascriptDecodedBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.decodedBytes)),
      instanceListRequests: Math.max(...viewer.map((v) => v.waterfall.instanceListRequests)),
    },
    runs: viewer.map((v, i) => ({
      firstLitMs: round(v.firstLitMs),
      lastFrameFetchedMs: v.lastFrameFetchedMs,
      firstImageFloorMs: round(floor[i].firstImageFloorMs),
      fullSeriesFloorMs: round(floor[i].fullSeriesFloorMs),
    })),
    // The median run's requests (the scripts, config.json, the archive's answers), ms after navigation.
    waterfall: [...viewer].sort((a, b) => a.firstLitMs - b.firstLitMs)[Math.floor(viewer.length / 2)].waterfall.steps,
  };
}

const { study, series } = findSeries(SERIES_KEY);
const { browser, origin, close } = await startBench(PORT);
const url = `${origin}/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
const params = { root: `/dicomweb/${study.archive}`, study: study.studyInstanceUid, series: series.seriesInstanceUid, frameAccept: FRAME_ACCEPT };

const links = {};
for (const linkName of linksToRun) links[linkName] = await measureLink(browser, origin, url, params, linkName);
await close();

console.log(
  JSON.stringify(
    {
      benchmark: 'first-image',
      series: { key: SERIES_KEY, rows: series.rows, columns: series.columns, transferSyntaxUid: series.transferSyntaxUid },
      iterations: ITERATIONS,
      links,
      note: 'Viewer times count from navigation start (app load included) to lit pixels seen by an injected observer; floor times from the first request in an already-loaded page.',
    },
    null,
    2,
  ),
);
