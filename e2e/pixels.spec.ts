import { join } from 'node:path';
import { expect, test } from './support/test';
import { CORPUS_DIR, corpus, findSeries } from './support/corpus';
import { differenceFromReference } from './support/pixels';
import { goToImage, openSeries, setWindow, settle, stackIndexOf } from './support/viewer';

/**
 * Pixel correctness against dcmtk. Each reference in the corpus manifest is an 8-bit rendering
 * made by `dcmj2pnm --set-window C W` (for JPEG 2000/HTJ2K, which dcmtk cannot decode: of the
 * uncompressed source, or of a gdcmconv-decompressed copy; the manifest records which).
 *
 * Method: open the series in the viewer, go to the reference's image, type the same window,
 * switch the viewport to true pixels (nearest neighbour, key "n") so interpolation blur does
 * not enter, and read back exactly the image rectangle of the viewport canvas
 * (data-image-rect). Under each canvas pixel the reference's sample is taken on the image's own
 * grid, from where the image lies with its sub-pixel offset (support/pixels.ts
 * referenceOnImageGrid); then the mean absolute difference is taken over all samples (gray, or
 * R,G,B for colour). Accept ≤ 1 gray level. Each image is compared with the page's measurement
 * panel open and again closed: the canvas changes size, and the image's place on it with it.
 */
const MAX_MEAN_ABSOLUTE_DIFFERENCE = 1;

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

    const referenceFile = join(CORPUS_DIR, reference.file);
    await expect(page.getByTestId('measurement-panel')).toHaveAttribute('data-state', 'open');
    expect(await differenceFromReference(page, referenceFile, MAX_MEAN_ABSOLUTE_DIFFERENCE), 'panel open').toBeLessThanOrEqual(MAX_MEAN_ABSOLUTE_DIFFERENCE);

    const viewport = page.getByTestId('viewport');
    const rectOpen = await viewport.getAttribute('data-image-rect');
    await page.getByTestId('measurement-panel-toggle').click();
    await expect(page.getByTestId('measurement-panel')).toHaveAttribute('data-state', 'closed');
    await expect(viewport).not.toHaveAttribute('data-image-rect', rectOpen ?? '');
    await settle(page);
    expect(await differenceFromReference(page, referenceFile, MAX_MEAN_ABSOLUTE_DIFFERENCE), 'panel closed').toBeLessThanOrEqual(MAX_MEAN_ABSOLUTE_DIFFERENCE);
  });
}
