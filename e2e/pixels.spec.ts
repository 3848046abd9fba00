import { join } from 'node:path';
import { expect, test } from './support/test';
import { CORPUS_DIR, corpus, findSeries } from './support/corpus';
import { differenceFromReference } from './support/pixels';
import { goToImage, openSeries, setWindow, settle, stackIndexOf, withMeasurementPanelClosed } from './support/viewer';

/**
 * Pixel correctness against dcmtk. Each reference in the corpus manifest is an 8-bit rendering
 * made by `dcmj2pnm --set-window C W` (for JPEG 2000/HTJ2K, which dcmtk cannot decode: of the
 * uncompressed source, or of a gdcmconv-decompressed copy; the manifest records which).
 *
 * Method: open the series in the viewer, go to the reference's image, type the same window,
 * switch the viewport to true pixels (nearest neighbour, key "n") so interpolation blur does
 * not enter, and read back exactly the image rectangle of the viewport canvas
 * (data-image-rect). The reference is resampled to the canvas crop's size with the same
 * centre-aligned nearest-neighbour rule; then the mean absolute difference is taken over all
 * samples (gray, or R,G,B for colour). Accept ≤ 1 gray level.
 */
const MAX_MEAN_ABSOLUTE_DIFFERENCE = 1;

test.beforeEach(async ({ page }) => withMeasurementPanelClosed(page));

for (const reference of corpus().references) {
  test(`renders ${reference.name} (${reference.seriesKey}) like dcmtk`, async ({ page }) => {
    const { series } = findSeries(reference.seriesKey);
    await openSeries(page, reference.seriesKey);
    const frameIndex = series.numberOfFrames > 1 ? reference.frame - 1 : stackIndexOf(reference.seriesKey, reference.instanceNumber);
    if (frameIndex > 0) await goToImage(page, frameIndex);
    if (reference.windowWidth !== undefined && reference.windowCenter !== undefined) {
      await setWindow(page, reference.windowWidth, reference.windowCenter);
    }
    await page.keyboard.press('n');
    await expect(page.getByTestId('overlay-true-pixels')).toBeVisible();
    await settle(page);

    const difference = await differenceFromReference(page, join(CORPUS_DIR, reference.file), MAX_MEAN_ABSOLUTE_DIFFERENCE);
    expect(difference).toBeLessThanOrEqual(MAX_MEAN_ABSOLUTE_DIFFERENCE);
  });
}
