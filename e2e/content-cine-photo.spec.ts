import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl, type CorpusSeries } from './support/corpus';
import { readViewportImage, type Raster } from './support/pixels';
import { goToImage, waitForImage } from './support/viewer';

/** What scripts/corpus/series-cine-photo.mjs writes beside dana's cine and photo series. */
type CineSeries = CorpusSeries & { frameTime: number; cineRate: number; expectedFramesPerSecond: number; damagedFrames: number[] };
type PhotoSeries = CorpusSeries & {
  imageLaterality: string;
  anatomicRegion: string;
  acquisitionDate: string;
  colourPatches: Array<{ name: string; centre: { x: number; y: number }; size: number; expectedRgb: [number, number, number] }>;
};

const CINE_KEY = 'dana-xa-cine';
const RAW_KEY = 'dana-xa-raw';
const PHOTO_KEYS = ['dana-derm-photo-20250303', 'dana-derm-photo-20250317', 'dana-derm-photo-20250328'];

async function openContent(page: Page, key: string): Promise<void> {
  await page.goto(viewerUrl(key));
}

const frameCounter = (page: Page) => page.getByTestId('cine-frame-counter');

async function frameNumber(page: Page): Promise<number> {
  return Number(/Frame (\d+) \//.exec((await frameCounter(page).textContent()) ?? '')?.[1]);
}

/** A digest of the image area of the canvas: equal for the same picture, different for another frame. */
function digest(raster: Raster): string {
  return createHash('sha256').update(raster.data).digest('hex');
}

function formatDate(da: string): string {
  return `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
}

test.describe('cine', () => {
  test('plays from FrameTime: the counter advances and the pixels change between frames', async ({ page }) => {
    const { series: plain } = findSeries(CINE_KEY);
    const series = plain as CineSeries;
    // The dispatcher and the stack loader share one instance list: opening costs one QIDO request.
    const instanceLists: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith(`/series/${series.seriesInstanceUid}/instances`) && !url.searchParams.has('limit')) instanceLists.push(url.href);
    });
    await openContent(page, CINE_KEY);
    await waitForImage(page);
    await expect(frameCounter(page)).toHaveText(`Frame 1 / ${series.numberOfFrames}`);
    expect(instanceLists).toHaveLength(1);
    // FrameTime 40 ms says 25 fps; the file's CineRate (12) is only a display suggestion.
    expect(series.expectedFramesPerSecond).toBe(25);
    await expect(page.getByTestId('cine-source-fps')).toHaveText('Source 25 fps (Frame Time)');
    await expect(page.getByLabel('Cine frames per second')).toHaveValue('25');

    const first = digest(await readViewportImage(page, 1));
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => frameNumber(page)).toBeGreaterThan(4);
    await page.getByRole('button', { name: 'Pause' }).click();
    const stoppedAt = await frameNumber(page);
    await page.waitForTimeout(300);
    expect(await frameNumber(page)).toBe(stoppedAt);
    expect(digest(await readViewportImage(page, 1))).not.toBe(first);

    // Stepping by one frame (frames 3 -> 4, far from the damaged one) changes the picture again.
    await goToImage(page, 2);
    await expect(frameCounter(page)).toHaveText(`Frame 3 / ${series.numberOfFrames}`);
    const before = digest(await readViewportImage(page, 1));
    await page.getByTestId('viewport').click();
    await page.keyboard.press('ArrowDown');
    await expect(frameCounter(page)).toHaveText(`Frame 4 / ${series.numberOfFrames}`);
    await expect.poll(async () => digest(await readViewportImage(page, 1))).not.toBe(before);
    // The reader's own rate overrides the file's.
    await page.getByLabel('Cine frames per second').selectOption('10');
    await expect(page.getByTestId('cine-playing-fps')).toHaveText(' · playing at 10 fps');
  });

  test('plays before every frame has arrived, waiting at the first one still missing', async ({ page }) => {
    const { series } = findSeries(CINE_KEY);
    // Frames 20 and later are held back by the "network" until released.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/frames\/(\d+)$/, async (route) => {
      const frame = Number(/\/frames\/(\d+)$/.exec(route.request().url())?.[1]);
      if (frame >= 20) await released;
      await route.continue();
    });
    await openContent(page, CINE_KEY);
    await waitForImage(page);
    await expect(page.getByTestId('load-progress')).toHaveAttribute('data-loaded', '18'); // 19 frames less the damaged one
    await page.getByRole('button', { name: 'Play' }).click();
    // It plays what has arrived, then waits at frame 20 (counter on the frame awaited, nothing skipped)...
    await expect(frameCounter(page)).toHaveText(`Frame 20 / ${series.numberOfFrames}`);
    await page.waitForTimeout(500); // more than 10 frame periods at 25 fps
    await expect(frameCounter(page)).toHaveText(`Frame 20 / ${series.numberOfFrames}`);
    await expect(page.getByTestId('image-error')).toHaveCount(0);
    // ...and goes on as soon as the rest arrives.
    release();
    await expect.poll(() => frameNumber(page)).toBeGreaterThan(22);
    await expect(page.getByTestId('cine-skipped')).toHaveText('Frame 12 damaged — skipped');
  });

  test('a damaged frame is skipped with a marker and playback goes on past it', async ({ page }) => {
    const { series: plain } = findSeries(CINE_KEY);
    const series = plain as CineSeries;
    const [damaged] = series.damagedFrames;
    expect(damaged).toBe(12);
    await openContent(page, CINE_KEY);
    await waitForImage(page);
    await page.getByRole('button', { name: 'Play' }).click();
    const marker = page.getByTestId('cine-skipped');
    await expect(marker).toHaveText(`Frame ${damaged} damaged — skipped`);
    // Past the damaged frame and round the loop again: playback did not stop there.
    await expect.poll(() => frameNumber(page)).toBeGreaterThan(damaged as number);
    await expect.poll(() => frameNumber(page), { timeout: 10_000 }).toBeLessThan(damaged as number);
    await expect.poll(() => frameNumber(page)).toBeGreaterThan(damaged as number);
    await expect(marker).toBeVisible();
    // The scrollbar marks it too.
    await expect(page.locator('.failed-mark[title="Image 12 failed"]')).toHaveCount(1);
  });
});

test.describe('photographs', () => {
  test('true colour at known places (± 3), with side, site and ICC note', async ({ page }) => {
    const key = PHOTO_KEYS[2] as string;
    const series = findSeries(key).series as PhotoSeries;
    expect(series.photometricInterpretation).toBe('YBR_FULL_422');
    await openContent(page, key);
    await waitForImage(page);
    const image = await readViewportImage(page, 3);
    for (const patch of series.colourPatches) {
      const x = Math.floor(((patch.centre.x + 0.5) * image.width) / series.columns);
      const y = Math.floor(((patch.centre.y + 0.5) * image.height) / series.rows);
      const at = (y * image.width + x) * 3;
      const shown = [image.data[at], image.data[at + 1], image.data[at + 2]];
      for (let c = 0; c < 3; c += 1) {
        expect(Math.abs((shown[c] as number) - (patch.expectedRgb[c] as number)), `${patch.name} channel ${c}: shown ${shown.join(',')} expected ${patch.expectedRgb.join(',')}`).toBeLessThanOrEqual(3);
      }
    }
    await expect(page.getByTestId('photo-laterality')).toHaveText('Left');
    await expect(page.getByTestId('photo-region')).toHaveText(series.anatomicRegion);
    await expect(page.getByTestId('photo-body-part')).toHaveText(series.bodyPart);
    await expect(page.getByTestId('photo-date')).toHaveText(`Taken ${formatDate(series.acquisitionDate)}`);
    await expect(page.getByTestId('photo-icc')).toHaveText('ICC profile: sRGB, shown as is (display is sRGB)');
  });

  test('"Compare earlier photos of this site" opens this photo beside the previous one, each with its date', async ({ page }) => {
    const current = findSeries(PHOTO_KEYS[2] as string);
    const earlier = findSeries(PHOTO_KEYS[1] as string);
    await openContent(page, PHOTO_KEYS[2] as string);
    await waitForImage(page);
    await page.getByRole('button', { name: 'Compare earlier photos of this site' }).click();
    await expect(page).toHaveURL(`/compare/pathology/${current.study.studyInstanceUid}/pathology/${earlier.study.studyInstanceUid}`);
    const panes = page.getByTestId('compare-pane');
    await expect(panes).toHaveCount(2);
    for (const [index, { study }] of [current, earlier].entries()) {
      const pane = panes.nth(index);
      await expect(pane.getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
      await expect(pane.getByTestId('overlay-study-date')).toHaveText(formatDate(study.studyDate));
      await expect(pane.getByTestId('photo-laterality')).toHaveText('Left');
    }
  });

  test('the earliest photo has no earlier one to compare with, and says so', async ({ page }) => {
    await openContent(page, PHOTO_KEYS[0] as string);
    await waitForImage(page);
    await page.getByRole('button', { name: 'Compare earlier photos of this site' }).click();
    await expect(page.getByTestId('photo-details').getByRole('status')).toHaveText('No earlier photo of this site in this record.');
    await expect(page).toHaveURL(/\/viewer\//);
  });
});

test('a series no viewport shows gets the "Not displayable here" card with its details', async ({ page }) => {
  const { study, series } = findSeries(RAW_KEY);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // From the cine of the same study, through the series list, and back: the cell changes kind both ways.
  await openContent(page, CINE_KEY);
  await waitForImage(page);
  await page.locator(`.series-card[data-series-uid="${series.seriesInstanceUid}"]`).click();
  const card = page.getByTestId('content-unsupported');
  await expect(card.getByRole('heading')).toHaveText('Not displayable here');
  await expect(card.getByTestId('content-sop-class-name')).toHaveText('Raw Data Storage');
  await expect(card.getByTestId('content-sop-class-uid')).toHaveText(series.sopClassUid);
  await expect(card.getByTestId('content-modality')).toHaveText(series.modality);
  await expect(card.getByTestId('content-description')).toHaveText(series.seriesDescription);
  await expect(card.getByTestId('content-series-number')).toHaveText(String(series.seriesNumber));
  await expect(card.getByTestId('content-instance-count')).toHaveText(String(series.instances.length));
  await expect(card.getByTestId('content-date')).toHaveText(formatDate(study.studyDate));
  await expect(page.getByTestId('viewport')).toHaveCount(0);

  await page.locator(`.series-card[data-series-uid="${findSeries(CINE_KEY).series.seriesInstanceUid}"]`).click();
  await waitForImage(page);
  await expect(frameCounter(page)).toHaveText(/^Frame 1 \//);
  await expect(card).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
