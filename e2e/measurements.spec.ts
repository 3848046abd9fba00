import { expect, test } from './support/test';
import { findSeries } from './support/corpus';
import { drag, measurementValue, numberOf, openCtAt, pointAt, zoomIn } from './support/measure';
import { CT_KEY, axialPixelOf, chestFeature, pagePointOfPixel, storedHu } from './support/phantom';
import { goToImage, openSeries, stackIndexOf } from './support/viewer';

/**
 * Measurements on the chest phantom, checked against its definition: a length drawn across a
 * nodule of known diameter, ROI statistics in the liver (60 HU, noise ±18 HU), the exact
 * pixel value the generator wrote under the probe. Points are placed by computing where a
 * patient coordinate falls on the canvas, never by reading the image.
 */

test('a length across the solid nodule reads its diameter; editing, deleting, undo and redo act on it', async ({ page }) => {
  const nodule = chestFeature('solid-nodule-right-lung');
  const { series } = findSeries(CT_KEY);
  const centreInstance = series.features?.find((f) => f.name === nodule.name)?.centerInstanceNumber;
  expect(centreInstance).toBeDefined();
  const geometry = await openCtAt(page, centreInstance as number);
  expect(geometry.zOf(centreInstance as number)).toBeCloseTo(nodule.center[2], 6); // the slice cuts through the centre
  await zoomIn(page, 3);

  await page.keyboard.press('l');
  await expect(page.locator('[data-mouse-tool="length"]')).toHaveAttribute('aria-pressed', 'true');
  const [cx, cy] = nodule.center;
  const left = await pointAt(page, geometry, cx - nodule.radiusMm, cy);
  const right = await pointAt(page, geometry, cx + nodule.radiusMm, cy);
  await drag(page, left, right);

  await expect(page.getByTestId('measurement')).toHaveCount(1);
  const panelItem = page.getByTestId('measurement').first();
  await expect(panelItem).toHaveAttribute('data-kind', 'length');
  await expect(panelItem).toHaveAttribute('data-instance-number', String(centreInstance));
  const diameter = await numberOf(page, 0, 'Length');
  expect(Math.abs(diameter - 2 * nodule.radiusMm)).toBeLessThanOrEqual(0.5);
  await expect(measurementValue(page, 0, 'Length')).toHaveAttribute('data-unit', 'mm');
  await expect(measurementValue(page, 0, 'Length')).toContainText(`${diameter.toFixed(1)} mm`);
  await expect(panelItem.getByTestId('calibration-note')).toHaveCount(0); // PixelSpacing: in the patient

  // Edit: drag the right handle 6 mm posteriorly; the panel follows.
  const moved = await pointAt(page, geometry, cx + nodule.radiusMm, cy + 6);
  await drag(page, right, moved);
  const edited = Math.hypot(2 * nodule.radiusMm, 6);
  await expect.poll(() => numberOf(page, 0, 'Length')).toBeGreaterThan(edited - 0.5);
  expect(Math.abs((await numberOf(page, 0, 'Length')) - edited)).toBeLessThanOrEqual(0.5);

  // Click in the panel shows the measurement's slice again.
  const elsewhere = stackIndexOf(CT_KEY, 20);
  await goToImage(page, elsewhere);
  await panelItem.locator('.measurement-show').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image-index', String(stackIndexOf(CT_KEY, centreInstance as number)));

  // Delete, then undo brings it back as it was; undo again restores the first drawing; redo the edit.
  await page.getByRole('button', { name: 'Delete length measurement' }).click();
  await expect(page.getByTestId('measurement')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('measurement')).toHaveCount(1);
  expect(Math.abs((await numberOf(page, 0, 'Length')) - edited)).toBeLessThanOrEqual(0.5);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.abs((await numberOf(page, 0, 'Length')) - diameter)).toBeLessThan(0.01);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(async () => Math.abs((await numberOf(page, 0, 'Length')) - edited)).toBeLessThanOrEqual(0.5);
});

/** A slice well below the lungs: the liver fills the right upper abdomen (phantom: 60 HU). */
const LIVER_INSTANCE = 240;
const LIVER_HU = 60;

test('rectangle and ellipse ROIs in the liver give its HU; the probe reads the stored pixel', async ({ page }) => {
  const geometry = await openCtAt(page, LIVER_INSTANCE);

  await page.keyboard.press('b');
  await drag(page, await pointAt(page, geometry, -80, -35), await pointAt(page, geometry, -40, -5));
  await expect(page.getByTestId('measurement')).toHaveCount(1);
  await expect(page.getByTestId('measurement').first()).toHaveAttribute('data-kind', 'rectangle');
  const mean = await numberOf(page, 0, 'Mean');
  expect(Math.abs(mean - LIVER_HU)).toBeLessThanOrEqual(1);
  await expect(measurementValue(page, 0, 'Mean')).toHaveAttribute('data-unit', 'HU');
  // Triangular noise of ±18 HU has SD 18/√6 ≈ 7.3 HU and never leaves ±18.
  expect(Math.abs((await numberOf(page, 0, 'SD')) - 18 / Math.sqrt(6))).toBeLessThan(0.6);
  expect(await numberOf(page, 0, 'Min')).toBeGreaterThanOrEqual(LIVER_HU - 18);
  expect(await numberOf(page, 0, 'Max')).toBeLessThanOrEqual(LIVER_HU + 18);
  expect(Math.abs((await numberOf(page, 0, 'Area')) - 40 * 30) / (40 * 30)).toBeLessThan(0.05);

  // The ellipse is drawn from its centre out to a corner of its box (radii 22 × 16 mm).
  await page.keyboard.press('e');
  await drag(page, await pointAt(page, geometry, -50, 5), await pointAt(page, geometry, -28, 21));
  await expect(page.getByTestId('measurement')).toHaveCount(2);
  expect(Math.abs((await numberOf(page, 1, 'Mean')) - LIVER_HU)).toBeLessThanOrEqual(1);
  expect(Math.abs((await numberOf(page, 1, 'Area')) - Math.PI * 22 * 16) / (Math.PI * 22 * 16)).toBeLessThan(0.05);

  // Probe: click a pixel centre; the value is what the generator stored there.
  const pixel = { column: Math.round(axialPixelOf(geometry, -60, -20).column), row: Math.round(axialPixelOf(geometry, -60, -20).row) };
  await page.keyboard.press('p');
  const at = await pagePointOfPixel(page, geometry, pixel);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('measurement')).toHaveCount(3);
  expect(await numberOf(page, 2, 'Value')).toBe(storedHu(geometry, LIVER_INSTANCE, pixel.column, pixel.row));
});

test('an image calibrated only at the detector shows lengths in mm with a note', async ({ page }) => {
  const key = 'large-20150914-dx';
  const { series } = findSeries(key);
  await openSeries(page, key);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
  await page.keyboard.press('l');
  const grid = { rows: series.rows, columns: series.columns };
  await drag(page, await pagePointOfPixel(page, grid, { column: 4, row: 10 }), await pagePointOfPixel(page, grid, { column: 24, row: 10 }));
  await expect(page.getByTestId('measurement')).toHaveCount(1);
  // 20 pixels of ImagerPixelSpacing 0.5 mm (series-timeline.mjs, DX).
  expect(Math.abs((await numberOf(page, 0, 'Length')) - 10)).toBeLessThanOrEqual(0.1);
  await expect(page.getByTestId('measurement').first().getByTestId('calibration-note')).toHaveText('at detector');
});
