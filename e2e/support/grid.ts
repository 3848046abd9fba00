import { expect, type Locator, type Page } from '@playwright/test';
import { orderStack } from '../../packages/dicom-meta/src/index';
import { findSeries, type CorpusSeries } from './corpus';

/** Cell `index` (row-major) of the study viewer's viewport grid. */
export function cell(page: Page, index: number): Locator {
  return page.locator(`[data-testid="viewport-cell"][data-cell-index="${index}"]`);
}

/** Waits until a cell shows an image (its viewport publishes where the image lies). */
export async function waitForCellImage(page: Page, index: number): Promise<void> {
  await expect(cell(page, index).getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
}

/** The viewport's image index in a cell (its scrollbar's position). */
export async function cellImageIndex(page: Page, index: number): Promise<number> {
  return Number(await cell(page, index).getByTestId('viewport').getAttribute('data-image-index'));
}

/** A series' instances in the viewer's display order (the viewer's own ordering rule). */
export function displayOrder(key: string): CorpusSeries['instances'] {
  const { series } = findSeries(key);
  return orderStack(series.instances.map((instance) => ({ ...instance, imageOrientationPatient: series.imageOrientationPatient })));
}

/** The viewer URL of a study with nothing but its UIDs: the hanging protocol decides the rest. */
export function studyUrl(key: string): string {
  const { study } = findSeries(key);
  return `/viewer/${study.archive}/${study.studyInstanceUid}`;
}
