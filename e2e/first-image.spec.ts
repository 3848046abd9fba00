import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CORPUS_DIR, corpus, findSeries, iidStudyLaunchUrl, viewerUrl } from './support/corpus';
import { FIRST_PAINT_CANVAS, differenceFromReference } from './support/pixels';
import { holdRequests, settle, sopInstanceAtStackIndex, waitForImage } from './support/viewer';
import { encodeSharedSession } from '../packages/shared-view/src/index';
import { rowOfStudy } from './support/studyList';
import { resourceTimingsOf } from './support/requests.mjs';

// The first image's path (apps/viewer/src/boot, src/firstPaint): the boot script asks for the
// instance list and the first frame before the app and the rendering engine have loaded, the app
// adopts those answers, and a native grayscale frame is drawn on a 2D canvas until the engine's
// viewport takes over. Ordering is asserted, never a duration: holding the engine's chunk back
// makes "before the engine" a fact the test can wait for.

const CT = 'ct-chest-axial';
const RENDER_CHUNK = /\/assets\/render-[\w-]+\.js$/;
const VIEWER_CHUNK = /\/assets\/StudyViewer-[\w-]+\.js$/;
/** A WADO-RS series retrieve: the whole series in one request (render/seriesStream). */
const SERIES_RETRIEVE = /\/studies\/[^/]+\/series\/[^/]+$/;
const SLOW_LINK = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8 };

/** The dcmtk rendering of the CT's first slice at its stored window (W 1500 L −600). */
function firstSliceReference() {
  const reference = corpus().references.find((candidate) => candidate.name === 'ct-first-lung');
  if (!reference) throw new Error('the corpus has no ct-first-lung reference');
  return { ...reference, path: join(CORPUS_DIR, reference.file) };
}

function firstFrameUrl(): RegExp {
  return new RegExp(`/instances/${firstSliceReference().sopInstanceUid.replaceAll('.', '\\.')}/frames/1$`);
}

/**
 * How the page asked for the first frame: 'fetch' is the early path's request, adopted by the
 * image loader (which would have used XMLHttpRequest).
 */
async function firstFrameInitiatorOf(page: Page): Promise<string | undefined> {
  return (await resourceTimingsOf(page)).find((entry) => firstFrameUrl().test(entry.url.href))?.initiatorType;
}

/** The series' instance list (QIDO-RS), not a one-instance search for a thumbnail. */
const isInstanceListOf = (seriesUid: string) => (url: URL) => url.pathname.endsWith(`/series/${seriesUid}/instances`) && !url.searchParams.has('limit');
const isEngineChunk = (url: URL) => RENDER_CHUNK.test(url.pathname);

/**
 * The ways in the boot script serves: the series link, the study link hung by its protocol (the
 * CT's study holds this one series), and an EHR's IHE IID launch of that study for its patient.
 */
const WAYS_IN = [
  { way: 'a series link', url: () => viewerUrl(CT) },
  {
    way: 'a study link',
    url: () => {
      const { study } = findSeries(CT);
      return `/viewer/${study.archive}/${study.studyInstanceUid}`;
    },
  },
  { way: 'an IHE IID STUDY launch', url: () => iidStudyLaunchUrl(CT) },
];

for (const { way, url } of WAYS_IN) {
  test(`by ${way}, the first frame is asked for before the rendering engine has loaded, and the instance list only once`, async ({ page }) => {
    const releaseEngine = await holdRequests(page, RENDER_CHUNK);
    const frameRequested = page.waitForRequest(firstFrameUrl());
    await page.goto(url());
    // With the engine's chunk held back, this resolves only if nothing waits for the engine.
    await frameRequested;
    releaseEngine();
    await waitForImage(page);

    const { study, series } = findSeries(CT);
    const entries = await resourceTimingsOf(page);
    const studySearches = entries.filter(({ url }) => url.pathname.endsWith('/studies') && url.searchParams.get('StudyInstanceUID') === study.studyInstanceUid);
    const searchedPaths = [...new Set(studySearches.map(({ url }) => url.pathname))];
    const engine = entries.filter(({ url }) => isEngineChunk(url));
    const firstFrame = entries.find(({ url }) => firstFrameUrl().test(url.href));
    const order = {
      engineStart: engine[0]?.startTime,
      engineEnd: engine[0]?.responseEnd,
      engineRequests: engine.length,
      frameStart: firstFrame?.startTime,
      frameEnd: firstFrame?.responseEnd,
      instanceLists: entries.filter(({ url }) => isInstanceListOf(series.seriesInstanceUid)(url)).length,
      seriesLists: entries.filter(({ url }) => url.pathname.endsWith(`/studies/${study.studyInstanceUid}/series`)).length,
      studySearchesByArchive: searchedPaths.map((path) => studySearches.filter(({ url }) => url.pathname === path).length),
      studySearches: studySearches.map((entry) => `${entry.initiatorType} ${Math.round(entry.startTime)} ms ${entry.url.pathname}`),
    };
    expect(order.frameStart).toBeDefined();
    expect(order.engineEnd).toBeDefined();
    expect(order.frameStart ?? Infinity).toBeLessThan(order.engineEnd ?? 0);
    // A series link's first frame is asked for at once, and the 2D first paint draws it without
    // the engine: the engine's download does not share the link with it (boot/main.ts).
    if (way === 'a series link') expect(order.engineStart ?? 0).toBeGreaterThanOrEqual(order.frameEnd ?? Infinity);
    expect(order.engineRequests).toBe(1);
    // The boot script's fetch.
    expect(await firstFrameInitiatorOf(page)).toBe('fetch');
    expect(order.instanceLists).toBe(1);
    // The study link's series list, asked by the boot script to choose the series, is the app's too.
    expect(order.seriesLists).toBe(1);
    // Each archive is searched for the study once at most: the boot script's searches (the IID
    // launch's, the study link's) are the app's.
    expect(Math.max(...order.studySearchesByArchive), order.studySearches.join('\n')).toBeLessThanOrEqual(1);
    // The series fetched early is the one on the screen.
    await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', series.seriesInstanceUid);
  });
}

test('by a shared board link, its cell\'s image is asked for before the rendering engine has loaded, the instance list once, and the cell shows the shared image and window', async ({ page }) => {
  const { study, series } = findSeries(CT);
  const SHARED_IMAGE = 100;
  const board = encodeSharedSession({
    cases: [
      {
        archiveId: study.archive,
        studyUid: study.studyInstanceUid,
        layout: { rows: 1, columns: 1 },
        cells: [{ study: 'current', seriesUid: series.seriesInstanceUid, image: SHARED_IMAGE, window: { center: 40, width: 400 } }],
      },
    ],
    activeCase: 0,
  });
  const sharedFrame = new RegExp(`/instances/${sopInstanceAtStackIndex(CT, SHARED_IMAGE).replaceAll('.', '\\.')}/frames/1$`);
  const releaseEngine = await holdRequests(page, RENDER_CHUNK);
  const frameRequested = page.waitForRequest(sharedFrame);
  await page.goto(`/board#${board}`);
  // With the engine's chunk held back, this resolves only if nothing waits for the engine.
  await frameRequested;
  releaseEngine();
  const viewport = page.getByTestId('viewport').first();
  await expect(viewport).toHaveAttribute('data-image-index', String(SHARED_IMAGE));
  await waitForImage(page);
  await expect(page.getByTestId('overlay-window').first()).toHaveText('W 400 L 40');
  await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', series.seriesInstanceUid);

  const entries = await resourceTimingsOf(page);
  const sharedFrameEntry = entries.find(({ url }) => sharedFrame.test(url.href));
  const order = {
    engineEnd: entries.find(({ url }) => isEngineChunk(url))?.responseEnd,
    frameStart: sharedFrameEntry?.startTime,
    frameInitiator: sharedFrameEntry?.initiatorType,
    instanceLists: entries.filter(({ url }) => isInstanceListOf(series.seriesInstanceUid)(url)).length,
    // The 2D first paint is a link's, of the stack's first image at its stored window: never a
    // board's. Its preview is the only rendered image larger than a thumbnail.
    previews: entries.filter(({ url }) => url.pathname.endsWith('/rendered') && url.searchParams.get('viewport') !== '128,128').length,
  };
  expect(order.frameStart).toBeDefined();
  expect(order.engineEnd).toBeDefined();
  expect(order.frameStart ?? Infinity).toBeLessThan(order.engineEnd ?? 0);
  // The boot script's fetch, adopted by the image loader (which would have used XMLHttpRequest).
  expect(order.frameInitiator).toBe('fetch');
  expect(order.instanceLists).toBe(1);
  expect(order.previews).toBe(0);
});

test('a study opened from the loaded study list asks for its first frame before the viewer\'s code or the engine has loaded, and nothing twice', async ({ page }) => {
  const { patient, study, series } = findSeries(CT);
  // Neither the viewer page's chunk nor the engine's may load, from the start (the settled list
  // preloads them): the first frame must be asked for without them.
  const releaseViewer = await holdRequests(page, VIEWER_CHUNK);
  const releaseEngine = await holdRequests(page, RENDER_CHUNK);
  await page.goto('/');
  await page.locator('input[name="pid"]').fill(patient.patientId);
  await page.locator('input[name="pid"]').press('Enter');
  const row = await rowOfStudy(page, study.studyInstanceUid);
  const frameRequested = page.waitForRequest(firstFrameUrl());
  const seriesListsAfterClick: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith(`/studies/${study.studyInstanceUid}/series`)) seriesListsAfterClick.push(request.url());
  });
  await row.dblclick();
  await frameRequested;
  releaseViewer();
  releaseEngine();
  await waitForImage(page);
  await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', series.seriesInstanceUid);
  const instanceLists = (await resourceTimingsOf(page)).filter(({ url }) => isInstanceListOf(series.seriesInstanceUid)(url)).length;
  // Asked at the click.
  expect(await firstFrameInitiatorOf(page)).toBe('fetch');
  expect(instanceLists).toBe(1);
  // The series list is asked for once, at the click (a double click opens twice), and the viewer adopts it.
  expect(seriesListsAfterClick).toHaveLength(1);
});

test('a study opened from the patient timeline asks for its first frame before the viewer\'s code or the engine has loaded, and nothing twice', async ({ page }) => {
  const { study, series } = findSeries(CT);
  // Held from the start: the complete timeline preloads them.
  const releaseViewer = await holdRequests(page, VIEWER_CHUNK);
  const releaseEngine = await holdRequests(page, RENDER_CHUNK);
  await page.goto(`/timeline/${study.archive}/${study.studyInstanceUid}`);
  const card = page.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`);
  // Chosen first: its details ask for its series list (for the thumbnail), as a reader's click does.
  const isSeriesList = (url: string) => new URL(url).pathname.endsWith(`/studies/${study.studyInstanceUid}/series`);
  const detailsSeriesList = page.waitForResponse((response) => isSeriesList(response.url()));
  await card.click();
  await detailsSeriesList;
  const frameRequested = page.waitForRequest(firstFrameUrl());
  const seriesListsAfterOpen: string[] = [];
  page.on('request', (request) => {
    if (isSeriesList(request.url())) seriesListsAfterOpen.push(request.resourceType());
  });
  await card.press('Enter');
  await frameRequested;
  releaseViewer();
  releaseEngine();
  await waitForImage(page);
  await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', series.seriesInstanceUid);
  // Asked at the open.
  expect(await firstFrameInitiatorOf(page)).toBe('fetch');
  // The series list is asked for once more, at the open, and the viewer's query takes that answer.
  expect(seriesListsAfterOpen).toEqual(['fetch']);
});

/** When each of the viewer's chunks was asked for (ms after navigation), and whether the engine has started. */
async function chunkStartsOf(page: Page) {
  const entries = await resourceTimingsOf(page);
  const starts = (pattern: RegExp) => entries.filter(({ url }) => pattern.test(url.pathname)).map((entry) => entry.startTime);
  const engineStarted = await page.evaluate(() => performance.getEntriesByName('longview:engine-start').length > 0);
  return { viewer: starts(VIEWER_CHUNK), engine: starts(RENDER_CHUNK), engineStarted };
}

const PRELOADING_PAGES = [
  {
    page: 'study list',
    url: () => '/',
    open: async (page: Page) => (await rowOfStudy(page, findSeries(CT).study.studyInstanceUid)).click(),
    /** When the list had its answers: the end of the last study search. */
    settledAt: async (page: Page) => Math.max(...(await resourceTimingsOf(page)).filter(({ url }) => /\/studies$/.test(url.pathname)).map((entry) => entry.responseEnd)),
  },
  {
    page: 'patient timeline',
    url: () => `/timeline/${findSeries(CT).study.archive}/${findSeries(CT).study.studyInstanceUid}`,
    open: async (page: Page) => page.locator(`[data-testid="timeline-entry"][data-study-uid="${findSeries(CT).study.studyInstanceUid}"]`).dblclick(),
    settledAt: (page: Page) => page.evaluate(() => performance.getEntriesByName('longview:timeline-complete')[0]?.startTime ?? Number.NaN),
  },
];

for (const { page: from, url, open, settledAt } of PRELOADING_PAGES) {
  test(`the ${from}, once it has its answers, loads the viewer's code without running the engine; an open then fetches neither again`, async ({ page }) => {
    const chunkRequests: string[] = [];
    page.on('request', (request) => {
      if (VIEWER_CHUNK.test(new URL(request.url()).pathname) || RENDER_CHUNK.test(new URL(request.url()).pathname)) chunkRequests.push(new URL(request.url()).pathname);
    });
    await page.goto(url());
    await expect.poll(async () => (await chunkStartsOf(page)).engine.length, { message: 'the engine preloaded' }).toBe(1);
    await expect.poll(async () => (await chunkStartsOf(page)).viewer.length, { message: 'the viewer page preloaded' }).toBe(1);
    const starts = await chunkStartsOf(page);
    // Not while the page's own answers were coming in, and compiled, not run: no engine start.
    const settled = await settledAt(page);
    expect(Number.isFinite(settled)).toBe(true);
    expect(starts.engine[0]).toBeGreaterThanOrEqual(settled);
    expect(starts.viewer[0]).toBeGreaterThanOrEqual(settled);
    expect(starts.engineStarted).toBe(false);

    await open(page);
    await waitForImage(page);
    await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', findSeries(CT).series.seriesInstanceUid);
    expect(chunkRequests.filter((path) => RENDER_CHUNK.test(path))).toHaveLength(1);
    expect(chunkRequests.filter((path) => VIEWER_CHUNK.test(path))).toHaveLength(1);
  });
}

test('the first image is drawn before the rendering engine loads, like dcmtk, and the engine takes over in place', async ({ page }) => {
  const reference = firstSliceReference();
  const releaseEngine = await holdRequests(page, RENDER_CHUNK);
  await page.goto(viewerUrl(CT));
  const firstPaint = page.getByTestId('first-paint');
  await expect(firstPaint).toHaveAttribute('data-stage', 'full');
  await expect(firstPaint).toHaveAttribute('data-window', `${reference.windowWidth}/${reference.windowCenter}`);
  // Patient context and orientation are on screen from the first pixels.
  const { patient } = findSeries(CT);
  const context = page.getByTestId('first-paint-overlay');
  await expect(context).toContainText(patient.patientId);
  await expect(context.locator('.edge-left')).toHaveText('R');
  await expect(context.locator('.edge-top')).toHaveText('A');
  // No tools act on a picture the engine does not hold.
  await expect(page.getByRole('button', { name: 'Length' })).toBeDisabled();
  expect(await differenceFromReference(page, reference.path, 1, FIRST_PAINT_CANVAS)).toBeLessThanOrEqual(1);
  // The frame changes size while the engine loads (the banner gains its second line, a toolbar
  // wraps, a phone turns): the first paint follows, fitted as the engine's viewport will be.
  const rectBefore = await firstPaint.getAttribute('data-image-rect');
  const size = page.viewportSize() ?? { width: 1280, height: 860 };
  await page.setViewportSize({ width: size.width - 80, height: size.height - 100 });
  await expect(firstPaint).not.toHaveAttribute('data-image-rect', rectBefore ?? '');
  expect(await differenceFromReference(page, reference.path, 1, FIRST_PAINT_CANVAS)).toBeLessThanOrEqual(1);
  // The rectangle the first paint shows last, however late the layout settles.
  await firstPaint.evaluate((canvas) => {
    const record = () => ((window as unknown as { lastPaintedRect?: string | null }).lastPaintedRect = canvas.getAttribute('data-image-rect'));
    record();
    new MutationObserver(record).observe(canvas, { attributes: true, attributeFilter: ['data-image-rect'] });
  });

  releaseEngine();
  await waitForImage(page);
  await expect(firstPaint).toHaveCount(0);
  // Same place, same window: the engine's viewport continues the picture rather than replacing it
  // (with the page's measurement panel open, the cell is 726 px wide at 1200 px: a toolbar button
  // that appeared only with the engine's image once wrapped the toolbar there and moved it 38 px).
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-window', `${reference.windowWidth}/${reference.windowCenter}`);
  const paintedRect = (await page.evaluate(() => (window as unknown as { lastPaintedRect?: string | null }).lastPaintedRect))?.split(',').map(Number) ?? [];
  expect(paintedRect).toHaveLength(4);
  const engineRect = (await viewport.getAttribute('data-image-rect'))?.split(',').map(Number) ?? [];
  expect(engineRect).toHaveLength(4);
  engineRect.forEach((value, i) => expect(Math.abs(value - (paintedRect[i] ?? Infinity))).toBeLessThanOrEqual(1));
  await page.keyboard.press('n');
  await settle(page);
  expect(await differenceFromReference(page, reference.path, 1)).toBeLessThanOrEqual(1);
});

test('the rendering engine starts only once the 2D first paint is on the screen', async ({ page }) => {
  // Starting it holds the main thread (its code, WebGL): it must not delay the paint it would replace.
  await page.goto(viewerUrl(CT));
  await waitForImage(page);
  const marks = await page.evaluate(() => Object.fromEntries(['longview:first-paint', 'longview:engine-start'].map((name) => [name, performance.getEntriesByName(name)[0]?.startTime])));
  expect(marks['longview:first-paint']).toBeDefined();
  expect(marks['longview:engine-start']).toBeDefined();
  expect(marks['longview:first-paint'] ?? Infinity).toBeLessThan(marks['longview:engine-start'] ?? 0);
});

test('on a slow link a marked preview comes first, then the full image without the marker', async ({ page }) => {
  const reference = firstSliceReference();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
  // The full frame is held until the preview is on screen: the order a slow link gives, made
  // certain. The series retrieve too: a frame held past the viewer's patience is taken from it.
  const releaseFrame = await holdRequests(page, firstFrameUrl());
  const releaseSeries = await holdRequests(page, SERIES_RETRIEVE);
  await page.goto(viewerUrl(CT));
  const marker = page.getByTestId('preview-marker');
  await expect(marker).toBeVisible({ timeout: 60_000 });
  await expect(marker).toHaveText(/not for diagnosis/);
  await expect(page.getByTestId('first-paint')).toHaveAttribute('data-stage', 'preview');
  await expect(page.getByRole('button', { name: 'Length' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();

  releaseFrame();
  releaseSeries();
  await expect(marker).toHaveCount(0, { timeout: 60_000 });
  await waitForImage(page);
  await page.keyboard.press('n');
  await settle(page);
  expect(await differenceFromReference(page, reference.path, 1)).toBeLessThanOrEqual(1);
});

test('a first frame the archive is stuck on holds the viewer only a moment: the engine shows it from the series retrieve', async ({ page }) => {
  // The boot script's request for it never answers while the test runs. The viewer waits a few
  // seconds for it (FIRST_FRAME_PATIENCE_MS), then starts its engine and the series retrieve,
  // which brings that frame as well; it must not wait out the archive's 20 s time limit.
  const frameRequests: string[] = [];
  const frameRequestsEnded: string[] = [];
  page.on('request', (request) => {
    if (firstFrameUrl().test(request.url())) frameRequests.push(request.url());
  });
  // The boot script's request ends only at its 20 s time limit (aborted), or when released.
  page.on('requestfailed', (request) => {
    if (firstFrameUrl().test(request.url())) frameRequestsEnded.push(request.failure()?.errorText ?? 'failed');
  });
  const releaseFrame = await holdRequests(page, firstFrameUrl());
  await page.goto(viewerUrl(CT));
  const viewport = page.getByTestId('viewport').first();
  await expect(viewport).toHaveAttribute('data-image-index', '0');
  await waitForImage(page);
  // The image shown is the first slice, at full fidelity, while its frame request still hangs.
  await page.keyboard.press('n');
  await settle(page);
  expect(await differenceFromReference(page, firstSliceReference().path, 1)).toBeLessThanOrEqual(1);
  expect(frameRequests).toHaveLength(1); // the hung one: the frame was not asked for again
  expect(frameRequestsEnded, 'the image came before the hung request reached its time limit').toEqual([]);
  releaseFrame();
});

/** Broken first frames, opened by link (the boot script fetches them): the same per-image messages as hostile.spec.ts. */
const BROKEN_FIRST_FRAMES = [
  { key: 'hostile-truncated', message: /compressed stream does not end where it should/ },
  { key: 'hostile-absurd-dimensions', message: /refused the image \(HTTP 400\)|does not fit the image/ },
];

for (const { key, message } of BROKEN_FIRST_FRAMES) {
  test(`a broken first frame opened by link ends in its per-image message (${key})`, async ({ page }) => {
    await page.goto(viewerUrl(key));
    await expect(page.getByTestId('image-error')).toContainText('Image 1 cannot be displayed');
    await expect(page.getByTestId('image-error')).toHaveText(message);
    await expect(page.getByTestId('first-paint')).toHaveCount(0);
    const fetchedEarly = (await resourceTimingsOf(page)).some(({ url, initiatorType }) => /\/frames\/1$/.test(url.pathname) && initiatorType === 'fetch');
    expect(fetchedEarly).toBe(true);
  });
}
