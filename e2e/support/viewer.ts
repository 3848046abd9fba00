import { expect, type Locator, type Page } from '@playwright/test';
import { orderStack } from '../../packages/dicom-meta/src/index';
import { findSeries, viewerUrl } from './corpus';

/**
 * Pages opened from now on start with the page's measurement panel closed (it is remembered
 * in localStorage). The comparisons against dcmtk need no such thing (they sample on the
 * image's own grid, support/pixels.ts); a test that compares two snapshots of the smoothed
 * image with each other, mirrored or inverted, does: its sample grid is the canvas'.
 */
export async function withMeasurementPanelClosed(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem('longview.measurementPanel', 'closed'));
}

/** Opens a series of the corpus in the viewer and waits until its first image is on screen. */
export async function openSeries(page: Page, key: string): Promise<void> {
  await page.goto(viewerUrl(key));
  await waitForImage(page);
}

/**
 * Waits until the viewport shows an image (it publishes where the image lies on the canvas);
 * in a grid of viewports (a study hung by its protocol), the first cell's.
 */
export async function waitForImage(page: Page): Promise<void> {
  await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-image-rect', /\d/);
}

/** Waits until every image of the series is loaded or has failed (in `scope`: one grid cell, say). */
export async function waitForSeriesLoaded(page: Page, scope?: Locator): Promise<void> {
  const progress = (scope ?? page).getByTestId('load-progress');
  // Attached, not visible: in a narrow viewport a finished load keeps its words for screen readers only.
  await expect(progress).toBeAttached();
  await expect
    .poll(async () => {
      const loaded = Number(await progress.getAttribute('data-loaded'));
      const failed = Number(await progress.getAttribute('data-failed'));
      const total = Number(await progress.getAttribute('data-total'));
      return total > 0 && loaded + failed === total;
      // A guard, not a speed target: the 256-slice CT took just over 30 s on a busy 2-core machine.
    }, { timeout: 90_000 })
    .toBe(true);
}

/** A series' instances in the viewer's stack order, by the viewer's own ordering rule. */
function stackOrderOf(key: string) {
  const { series } = findSeries(key);
  return orderStack(
    series.instances.map((instance) => ({
      ...instance,
      imageOrientationPatient: series.imageOrientationPatient,
    })),
  );
}

/** The position of an instance in the viewer's stack, computed with the viewer's own ordering rule. */
export function stackIndexOf(key: string, instanceNumber: number): number {
  const index = stackOrderOf(key).findIndex((instance) => instance.instanceNumber === instanceNumber);
  if (index < 0) throw new Error(`instance ${instanceNumber} not in ${key}`);
  return index;
}

/** The instance at a position of the viewer's stack (single-frame instances). */
export function sopInstanceAtStackIndex(key: string, index: number): string {
  const instance = stackOrderOf(key)[index];
  if (!instance) throw new Error(`${key} has no image ${index}`);
  return instance.sopInstanceUid;
}

/** Moves the stack to an index through the scrollbar, as a user dragging it would. */
export async function goToImage(page: Page, index: number): Promise<void> {
  await page.getByTestId('stack-scrollbar').fill(String(index));
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image-index', String(index));
}

/** Types an exact window into the toolbar's W/L entry. */
export async function setWindow(page: Page, width: number, center: number): Promise<void> {
  await page.getByLabel('Window width', { exact: true }).fill(String(width));
  await page.getByLabel('Window level', { exact: true }).fill(String(center));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('overlay-window')).toHaveText(`W ${Math.round(width)} L ${Math.round(center)}`);
}

/** Waits for two animation frames so the canvas holds what the last command rendered. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Holds every request matching `url` until `release()`; the page gets as far as it can without them. */
export async function holdRequests(page: Page, url: RegExp): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/**
 * Where the image lies on the element's canvas (CSS px, from its top left), as the viewport or
 * the first paint publishes it in data-image-rect; NaN everywhere while it shows no image.
 */
export async function imageRectOf(element: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const [x = NaN, y = NaN, width = NaN, height = NaN] = ((await element.getAttribute('data-image-rect')) ?? '').split(',').map(Number);
  return { x, y, width, height };
}
