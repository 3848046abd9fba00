// Time to first image and to the full series for the 256-slice CT in headless Chromium, seen as
// an outside observer sees it, next to the network floors measured in the same run, from the
// same browser and archive:
//   first image = navigation start → lit pixels on a viewport-sized canvas, found by an observer
//                 the bench injects into the page (it samples every canvas each animation frame;
//                 the app's own performance marks are reported beside it, never instead of it,
//                 among them longview:first-image, the engine's first image, when the tools work);
//   full series = navigation start → the end of the last pixel-data response (lastFrameFetchedMs):
//                 the later of the last WADO-RS frame (…/frames/N) and the last WADO-RS series
//                 retrieve (GET …/series/{uid}, all Part-10 instances in one multipart response).
//                 Seen by Playwright's request events (page.on('requestfinished'), request.timing()),
//                 which report the requests of the page and of its dedicated workers alike; the
//                 page's own Resource Timing and a page-level CDP Network session miss a worker's
//                 fetches. Converted to ms after navigation start with the page's
//                 performance.timeOrigin (both are wall-clock ms); each run also reports the page's
//                 Resource Timing view of the last frame (pageResourceTimingLastFrameMs) as a
//                 cross-check, which stops covering the frames once they are fetched in a worker.
//                 The app's longview:series-loaded mark (decoded, not just fetched) is reported beside it;
//   first-image floor = QIDO-RS instance list + one WADO-RS frame, from a loaded page;
//   full-series floor = every frame of the series fetched one request each (6 at a time, the
//                 browser's limit), timed from after the instance list;
//   series-retrieve floor = the whole series as one WADO-RS series retrieve request
//                 (Accept: multipart/related; type="application/dicom"; transfer-syntax=*), its body
//                 read to the end, timed from after the instance list (and after the per-frame floor,
//                 in the same page).
// The ratios: firstImageOverFloor, seriesOverFloor (full series / per-frame floor, as the issue
// defines it) and seriesOverSeriesRetrieveFloor (full series / series-retrieve floor).
// Each run uses a fresh browser context (cold HTTP cache). Runs on the local link and on an
// emulated slow link (Chromium network emulation: 20 Mbit/s, 40 ms RTT, which throttles the
// page's workers too; first image only, the full series would take minutes), and on that slow
// link again from a phone (390×844 CSS px, touch, a mobile user agent: the bedside of issue 29,
// where the viewer takes its phone layout; first image only). Prints JSON with one
// request waterfall per link (every http request of the page and its workers that finished, with
// counts of frame and series-retrieve requests); asserts nothing.
//
// Needs: the viewer built, the corpus generated and the archives started and loaded
// (scripts/demo.sh or the e2e global setup do all of it).
// Usage: node bench/first-image.mjs [iterations] [--link local|slow|phone|both|all] [--way series|study|iid|board|list|timeline]
//   (both: local and slow; all, the default: local, slow and phone)
//   --way: the link opened: the series link (/viewer/{archive}/{study}?series=…, the default), the
//   study link (/viewer/{archive}/{study}), which the study's hanging protocol hangs (the CT's study
//   holds this one series, so all show the same image and share one floor), or an EHR's IHE IID
//   STUDY launch of that study for its patient (/IHEInvokeImageDisplay?requestType=STUDY&…), which
//   searches every archive for the study before it opens it, or a tumor board's shared link
//   (/board#…) of the series link's view, made by the viewer's own Share dialog before the runs.
//   Two ways open the study inside an app that is already loaded, as a reader does after the first
//   page: `list`, a click on its row in the study list (searched for the patient's ID), and
//   `timeline`, a double-click on its card in the patient's timeline (once complete). For these the
//   first image counts from that click (the moment the page saw it) to lit pixels, and the floor
//   is the same (the instance list and one frame, from a loaded page). The JavaScript reported is
//   what the page asked for after the click.
/* global document, window, requestAnimationFrame -- the injected observer and the in-page functions run in the browser */
import { readFileSync } from 'node:fs';
import { devices } from '@playwright/test';
import { isPixelDataUrl, trackRequests } from '../e2e/support/requests.mjs';
import { SLOW_LINK, emulateLink, findSeries, javascriptBytesBeforeInPage, median, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5175);
const ITERATIONS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 3);
const LINK_ARG = process.argv.indexOf('--link');
const LINKS = { local: undefined, slow: SLOW_LINK, phone: SLOW_LINK };
/** The browser each link's viewer runs in: a laptop window, or a phone held upright. */
const DESKTOP_CONTEXT = { viewport: { width: 1280, height: 860 } };
const PHONE_CONTEXT = {
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  userAgent: devices['iPhone 13'].userAgent,
  isMobile: true,
  hasTouch: true,
  // 1, as the e2e phones (e2e/support/devices.ts): a 3× canvas drawn by a software GPU would time the GPU, not the viewer.
  deviceScaleFactor: 1,
};
const CONTEXTS = { local: DESKTOP_CONTEXT, slow: DESKTOP_CONTEXT, phone: PHONE_CONTEXT };
const LINK_CHOICES = { both: ['local', 'slow'], all: ['local', 'slow', 'phone'] };
const linkChoice = LINK_ARG > 0 ? process.argv[LINK_ARG + 1] : 'all';
const linksToRun = LINK_CHOICES[linkChoice] ?? [linkChoice];
for (const linkName of linksToRun) {
  if (!(linkName in LINKS)) throw new Error(`--link ${linkName}: expected local, slow, phone, both or all`);
}
const WAY_ARG = process.argv.indexOf('--way');
const way = WAY_ARG > 0 ? process.argv[WAY_ARG + 1] : 'series';
if (!['series', 'study', 'iid', 'board', 'list', 'timeline'].includes(way)) throw new Error(`--way ${way}: expected series, study, iid, board, list or timeline`);
/** The ways that open the study from a page of the app already loaded, timed from the click. */
const isInApp = way === 'list' || way === 'timeline';
const SERIES_KEY = 'ct-chest-axial';
const FRAME_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const SERIES_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

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
  // An open inside a loaded app: from the reader's click (or double-click) on, the watch starts again.
  window.__benchWatchFrom = (eventType) => {
    window.__benchLitAt = undefined;
    window.__benchClickAt = undefined;
    const onOpen = () => {
      window.__benchClickAt = performance.now();
      requestAnimationFrame(watch);
    };
    document.addEventListener(eventType, onOpen, { capture: true, once: true });
  };
}

/** Runs in the page: the raw DICOMweb requests a minimal client needs, timed with performance.now(). */
async function measureFloorInPage({ root, study, series, frameAccept, seriesAccept, isFirstImageOnly }) {
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
  const fullSeriesFloorMs = performance.now() - allStarted;

  const retrieveStarted = performance.now();
  const reader = (await fetch(`${root}/studies/${study}/series/${series}`, { headers: { Accept: seriesAccept } })).body.getReader();
  let seriesRetrieveBytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seriesRetrieveBytes += chunk.value.byteLength;
  const seriesRetrieveFloorMs = performance.now() - retrieveStarted;
  return { firstImageFloorMs, fullSeriesFloorMs, seriesRetrieveFloorMs, frames: sops.length, bytes, seriesRetrieveBytes };
}

/** What a request was for, from its URL. */
function label(url) {
  const { pathname, search } = new URL(url);
  if (pathname.endsWith('/config.json')) return 'config.json';
  if (pathname.includes('/assets/')) return pathname.split('/').pop().replace(/-[\w-]{8}\.(js|css|wasm)$/, '.$1');
  if (/\/frames\/\d+$/.test(pathname)) return 'frame';
  if (/\/studies\/[^/]+\/series\/[^/]+$/.test(pathname)) return 'series retrieve';
  if (pathname.endsWith('/metadata')) return /\/instances\//.test(pathname) ? 'instance metadata' : 'series metadata';
  if (pathname.endsWith('/instances')) return search.includes('limit=') ? 'instance search (one, a thumbnail)' : 'instance list';
  if (/\/studies$/.test(pathname) || search.includes('StudyInstanceUID')) return 'study search';
  if (pathname.endsWith('/series')) return 'series list';
  return pathname;
}

/**
 * Records every http(s) request of the page and of its dedicated workers as it finishes: URL and
 * wall-clock start and end (request.timing()). `pendingPixelRequests()` counts the pixel data
 * requests (frames, series retrieves) started and not yet finished or failed.
 */
function observeRequests(page) {
  const finished = [];
  const requests = trackRequests(page, {
    onFinished: (request) => {
      const timing = request.timing();
      finished.push({ url: request.url(), startWallMs: timing.startTime, endWallMs: timing.startTime + timing.responseEnd });
    },
  });
  return {
    finished,
    pendingPixelRequests: () => requests.inFlight().filter((request) => isPixelDataUrl(request.url())).length,
  };
}

/** The observed requests as a waterfall, in ms after navigation start (`timeOrigin`, wall-clock ms). */
function waterfallOf(finished, timeOrigin) {
  const entries = finished.map((request) => ({
    what: label(request.url),
    startMs: Math.round(request.startWallMs - timeOrigin),
    endMs: Math.round(request.endWallMs - timeOrigin),
    endExactMs: request.endWallMs - timeOrigin,
  }));
  const step = ({ what, startMs, endMs }) => ({ what, startMs, endMs });
  const frames = entries.filter((entry) => entry.what === 'frame');
  const pixels = entries.filter((entry) => entry.what === 'frame' || entry.what === 'series retrieve');
  const others = entries.filter((entry) => entry.what !== 'frame');
  const frameSummary = frames.length
    ? [
        { what: 'first frame', startMs: frames[0].startMs, endMs: frames[0].endMs },
        { what: `last of ${frames.length} frames`, startMs: Math.max(...frames.map((f) => f.startMs)), endMs: Math.max(...frames.map((f) => f.endMs)) },
      ]
    : [];
  return {
    steps: [...others.map(step), ...frameSummary].sort((a, b) => a.startMs - b.startMs),
    lastPixelResponseEndMs: pixels.length ? Math.max(...pixels.map((p) => p.endExactMs)) : undefined,
    frameRequests: frames.length,
    seriesRetrieveRequests: entries.filter((entry) => entry.what === 'series retrieve').length,
    instanceListRequests: entries.filter((entry) => entry.what === 'instance list').length,
  };
}

/** Runs in the page: the end of the last frame response the page's own Resource Timing saw (a cross-check; misses a worker's fetches). */
function pageResourceTimingLastFrameInPage() {
  const ends = performance
    .getEntriesByType('resource')
    .filter((entry) => /\/frames\/\d+$/.test(new URL(entry.name).pathname))
    .map((entry) => entry.responseEnd);
  return ends.length ? Math.max(...ends) : undefined;
}

async function measureViewer(browser, url, link, contextOptions) {
  const context = await browser.newContext(contextOptions);
  await context.addInitScript(installLitPixelObserver);
  const page = await context.newPage();
  const requests = observeRequests(page);
  await emulateLink(context, page, link);
  await page.goto(url);
  if (isInApp) await openInLoadedApp(page);
  await page.waitForFunction(() => window.__benchLitAt !== undefined, null, { timeout: 300_000, polling: 100 });
  // The engine's own first image (it takes over from the 2D first paint), on every link: when
  // the engine downloads decides how long the reader waits for the tools.
  await page.waitForFunction(() => performance.getEntriesByName('longview:first-image').length > 0, null, { timeout: 300_000, polling: 100 });
  if (!link) {
    await page.waitForFunction(() => performance.getEntriesByName('longview:series-loaded').length > 0, null, { timeout: 300_000 });
    // The app marks the series loaded once decoded; let the last pixel response's event arrive too.
    for (const deadline = Date.now() + 60_000; requests.pendingPixelRequests() > 0 && Date.now() < deadline; ) await page.waitForTimeout(50);
  }
  const result = await page.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    clickAtMs: window.__benchClickAt,
    firstLitMs: window.__benchLitAt,
    appFirstImageMarkMs: performance.getEntriesByName('longview:first-image')[0]?.startTime,
    appSeriesLoadedMarkMs: performance.getEntriesByName('longview:series-loaded')[0]?.startTime,
  }));
  result.waterfall = waterfallOf(requests.finished, result.timeOrigin);
  result.lastFrameFetchedMs = link ? undefined : result.waterfall.lastPixelResponseEndMs;
  result.pageResourceTimingLastFrameMs = link ? undefined : await page.evaluate(pageResourceTimingLastFrameInPage);
  result.javascriptBeforeFirstImage = await page.evaluate(javascriptBytesBeforeInPage, result.firstLitMs);
  if (isInApp) {
    // From the click: the first image's time, and only the JavaScript fetched after it.
    const beforeClick = await page.evaluate(javascriptBytesBeforeInPage, result.clickAtMs);
    for (const key of ['files', 'wireBytes', 'decodedBytes']) result.javascriptBeforeFirstImage[key] -= beforeClick[key];
    const fromClick = (ms) => (ms === undefined ? undefined : ms - result.clickAtMs);
    result.firstLitMs = fromClick(result.firstLitMs);
    result.appFirstImageMarkMs = fromClick(result.appFirstImageMarkMs);
    result.appSeriesLoadedMarkMs = fromClick(result.appSeriesLoadedMarkMs);
    result.lastFrameFetchedMs = fromClick(result.lastFrameFetchedMs);
    result.pageResourceTimingLastFrameMs = fromClick(result.pageResourceTimingLastFrameMs);
  }
  await context.close();
  return result;
}

/**
 * The reader's click in a loaded app: the study's row in the study list (after a search for its
 * patient's ID), or its card in the patient's complete timeline (a double-click opens it). The
 * page has settled first, as it has by the time a reader has found the study: every archive
 * answered, and no request for half a second (Playwright's networkidle).
 */
async function openInLoadedApp(page) {
  if (way === 'list') {
    const search = page.locator('input[name="pid"]');
    await search.fill(patient.patientId);
    await search.press('Enter');
    const row = page.locator(`[data-testid="study-table"] tbody tr[data-study-uid="${study.studyInstanceUid}"]`);
    await row.waitFor({ timeout: 60_000 });
    await page.getByTestId('study-list-status').filter({ hasNotText: 'Searching' }).waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => window.__benchWatchFrom('click'));
    await row.click();
    return;
  }
  await page.waitForFunction(() => performance.getEntriesByName('longview:timeline-complete').length > 0, null, { timeout: 60_000 });
  const card = page.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`);
  await card.waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.__benchWatchFrom('dblclick'));
  await card.dblclick();
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
  const contextOptions = CONTEXTS[linkName];
  // One warm-up of each so the archive's file cache is equally warm for both.
  await measureFloor(browser, origin, params, link);
  await measureViewer(browser, url, link, contextOptions);
  const viewer = [];
  const floor = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    floor.push(await measureFloor(browser, origin, params, link));
    viewer.push(await measureViewer(browser, url, link, contextOptions));
  }
  const firstLitMs = median(viewer.map((v) => v.firstLitMs));
  const firstImageFloorMs = median(floor.map((f) => f.firstImageFloorMs));
  const lastFrameFetchedMs = link ? undefined : median(viewer.map((v) => v.lastFrameFetchedMs));
  const fullSeriesFloorMs = link ? undefined : median(floor.map((f) => f.fullSeriesFloorMs));
  const seriesRetrieveFloorMs = link ? undefined : median(floor.map((f) => f.seriesRetrieveFloorMs));
  return {
    link: link ?? 'local loopback, no emulation',
    screen: linkName === 'phone' ? 'phone 390×844, touch, mobile user agent' : 'laptop 1280×860',
    medians: {
      firstLitMs: round(firstLitMs),
      firstImageFloorMs: round(firstImageFloorMs),
      firstImageOverFloor: ratio(firstLitMs, firstImageFloorMs),
      lastFrameFetchedMs: round(lastFrameFetchedMs),
      fullSeriesFloorMs: round(fullSeriesFloorMs),
      seriesOverFloor: ratio(lastFrameFetchedMs, fullSeriesFloorMs),
      seriesRetrieveFloorMs: round(seriesRetrieveFloorMs),
      seriesOverSeriesRetrieveFloor: ratio(lastFrameFetchedMs, seriesRetrieveFloorMs),
      appFirstImageMarkMs: round(median(viewer.map((v) => v.appFirstImageMarkMs ?? Number.NaN))),
      appSeriesLoadedMarkMs: link ? undefined : round(median(viewer.map((v) => v.appSeriesLoadedMarkMs))),
      // The viewer's JavaScript fetched before the first lit pixels: on the wire (as the server
      // compressed it) and decoded.
      javascriptWireBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.wireBytes)),
      javascriptDecodedBytesBeforeFirstImage: median(viewer.map((v) => v.javascriptBeforeFirstImage.decodedBytes)),
      instanceListRequests: Math.max(...viewer.map((v) => v.waterfall.instanceListRequests)),
      frameRequests: Math.max(...viewer.map((v) => v.waterfall.frameRequests)),
      seriesRetrieveRequests: Math.max(...viewer.map((v) => v.waterfall.seriesRetrieveRequests)),
    },
    runs: viewer.map((v, i) => ({
      ...(isInApp ? { clickAtMs: round(v.clickAtMs) } : {}),
      firstLitMs: round(v.firstLitMs),
      appFirstImageMarkMs: round(v.appFirstImageMarkMs),
      lastFrameFetchedMs: round(v.lastFrameFetchedMs),
      pageResourceTimingLastFrameMs: round(v.pageResourceTimingLastFrameMs),
      appSeriesLoadedMarkMs: round(v.appSeriesLoadedMarkMs),
      frameRequests: v.waterfall.frameRequests,
      seriesRetrieveRequests: v.waterfall.seriesRetrieveRequests,
      firstImageFloorMs: round(floor[i].firstImageFloorMs),
      fullSeriesFloorMs: round(floor[i].fullSeriesFloorMs),
      seriesRetrieveFloorMs: round(floor[i].seriesRetrieveFloorMs),
    })),
    // The median run's requests (the scripts, config.json, the archive's answers), ms after navigation.
    waterfall: [...viewer].sort((a, b) => a.firstLitMs - b.firstLitMs)[Math.floor(viewer.length / 2)].waterfall.steps,
  };
}

const { patient, study, series } = findSeries(SERIES_KEY);
const { browser, origin, close } = await startBench(PORT);
if (study.series.length !== 1) throw new Error(`--way ${way} needs ${SERIES_KEY}'s study to hold that series alone`);
const studyUrl = `${origin}/viewer/${study.archive}/${study.studyInstanceUid}`;
/** The launch as an EHR sends it: the study and its patient as ID^^^Issuer (the archive's issuer, as the viewer's config names it). */
function iidLaunchUrl() {
  const config = JSON.parse(readFileSync(new URL('../public/config.json', import.meta.url), 'utf8'));
  const issuer = patient.issuerOfPatientId ?? config.archives.find((archive) => archive.id === study.archive)?.patientIdIssuer;
  const query = new URLSearchParams({ requestType: 'STUDY', studyUID: study.studyInstanceUid, patientID: `${patient.patientId}^^^${issuer}` });
  return `${origin}/IHEInvokeImageDisplay?${query}`;
}
/**
 * The shared link a reader would send of the series link's view (its first image, as opened), made
 * as a reader makes it: the viewer's Share dialog, in a page of its own that is not measured.
 */
async function boardLinkUrl() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(`${studyUrl}?series=${series.seriesInstanceUid}`);
  await page.locator('[data-testid="viewport"][data-image-rect]').first().waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Share…' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await context.close();
  if (!new URL(link).hash) throw new Error(`the Share dialog gave no shared view: ${link}`);
  return link;
}
const url = {
  study: studyUrl,
  series: `${studyUrl}?series=${series.seriesInstanceUid}`,
  iid: way === 'iid' ? iidLaunchUrl() : '',
  board: way === 'board' ? await boardLinkUrl() : '',
  list: `${origin}/`,
  timeline: `${origin}/timeline/${study.archive}/${study.studyInstanceUid}`,
}[way];
const params = { root: `/dicomweb/${study.archive}`, study: study.studyInstanceUid, series: series.seriesInstanceUid, frameAccept: FRAME_ACCEPT, seriesAccept: SERIES_ACCEPT };

const links = {};
for (const linkName of linksToRun) links[linkName] = await measureLink(browser, origin, url, params, linkName);
await close();

console.log(
  JSON.stringify(
    {
      benchmark: 'first-image',
      way,
      series: { key: SERIES_KEY, rows: series.rows, columns: series.columns, transferSyntaxUid: series.transferSyntaxUid },
      iterations: ITERATIONS,
      links,
      note: isInApp
        ? 'Viewer times count from the click in the loaded app (as the page saw it) to lit pixels seen by an injected observer; floor times from the first request in an already-loaded page. The full series too counts from the click; the waterfall is in ms after navigation start.'
        : 'Viewer times count from navigation start (app load included) to lit pixels seen by an injected observer; floor times from the first request in an already-loaded page.',
    },
    null,
    2,
  ),
);
