import { expect, type Page } from '@playwright/test';
import { CT_KEY, axialCtGeometry, axialPixelOf, pagePointOfPixel, type AxialGeometry } from './phantom';
import { goToImage, openSeries, settle, stackIndexOf, waitForSeriesLoaded } from './viewer';

/** Drawing measurements on the chest phantom CT as a reader would, with the mouse. */

/** Opens an axial series of the chest phantom (the 256-slice CT unless `key` names another) at an instance. */
export async function openCtAt(page: Page, instanceNumber: number, key = CT_KEY): Promise<AxialGeometry> {
  await openSeries(page, key);
  await waitForSeriesLoaded(page);
  await goToImage(page, stackIndexOf(key, instanceNumber));
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
  return axialCtGeometry(key);
}

/** The page point of a patient x, y on the axial image shown. */
export async function pointAt(page: Page, geometry: AxialGeometry, x: number, y: number) {
  return pagePointOfPixel(page, geometry, axialPixelOf(geometry, x, y));
}

export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await settle(page);
}

/** Zooms in so one screen pixel is a fraction of an image pixel (placement finer than 0.5 mm). */
export async function zoomIn(page: Page, presses: number): Promise<void> {
  const rect = page.getByTestId('viewport');
  const before = Number((await rect.getAttribute('data-image-rect'))?.split(',')[2]);
  for (let i = 0; i < presses; i += 1) await page.keyboard.press('+');
  await expect.poll(async () => Number((await rect.getAttribute('data-image-rect'))?.split(',')[2])).toBeGreaterThan(before * 1.9);
}

export function measurementValue(page: Page, index: number, name: string) {
  return page.getByTestId('measurement').nth(index).locator(`[data-testid="measurement-value"][data-name="${name}"]`);
}

export async function numberOf(page: Page, index: number, name: string): Promise<number> {
  const value = measurementValue(page, index, name);
  await expect(value).toHaveAttribute('data-value', /\d/);
  return Number(await value.getAttribute('data-value'));
}
