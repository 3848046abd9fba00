// Time to first image and to the full series for the 256-slice CT in headless Chromium,
// next to the network floor measured in the same run from the same browser and archive:
//   first-image floor = QIDO-RS instance list + one WADO-RS frame,
//   full-series floor = every frame of the series fetched (6 at a time, the browser's limit).
// Each iteration uses a fresh browser context (cold HTTP cache). Prints JSON; asserts nothing.
//
// Needs: the viewer built, the corpus generated and the archives started and loaded
// (scripts/demo.sh or the e2e global setup do all of it). Usage: node bench/first-image.mjs [iterations]
import { findSeries, javascriptBytesBeforeInPage, median, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5175);
const ITERATIONS = Number(process.argv[2] ?? 5);
const SERIES_KEY = 'ct-chest-axial';

/** Runs in the page: the raw DICOMweb requests a minimal client needs, timed with performance.now(). */
async function measureFloorInPage({ root, study, series }) {
  const frameAccept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const started = performance.now();
  const instances = await (await fetch(`${root}/studies/${study}/series/${series}/instances`, { headers: { Accept: 'application/dicom+json' } })).json();
  const sops = instances.map((i) => i['00080018'].Value[0]);
  const frameUrl = (sop) => `${root}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
  await (await fetch(frameUrl(sops[0]), { headers: { Accept: frameAccept } })).arrayBuffer();
  const firstImageFloorMs = performance.now() - started;

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

async function measureViewer(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('longview:series-loaded').length > 0, null, { timeout: 300_000 });
  const result = await page.evaluate(() => {
    const firstImage = performance.getEntriesByName('longview:first-image')[0].startTime;
    const seriesLoaded = performance.getEntriesByName('longview:series-loaded')[0].startTime;
    return {
      // Navigation start is time 0: these include loading the app itself.
      firstImageMs: firstImage,
      seriesLoadedMs: seriesLoaded,
    };
  });
  result.javascriptBeforeFirstImage = await page.evaluate(javascriptBytesBeforeInPage, 'longview:first-image');
  await context.close();
  return result;
}

async function measureFloor(browser, origin, params) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/config.json`);
  const result = await page.evaluate(measureFloorInPage, params);
  await context.close();
  return result;
}

const { study, series } = findSeries(SERIES_KEY);
const { browser, origin, close } = await startBench(PORT);
const url = `${origin}/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
const params = { root: `/dicomweb/${study.archive}`, study: study.studyInstanceUid, series: series.seriesInstanceUid };

// One warm-up of each so the archive's file cache is equally warm for both.
await measureFloor(browser, origin, params);
await measureViewer(browser, url);

const viewer = [];
const floor = [];
for (let i = 0; i < ITERATIONS; i += 1) {
  floor.push(await measureFloor(browser, origin, params));
  viewer.push(await measureViewer(browser, url));
}
await close();

const firstImageMs = median(viewer.map((v) => v.firstImageMs));
const seriesLoadedMs = median(viewer.map((v) => v.seriesLoadedMs));
const firstImageFloorMs = median(floor.map((f) => f.firstImageFloorMs));
const fullSeriesFloorMs = median(floor.map((f) => f.fullSeriesFloorMs));
console.log(
  JSON.stringify(
    {
      benchmark: 'first-image',
      series: { key: SERIES_KEY, frames: floor[0].frames, bytes: floor[0].bytes, rows: series.rows, columns: series.columns },
      iterations: ITERATIONS,
      medians: {
        firstImageMs: Math.round(firstImageMs),
        seriesLoadedMs: Math.round(seriesLoadedMs),
        firstImageFloorMs: Math.round(firstImageFloorMs),
        fullSeriesFloorMs: Math.round(fullSeriesFloorMs),
        firstImageOverFloor: Number((firstImageMs / firstImageFloorMs).toFixed(2)),
        seriesOverFloor: Number((seriesLoadedMs / fullSeriesFloorMs).toFixed(2)),
        // The viewer's JavaScript before the first image: on the wire (as the server compressed it) and decoded.
        javascriptWireBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.wireBytes)),
        javascriptDecodedBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.decodedBytes)),
      },
      runs: { viewer, floor },
      note: 'Viewer times count from navigation start (app load included); floor times from the first request in an already-loaded page.',
    },
    null,
    2,
  ),
);
