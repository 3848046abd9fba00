import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries } from './support/corpus';
import { cell, studyUrl, waitForCellImage } from './support/grid';

// The reading grid at the glass: every cell of a hanging protocol the same size whatever the
// measurement panel does (it belongs to the page, beside the grid), and in a 2×2 a short
// overlay that keeps off the image centre.

const panel = (page: Page) => page.getByTestId('measurement-panel');
const canvasOf = (page: Page, index: number) => cell(page, index).getByTestId('viewport').locator('canvas').first();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: ReturnType<Page['locator']>): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not laid out');
  return box;
}

async function canvasBoxes(page: Page, count: number): Promise<Box[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => boxOf(canvasOf(page, index))));
}

function expectEqualSizes(boxes: Box[], what: string): void {
  const [first] = boxes;
  if (!first) throw new Error('no canvases');
  for (const [index, box] of boxes.entries()) {
    expect(Math.abs(box.width - first.width), `${what}: width of cell ${index} (${box.width}) vs cell 0 (${first.width})`).toBeLessThanOrEqual(1);
    expect(Math.abs(box.height - first.height), `${what}: height of cell ${index} (${box.height}) vs cell 0 (${first.height})`).toBeLessThanOrEqual(1);
  }
}

/** Where the image lies on a cell's canvas (x, y, width, height, canvas px), as the viewport publishes it. */
async function imageRect(page: Page, index: number): Promise<number[]> {
  return ((await cell(page, index).getByTestId('viewport').getAttribute('data-image-rect')) ?? '').split(',').map(Number);
}

/**
 * The image's zoom (its width on screen) and its centre's offset from the canvas centre, both
 * relative to the canvas height: Cornerstone's camera keeps the world height it shows, so a
 * cell whose toolbars wrap onto fewer lines when it widens shows the same view, a little larger.
 */
async function framing(page: Page, index: number) {
  const [x = 0, y = 0, width = 0, height = 0] = await imageRect(page, index);
  const canvas = await boxOf(canvasOf(page, index));
  return { width: width / canvas.height, dx: (x + width / 2 - canvas.width / 2) / canvas.height, dy: (y + height / 2 - canvas.height / 2) / canvas.height };
}

async function openHung(page: Page, key: string, cells: number): Promise<void> {
  await page.goto(studyUrl(key));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  for (let index = 0; index < cells; index += 1) await waitForCellImage(page, index);
}

/** Closes or opens the page's measurement panel and waits until the cells have been resized. */
async function togglePanel(page: Page, to: 'open' | 'closed'): Promise<void> {
  const before = (await boxOf(canvasOf(page, 0))).width;
  await panel(page).getByTestId('measurement-panel-toggle').click();
  await expect(panel(page)).toHaveAttribute('data-state', to);
  await expect.poll(async () => (await boxOf(canvasOf(page, 0))).width * (to === 'closed' ? 1 : -1)).toBeGreaterThan((to === 'closed' ? 1 : -1) * before + 40);
}

test('the mammography 4-up shows four equal cells with the measurement panel open and closed, each image keeping its zoom and centre', async ({ page }) => {
  await openHung(page, 'mg-screening', 4);
  await expect(panel(page)).toHaveAttribute('data-state', 'open');
  // The panel is the page's: beside the grid, in no cell.
  const grid = await boxOf(page.getByTestId('viewport-grid'));
  const panelBox = await boxOf(panel(page));
  expect(panelBox.x).toBeGreaterThanOrEqual(grid.x + grid.width - 1);
  await expect(page.getByTestId('viewport-cell').getByTestId('measurement-panel')).toHaveCount(0);
  const open = await canvasBoxes(page, 4);
  expectEqualSizes(open, 'panel open');

  // The second view zoomed in by the reader: it must come back the same after the resize.
  await cell(page, 1).getByTestId('viewport').click();
  await page.keyboard.press('+');
  await expect.poll(async () => (await framing(page, 1)).width).toBeGreaterThan((await framing(page, 0)).width * 1.1);
  const framesBefore = await Promise.all([0, 1, 2, 3].map((index) => framing(page, index)));

  await togglePanel(page, 'closed');
  const closed = await canvasBoxes(page, 4);
  expectEqualSizes(closed, 'panel closed');
  expect(closed[0]?.width ?? 0).toBeGreaterThan((open[0]?.width ?? 0) + 40);
  // Within 0.5 % of the canvas height (about 2 px here).
  for (const [index, before] of framesBefore.entries()) {
    await expect.poll(async () => Math.abs((await framing(page, index)).dx - before.dx), `centre of cell ${index}`).toBeLessThanOrEqual(0.005);
    const after = await framing(page, index);
    expect(Math.abs(after.width - before.width), `zoom of cell ${index}: ${JSON.stringify({ before, after })}`).toBeLessThanOrEqual(0.005);
    expect(Math.abs(after.dy - before.dy), `vertical centre of cell ${index}`).toBeLessThanOrEqual(0.005);
  }

  // Remembered: a reload keeps it closed, and the cells stay equal.
  await page.reload();
  for (let index = 0; index < 4; index += 1) await waitForCellImage(page, index);
  await expect(panel(page)).toHaveAttribute('data-state', 'closed');
  expectEqualSizes(await canvasBoxes(page, 4), 'after reload, panel closed');
  await togglePanel(page, 'open');
  expectEqualSizes(await canvasBoxes(page, 4), 'panel opened again');
});

test('the MR brain 2×2 has equal cells with the panel open and closed, and a short overlay off the image centre', async ({ page }) => {
  const keys = ['mr-brain-t1', 'mr-brain-t2', 'mr-brain-flair', 'mr-brain-sag-t1'];
  await openHung(page, 'mr-brain-t1', 4);
  expectEqualSizes(await canvasBoxes(page, 4), 'panel open');

  for (const [index, key] of keys.entries()) {
    const { patient, series } = findSeries(key);
    const scope = cell(page, index);
    await expect(scope.getByTestId('viewport-overlay')).toHaveAttribute('data-compact', 'true');
    // The essentials: patient, series, image n/N, W/L; and the orientation markers.
    await expect(scope.getByTestId('overlay-patient-id')).toHaveText(patient.patientId);
    await expect(scope.getByTestId('overlay-patient-name')).toHaveText(/\S/);
    await expect(scope.getByTestId('overlay-series')).toContainText(series.seriesDescription);
    await expect(scope.getByTestId('overlay-image-number')).toHaveText(`Im 1/${series.instances.length}`);
    await expect(scope.getByTestId('overlay-window')).toHaveText(/^W \d+ L -?\d+$/);
    for (const edge of ['left', 'right', 'top', 'bottom']) await expect(scope.getByTestId(`marker-${edge}`)).toHaveText(/^[RLAPHF]+$/);
    // And nothing more: no study lines, birth date, slice position or zoom.
    for (const absent of ['overlay-study-date', 'overlay-study-description', 'overlay-patient-birth', 'overlay-slice-location', 'overlay-zoom']) {
      await expect(scope.getByTestId(absent)).toHaveCount(0);
    }

    // No overlay text over the middle of the image: every corner's box stays outside the
    // central 40 % × 40 % of the canvas.
    const canvas = await boxOf(canvasOf(page, index));
    const centre = { left: canvas.x + canvas.width * 0.3, right: canvas.x + canvas.width * 0.7, top: canvas.y + canvas.height * 0.3, bottom: canvas.y + canvas.height * 0.7 };
    const corners = await scope.locator('.viewport-overlay .corner').evaluateAll((elements) =>
      elements.map((element) => {
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height, text: element.textContent ?? '' };
      }),
    );
    expect(corners.length).toBe(4);
    for (const corner of corners) {
      const overlaps = corner.x < centre.right && corner.x + corner.width > centre.left && corner.y < centre.bottom && corner.y + corner.height > centre.top;
      expect(overlaps, `"${corner.text}" covers the centre of cell ${index}`).toBe(false);
    }
  }

  await togglePanel(page, 'closed');
  expectEqualSizes(await canvasBoxes(page, 4), 'panel closed');
});

test('a single viewport keeps the full overlay', async ({ page }) => {
  const { series } = findSeries('mr-knee-sagittal');
  await page.goto(studyUrl('mr-knee-sagittal'));
  await waitForCellImage(page, 0);
  await expect(cell(page, 0).getByTestId('viewport-overlay')).toHaveAttribute('data-compact', 'false');
  await expect(cell(page, 0).getByTestId('overlay-study-date')).toHaveText(/\d{4}-\d{2}-\d{2}/);
  await expect(cell(page, 0).getByTestId('overlay-series')).toContainText(series.seriesDescription);
});
