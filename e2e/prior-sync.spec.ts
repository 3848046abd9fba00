import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { READING_SHORTCUTS, VIEWER_SHORTCUTS } from '../apps/viewer/src/keyboard/shortcuts';
import { findSeries } from './support/corpus';
import { cell, cellImageIndex, displayOrder, studyUrl, waitForCellImage } from './support/grid';

// alice's current CT (256 × 1.25 mm from z = 0) and prior (80 × 4 mm from z = −2, stored feet
// first) share a frame of reference: scrolling one brings the other to the nearest position.
const currentZ = displayOrder('ct-chest-axial').map((i) => i.imagePositionPatient?.[2] ?? Number.NaN);
const priorZ = displayOrder('ct-chest-prior-axial').map((i) => i.imagePositionPatient?.[2] ?? Number.NaN);

/** The prior image nearest (by ImagePositionPatient z) to current image `index`, computed from the manifest. */
function nearestPrior(index: number): number {
  const z = currentZ[index] as number;
  return priorZ.reduce((best, value, i) => (Math.abs(value - z) < Math.abs((priorZ[best] as number) - z) ? i : best), 0);
}

async function expectSynced(page: Page, currentIndex: number): Promise<void> {
  await expect(cell(page, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', String(currentIndex));
  const wanted = nearestPrior(currentIndex);
  await expect(cell(page, 1).getByTestId('viewport')).toHaveAttribute('data-image-index', String(wanted));
  // The prior's own overlay shows the slice position it is at: the nearest to the current's.
  const priorLocation = Number(((await cell(page, 1).getByTestId('overlay-slice-location').textContent()) ?? '').replace(/[^\d.-]/g, ''));
  const currentLocation = currentZ[currentIndex] as number;
  for (const z of priorZ) expect(Math.abs(priorLocation - currentLocation)).toBeLessThanOrEqual(Math.abs(z - currentLocation) + 1e-6);
  await expect(cell(page, 1).getByTestId('overlay-image-number')).toHaveText(`Im ${wanted + 1}/${priorZ.length}`);
}

async function openCtWithPrior(page: Page): Promise<void> {
  await page.goto(studyUrl('ct-chest-axial'));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '1x2');
  await waitForCellImage(page, 0);
  await waitForCellImage(page, 1);
  await expect(page.getByTestId('sync-scroll')).toHaveAttribute('aria-pressed', 'true');
}

test('scrolling the current moves the prior to the matching ImagePositionPatient; y stops it', async ({ page }) => {
  expect(priorZ).toHaveLength(80);
  // Not a matter of indices: the two stacks differ in spacing, start and stored order.
  expect(nearestPrior(100)).not.toBe(100);
  await openCtWithPrior(page);
  await expectSynced(page, 0);

  // Keys (to the active, current viewport).
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expectSynced(page, 5);
  await page.keyboard.press('PageDown');
  await expectSynced(page, 15);

  // The scrollbar and the wheel.
  await cell(page, 0).getByTestId('stack-scrollbar').fill('101');
  await expectSynced(page, 101);
  await cell(page, 0).getByTestId('viewport').hover();
  await page.mouse.wheel(0, 100);
  await expectSynced(page, 102);
  await page.keyboard.press('End');
  await expectSynced(page, currentZ.length - 1);

  // Sync off: the current scrolls alone.
  await page.keyboard.press('Home');
  await expectSynced(page, 0);
  await page.keyboard.press('y');
  await expect(page.getByTestId('sync-scroll')).toHaveAttribute('aria-pressed', 'false');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowDown');
  await expect(cell(page, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '20');
  await page.waitForTimeout(300);
  expect(await cellImageIndex(page, 1)).toBe(0);
  // And on again: the prior joins the current at once.
  await page.keyboard.press('y');
  await expectSynced(page, 20);
});

test('layouts by key, a series dragged onto a cell, double-click maximise and back', async ({ page }) => {
  const current = findSeries('ct-chest-axial');
  const prior = findSeries('ct-chest-prior-axial');
  await openCtWithPrior(page);

  await page.keyboard.press('Shift+Digit4');
  const grid = page.getByTestId('viewport-grid');
  await expect(grid).toHaveAttribute('data-layout', '2x2');
  await expect(page.getByTestId('viewport-cell')).toHaveCount(4);
  // The two viewports kept their series; the new ones wait for one.
  await expect(cell(page, 1)).toHaveAttribute('data-series-uid', prior.series.seriesInstanceUid);
  await expect(cell(page, 3).getByTestId('empty-cell')).toBeVisible();

  // Drag the prior's series from its list, and the current's, onto the empty cells.
  await page.getByTestId('prior-series').locator(`[data-series-uid="${prior.series.seriesInstanceUid}"]`).dragTo(cell(page, 3));
  await expect(cell(page, 3)).toHaveAttribute('data-series-uid', prior.series.seriesInstanceUid);
  await expect(cell(page, 3)).toHaveAttribute('data-study-role', 'prior');
  await expect(cell(page, 3).getByTestId('prior-banner')).toContainText('PRIOR');
  await page.locator('.series-browsers > .series-browser').locator(`[data-series-uid="${current.series.seriesInstanceUid}"]`).dragTo(cell(page, 2));
  await expect(cell(page, 2)).toHaveAttribute('data-series-uid', current.series.seriesInstanceUid);
  await expect(cell(page, 2)).toHaveAttribute('data-study-role', 'current');
  await waitForCellImage(page, 2);
  await waitForCellImage(page, 3);
  expect(new URL(page.url()).searchParams.get('cells')).toBe(
    [`c:${current.series.seriesInstanceUid}`, `p:${prior.series.seriesInstanceUid}`, `c:${current.series.seriesInstanceUid}`, `p:${prior.series.seriesInstanceUid}`].join(','),
  );

  // Double-click maximises a cell over the whole grid; again goes back.
  const gridBox = await grid.boundingBox();
  await cell(page, 1).getByTestId('viewport').dblclick();
  await expect(cell(page, 1)).toHaveAttribute('data-maximised', 'true');
  await expect.poll(async () => (await cell(page, 1).boundingBox())?.width).toBeCloseTo(gridBox?.width ?? 0, 0);
  await expect(cell(page, 0)).toBeHidden();
  await cell(page, 1).getByTestId('viewport').dblclick();
  await expect(cell(page, 1)).toHaveAttribute('data-maximised', 'false');
  await expect(cell(page, 0)).toBeVisible();
  expect((await cell(page, 1).boundingBox())?.width).toBeLessThan((gridBox?.width ?? 0) * 0.6);

  // Back to one viewport by key: the URL is the short single-series form again.
  await cell(page, 0).click();
  await page.keyboard.press('Shift+Digit1');
  await expect(grid).toHaveAttribute('data-layout', '1x1');
  await expect(page).toHaveURL(new RegExp(`\\?series=${current.series.seriesInstanceUid.replaceAll('.', '\\.')}$`));
});

test('? shows every shortcut, generated from the registry', async ({ page }) => {
  await openCtWithPrior(page);
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  for (const shortcut of [...VIEWER_SHORTCUTS, ...READING_SHORTCUTS]) {
    await expect(sheet.locator(`tr[data-command="${shortcut.command}"]`), shortcut.command).toContainText(shortcut.label);
  }
  await expect(sheet.locator('tr[data-command="layout-2x2"] kbd')).toHaveText('Shift+4');
  await expect(sheet.locator('tr[data-command="preset-lung"]')).toContainText('Lung');
  await page.keyboard.press('?');
  await expect(sheet).toHaveCount(0);
});
