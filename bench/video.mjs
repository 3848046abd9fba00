// Time to the first frame of dana's H.264 endoscopy video (scripts/corpus/series-video.mjs) in
// headless Chromium: from navigation start (the study URL opened, app load included) to the first
// frame drawn on the video viewport's canvas, and the bytes the viewer fetched for the video (the
// stored instance: Orthanc's DICOMweb serves video only that way, see VideoViewport.tsx). Each
// iteration uses a fresh browser context (cold HTTP cache). Prints JSON; asserts nothing.
//
// Needs: the viewer built (LONGVIEW_DIST, default apps/viewer/dist), the corpus generated and the
// archives started and loaded. Usage: node bench/video.mjs [iterations]
import { findSeries, median, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5176);
const ITERATIONS = Number(process.argv[2] ?? 5);
const SERIES_KEY = 'es-video-h264';

async function measure(browser, url, sopInstanceUid) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('longview:first-video-frame').length > 0, null, { timeout: 60_000 });
  const result = await page.evaluate((sop) => {
    const firstFrame = performance.getEntriesByName('longview:first-video-frame')[0].startTime;
    const resources = performance.getEntriesByType('resource');
    const video = resources.filter((e) => e.name.includes('/dicomweb/') && e.name.endsWith(`/instances/${sop}`));
    const archive = resources.filter((e) => e.name.includes('/dicomweb/') && e.startTime < firstFrame);
    return {
      firstVideoFrameMs: firstFrame,
      videoRequestMs: video[0] ? video[0].responseEnd - video[0].startTime : undefined,
      videoBytes: video.reduce((sum, e) => sum + (e.encodedBodySize || e.transferSize || 0), 0),
      archiveRequestsBeforeFirstFrame: archive.length,
      archiveBytesBeforeFirstFrame: archive.reduce((sum, e) => sum + (e.encodedBodySize || e.transferSize || 0), 0),
    };
  }, sopInstanceUid);
  await context.close();
  return result;
}

const { study, series } = findSeries(SERIES_KEY);
const sop = series.instances[0].sopInstanceUid;
const { browser, origin, close } = await startBench(PORT);
const url = `${origin}/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;

await measure(browser, url, sop); // warm-up: the archive's file cache, the server's
const runs = [];
for (let i = 0; i < ITERATIONS; i += 1) runs.push(await measure(browser, url, sop));
await close();

console.log(
  JSON.stringify(
    {
      benchmark: 'video',
      series: {
        key: SERIES_KEY, transferSyntaxUid: series.transferSyntaxUid, frames: series.numberOfFrames, rows: series.rows, columns: series.columns,
        bitstreamBytes: series.encoding.bitstreamBytes, instanceBytes: series.instances[0].bytes,
      },
      iterations: ITERATIONS,
      medians: {
        firstVideoFrameMs: Math.round(median(runs.map((r) => r.firstVideoFrameMs))),
        videoRequestMs: Math.round(median(runs.map((r) => r.videoRequestMs ?? Number.NaN))),
        videoBytes: median(runs.map((r) => r.videoBytes)),
        archiveBytesBeforeFirstFrame: median(runs.map((r) => r.archiveBytesBeforeFirstFrame)),
      },
      runs,
      note: 'firstVideoFrameMs counts from navigation start of the study URL (app load included) to the first frame drawn on the canvas.',
    },
    null,
    2,
  ),
);
