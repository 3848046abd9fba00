import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CORPUS_DIR, corpus, findSeries } from './support/corpus';
import { differenceFromReference } from './support/pixels';
import { goToImage, openSeries, setWindow, settle, stackIndexOf, waitForSeriesLoaded } from './support/viewer';

// A series of single-frame instances is retrieved whole (WADO-RS series retrieve, stored
// syntax) in one request that a worker reads and splits into frames (packages/render/src/
// seriesStream); whatever that does not bring is fetched frame by frame. Asserted: the requests
// the archive saw, the pixels of streamed slices against dcmtk, the per-image message of a
// damaged streamed instance, and the frame-by-frame way back when the archive refuses or the
// answer breaks off.

const CT = 'ct-chest-axial';
const MAX_MEAN_ABSOLUTE_DIFFERENCE = 1;

/** The pixel requests a page makes, from the page and from its workers, and the workers it starts. */
function watchPixelRequests(page: Page, seriesUid: string) {
  const seriesRetrieves: string[] = [];
  const frames: string[] = [];
  const workers: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith(`/series/${seriesUid}`)) seriesRetrieves.push(request.headers().accept ?? '');
    if (pathname.includes(`/series/${seriesUid}/instances/`) && /\/frames\/\d+$/.test(pathname)) frames.push(pathname);
  });
  page.on('worker', (worker) => workers.push(worker.url()));
  return { seriesRetrieves, frames, workers };
}

/** Answers every series retrieve of `seriesUid` with `answer` (the page's worker asks for it, so the route is the context's). */
async function routeSeriesRetrieve(context: BrowserContext, seriesUid: string, answer: Parameters<BrowserContext['route']>[1]): Promise<void> {
  await context.route(new RegExp(`/series/${seriesUid.replaceAll('.', '\\.')}$`), answer);
}

async function expectLikeDcmtk(page: Page, referenceName: string): Promise<void> {
  const reference = corpus().references.find((candidate) => candidate.name === referenceName);
  if (!reference?.windowWidth || reference.windowCenter === undefined) throw new Error(`no windowed reference ${referenceName}`);
  await goToImage(page, stackIndexOf(reference.seriesKey, reference.instanceNumber));
  await setWindow(page, reference.windowWidth, reference.windowCenter);
  await page.keyboard.press('n');
  await expect(page.getByTestId('overlay-true-pixels')).toBeVisible();
  await settle(page);
  expect(await differenceFromReference(page, join(CORPUS_DIR, reference.file), MAX_MEAN_ABSOLUTE_DIFFERENCE)).toBeLessThanOrEqual(MAX_MEAN_ABSOLUTE_DIFFERENCE);
  await page.keyboard.press('n');
}

test('the CT arrives in one series retrieve read by a worker, and its streamed slices render like dcmtk', async ({ page }) => {
  const { series } = findSeries(CT);
  const seen = watchPixelRequests(page, series.seriesInstanceUid);
  await openSeries(page, CT);
  await waitForSeriesLoaded(page);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toHaveAttribute('data-loaded', String(series.instances.length));
  await expect(progress).toHaveAttribute('data-failed', '0');
  // One request for the whole series, in the syntax each instance was stored in...
  expect(seen.seriesRetrieves).toEqual(['multipart/related; type="application/dicom"; transfer-syntax=*']);
  // ...beside the first frame, which the boot script fetched before any of this had loaded.
  expect(seen.frames.length).toBeLessThanOrEqual(1);
  expect(seen.workers.some((url) => /seriesStream\.worker-[\w-]+\.js$/.test(url))).toBe(true);
  // Every slice below came from the stream: nothing was fetched for them one by one.
  await expectLikeDcmtk(page, 'ct-mid-lung');
  await expectLikeDcmtk(page, 'ct-last-mediastinum');
  expect(seen.frames.length).toBeLessThanOrEqual(1);
});

test('a damaged instance in a streamed series gets its per-image message and the rest renders', async ({ page }) => {
  const key = 'corrupt-middle';
  const { series } = findSeries(key);
  const seen = watchPixelRequests(page, series.seriesInstanceUid);
  const corruptIndex = stackIndexOf(key, series.corruptInstanceNumbers[0] ?? 5);
  await openSeries(page, key);
  await waitForSeriesLoaded(page);
  expect(seen.seriesRetrieves).toHaveLength(1);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toHaveAttribute('data-failed', '1');
  await expect(progress).toHaveAttribute('data-loaded', String(series.instances.length - 1));
  await goToImage(page, corruptIndex);
  await expect(page.getByTestId('image-error')).toContainText(`Image ${corruptIndex + 1} cannot be displayed`);
  await expect(page.getByTestId('image-error')).toContainText('compressed stream does not end where it should');
});

test('an archive that refuses to retrieve whole series is read frame by frame', async ({ page, context }) => {
  const { series } = findSeries(CT);
  const seen = watchPixelRequests(page, series.seriesInstanceUid);
  await routeSeriesRetrieve(context, series.seriesInstanceUid, (route) => route.fulfill({ status: 406, body: '' }));
  await openSeries(page, CT);
  await waitForSeriesLoaded(page);
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-loaded', String(series.instances.length));
  expect(seen.seriesRetrieves).toHaveLength(1);
  expect(new Set(seen.frames).size).toBe(series.instances.length);
  await expectLikeDcmtk(page, 'ct-mid-lung');

});

test('a series retrieve that breaks off keeps what arrived and fetches the rest frame by frame', async ({ page, context }) => {
  const key = 'mr-knee-sagittal';
  const { series } = findSeries(key);
  const seen = watchPixelRequests(page, series.seriesInstanceUid);
  await routeSeriesRetrieve(context, series.seriesInstanceUid, async (route) => {
    const answer = await route.fetch();
    const body = await answer.body();
    // Cut in the middle of an instance, about halfway through the series.
    await route.fulfill({ status: 200, headers: answer.headers(), body: body.subarray(0, Math.floor(body.length / 2) + 77) });
  });
  await openSeries(page, key);
  await waitForSeriesLoaded(page);
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-loaded', String(series.instances.length));
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-failed', '0');
  expect(seen.seriesRetrieves).toHaveLength(1);
  // Some came from the stream (fewer frames asked for than images), the rest one by one.
  const framesAsked = new Set(seen.frames).size;
  expect(framesAsked).toBeGreaterThan(1);
  expect(framesAsked).toBeLessThan(series.instances.length);
  await expectLikeDcmtk(page, 'mr-mid');
});
