import { expect, test } from './support/test';
import { findSeries } from './support/corpus';
import { meanAbsoluteDifference, readViewportImage } from './support/pixels';
import { goToImage, openSeries, settle, stackIndexOf, waitForImage, waitForSeriesLoaded } from './support/viewer';

const CT = 'ct-chest-axial';
/** 16 MiB: a sixth of the 256-slice CT's 128 MiB of decoded 16-bit pixels. */
const CEILING = 16 * 1024 * 1024;

interface MemoryGauge {
  decodedImageBytes: number;
  maxDecodedImageBytes: number;
}

test('a small ceiling is kept, released images are announced and reload when scrolled back to', async ({ page }) => {
  const { series } = findSeries(CT);
  // The deployment's config.json with a small ceiling, as an administrator would set it.
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...config, memory: { decodedImageBytes: CEILING } } });
  });
  // Sample the cache every animation frame from the start, so a peak between two checks counts.
  await page.addInitScript(() => {
    const record = { peak: 0, samples: 0 };
    (window as Window & { __memoryPeak?: typeof record }).__memoryPeak = record;
    const sample = () => {
      const gauge = (window as Window & { __longviewMemory?: MemoryGauge }).__longviewMemory;
      if (gauge) {
        record.peak = Math.max(record.peak, gauge.decodedImageBytes);
        record.samples += 1;
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });

  await openSeries(page, CT);
  const first = await readViewportImage(page, 1);
  await waitForSeriesLoaded(page);
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-loaded', String(series.instances.length));
  const released = page.getByTestId('released-images');
  await expect(released).toContainText('released to stay within memory; reloaded when shown');
  const releasedCount = Number(await released.getAttribute('data-released'));
  // Loading spreads out from the first image, so most of the series had to make room for the rest.
  expect(releasedCount).toBeGreaterThan(series.instances.length / 2);

  const gauge = await page.evaluate(() => (window as Window & { __longviewMemory?: MemoryGauge }).__longviewMemory);
  expect(gauge?.maxDecodedImageBytes).toBe(CEILING);
  const peak = await page.evaluate(() => (window as Window & { __memoryPeak?: { peak: number; samples: number } }).__memoryPeak);
  if (!peak) throw new Error('The memory peak was not recorded on this page.');
  expect(peak.samples).toBeGreaterThan(10);
  expect(peak.peak).toBeGreaterThan(CEILING / 2);
  expect(peak.peak).toBeLessThanOrEqual(CEILING);

  // Image 100 was loaded early and released since: showing it fetches its frame again.
  const target = 100;
  const instance = series.instances.find((candidate) => stackIndexOf(CT, candidate.instanceNumber) === target);
  if (!instance) throw new Error('no instance at index 100');
  const refetch = page.waitForRequest((request) => request.url().includes(`/instances/${instance.sopInstanceUid}/frames/`));
  await goToImage(page, target);
  await refetch;
  await waitForImage(page);
  await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im ${target + 1}/${series.instances.length}`);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
  await settle(page);
  // Different anatomy than the first slice is on screen: the reloaded pixels were drawn.
  expect(meanAbsoluteDifference(first, await readViewportImage(page, 1))).toBeGreaterThan(1);
  expect(await page.evaluate(() => (window as Window & { __longviewMemory?: MemoryGauge }).__longviewMemory?.decodedImageBytes ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(CEILING);
});
