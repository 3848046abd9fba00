// Reading speed, all in one run against the same archive and the same browser: the viewer
// opening the 256-slice 512² CT (time to first image, time to the full series, JavaScript
// loaded before the first image), then scrolling through it once loaded (images per second),
// with the peak JS heap and decoded-image cache bytes sampled throughout; and next to it the
// floor: a raw in-page fetch of every frame plus a decode in a Web Worker, no rendering.
//
// The floor's decode is what decoding costs for this series' transfer syntax (explicit VR
// little endian): the worker copies the frame out of its multipart envelope into an Int16Array
// and finds its min/max, as the image loader does. Frames are fetched 6 at a time (the
// browser's limit per host) and decoded by as many workers as the viewer's loader uses.
// Each iteration uses a fresh browser context (cold HTTP cache). Prints JSON; asserts nothing.
//
// Needs: the viewer built, corpus and archives up (scripts/demo.sh or the e2e global setup).
// Usage: node bench/reading.mjs [iterations]
/* global window, document, Worker, KeyboardEvent -- page bodies run in the browser */
import { MiB, findSeries, javascriptBytesBeforeInPage, median, samplePeakMemory, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5179);
const ITERATIONS = Number(process.argv[2] ?? 3);
const SERIES_KEY = 'ct-chest-axial';
const FLOOR_WORKER_PATH = '/__bench/floor-decode-worker.js';

// Same origin as the app (its CSP allows workers from 'self' only), served by page.route.
const FLOOR_WORKER_SOURCE = `
self.onmessage = (event) => {
  const { id, body } = event.data;
  const bytes = new Uint8Array(body);
  // The multipart part's headers end at the first blank line; the part ends before the closing boundary.
  let start = 0;
  for (let i = 0; i + 3 < bytes.length; i += 1) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) { start = i + 4; break; }
  }
  let end = bytes.length;
  for (let i = bytes.length - 4; i > start; i -= 1) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 45 && bytes[i + 3] === 45) { end = i; break; }
  }
  const length = (end - start) >> 1;
  const pixels = new Int16Array(length);
  const view = new DataView(body, start, length * 2);
  let min = 32767;
  let max = -32768;
  for (let i = 0; i < length; i += 1) {
    const value = view.getInt16(i * 2, true);
    pixels[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  self.postMessage({ id, min, max, pixels: pixels.length }, []);
};`;

/** Runs in the page: fetch + worker decode of the first frame, then of every frame. */
async function measureFloorInPage({ root, study, series, workerUrl }) {
  const frameAccept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const workerCount = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 7));
  const workers = Array.from({ length: workerCount }, () => new Worker(workerUrl));
  const pending = new Map();
  let nextId = 0;
  for (const worker of workers) worker.onmessage = (event) => pending.get(event.data.id)(event.data);
  const decode = (body) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      workers[id % workers.length].postMessage({ id, body }, [body]);
    });
  const frameUrl = (sop) => `${root}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
  const fetchFrame = async (sop) => (await fetch(frameUrl(sop), { headers: { Accept: frameAccept } })).arrayBuffer();

  const started = performance.now();
  const instances = await (await fetch(`${root}/studies/${study}/series/${series}/instances`, { headers: { Accept: 'application/dicom+json' } })).json();
  const sops = instances.map((i) => i['00080018'].Value[0]);
  await decode(await fetchFrame(sops[0]));
  const firstImageFloorMs = performance.now() - started;

  const allStarted = performance.now();
  let bytes = 0;
  const queue = [...sops];
  const fetcher = async () => {
    for (let sop = queue.shift(); sop; sop = queue.shift()) {
      const body = await fetchFrame(sop);
      bytes += body.byteLength;
      await decode(body);
    }
  };
  await Promise.all(Array.from({ length: 6 }, fetcher));
  const fullSeriesFloorMs = performance.now() - allStarted;
  for (const worker of workers) worker.terminate();
  return { firstImageFloorMs, fullSeriesFloorMs, frames: sops.length, bytes, decodeWorkers: workerCount };
}

/**
 * Runs in the page once the series is loaded: steps through every image with the "next image"
 * key, each step waiting until Cornerstone has rendered the new image, and returns the rate.
 */
async function measureScrollInPage(steps) {
  const element = document.querySelector('[data-testid="viewport"]');
  const rendered = () =>
    new Promise((resolve) => {
      const done = () => {
        element.removeEventListener('CORNERSTONE_IMAGE_RENDERED', done, true);
        resolve(true);
      };
      element.addEventListener('CORNERSTONE_IMAGE_RENDERED', done, true);
      setTimeout(() => resolve(false), 2000);
    });
  const press = (key) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  press('Home');
  await rendered();
  const startIndex = Number(element.getAttribute('data-image-index'));
  const started = performance.now();
  let renders = 0;
  for (let i = 0; i < steps; i += 1) {
    const next = rendered();
    press('ArrowDown');
    if (await next) renders += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return { steps, renders, startIndex, endIndex: Number(element.getAttribute('data-image-index')), seconds, imagesPerSecond: renders / seconds };
}

async function measureViewer(browser, url, frames) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const memory = await samplePeakMemory(context, page);

  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('longview:series-loaded').length > 0, null, { timeout: 300_000 });
  const load = await page.evaluate(() => {
    const firstImage = performance.getEntriesByName('longview:first-image')[0].startTime;
    const seriesLoaded = performance.getEntriesByName('longview:series-loaded')[0].startTime;
    return {
      firstImageMs: firstImage,
      seriesLoadedMs: seriesLoaded,
    };
  });
  load.javascriptBeforeFirstImage = await page.evaluate(javascriptBytesBeforeInPage, 'longview:first-image');
  const scroll = await page.evaluate(measureScrollInPage, frames - 1);
  const peak = await memory.stop();
  await context.close();
  return {
    ...load,
    scroll,
    peakJsHeapMiB: Number((peak.jsHeapUsedBytes / MiB).toFixed(1)),
    peakDecodedCacheMiB: Number((peak.decodedImageBytes / MiB).toFixed(1)),
  };
}

async function measureFloor(browser, origin, params) {
  const context = await browser.newContext();
  await context.route(`**${FLOOR_WORKER_PATH}`, (route) => route.fulfill({ contentType: 'text/javascript', body: FLOOR_WORKER_SOURCE }));
  const page = await context.newPage();
  // Any page of the app's origin: the floor needs only fetch and a same-origin worker.
  await page.goto(`${origin}/`);
  const result = await page.evaluate(measureFloorInPage, { ...params, workerUrl: FLOOR_WORKER_PATH });
  await context.close();
  return result;
}

const { study, series } = findSeries(SERIES_KEY);
const { browser, origin, close } = await startBench(PORT);
const url = `${origin}/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
const params = { root: `/dicomweb/${study.archive}`, study: study.studyInstanceUid, series: series.seriesInstanceUid };

// One warm-up of each so the archive's file cache is equally warm for both.
const warmFloor = await measureFloor(browser, origin, params);
await measureViewer(browser, url, warmFloor.frames);

const viewer = [];
const floor = [];
for (let i = 0; i < ITERATIONS; i += 1) {
  floor.push(await measureFloor(browser, origin, params));
  viewer.push(await measureViewer(browser, url, warmFloor.frames));
}
await close();

const m = (values) => Math.round(median(values));
const firstImageMs = median(viewer.map((v) => v.firstImageMs));
const seriesLoadedMs = median(viewer.map((v) => v.seriesLoadedMs));
const firstImageFloorMs = median(floor.map((f) => f.firstImageFloorMs));
const fullSeriesFloorMs = median(floor.map((f) => f.fullSeriesFloorMs));
console.log(
  JSON.stringify(
    {
      benchmark: 'reading',
      series: { key: SERIES_KEY, frames: warmFloor.frames, bytes: warmFloor.bytes, rows: series.rows, columns: series.columns, transferSyntaxUid: series.transferSyntaxUid },
      iterations: ITERATIONS,
      medians: {
        firstImageMs: m(viewer.map((v) => v.firstImageMs)),
        seriesLoadedMs: m(viewer.map((v) => v.seriesLoadedMs)),
        scrollImagesPerSecond: Number(median(viewer.map((v) => v.scroll.imagesPerSecond)).toFixed(1)),
        peakJsHeapMiB: median(viewer.map((v) => v.peakJsHeapMiB)),
        peakDecodedCacheMiB: median(viewer.map((v) => v.peakDecodedCacheMiB)),
        // The viewer's JavaScript before the first image: on the wire (as the server compressed it) and decoded.
        javascriptWireBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.wireBytes)),
        javascriptDecodedBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.decodedBytes)),
        floorFirstImageMs: Math.round(firstImageFloorMs),
        floorFullSeriesMs: Math.round(fullSeriesFloorMs),
        firstImageOverFloor: Number((firstImageMs / firstImageFloorMs).toFixed(2)),
        seriesOverFloor: Number((seriesLoadedMs / fullSeriesFloorMs).toFixed(2)),
      },
      aims: { firstImageOverFloor: 1.5, seriesOverFloor: 1.2, scrollImagesPerSecond: 60 },
      runs: { viewer, floor },
      note: 'Viewer times count from navigation start (loading the app included); floor times from the first request in an already-loaded page, so the ratios charge the viewer for its own start-up.',
    },
    null,
    2,
  ),
);
