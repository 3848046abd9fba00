import type { Locator, Page } from '@playwright/test';
import { CHEST_FEATURES, chestSliceHu } from '../../scripts/corpus/phantoms.mjs';
import { findSeries } from './corpus';

/**
 * Ground truth from the phantom's definition (scripts/corpus/phantoms.mjs) and the series'
 * geometry (the manifest), never from what the viewer shows: where an anatomical point lies in
 * an axial CT image, and what the generator wrote into a pixel.
 */
export const CT_KEY = 'ct-chest-axial';

export interface ChestFeature {
  name: string;
  center: [number, number, number];
  radiusMm: number;
  hu: number;
}

export function chestFeature(name: string): ChestFeature {
  const feature = (CHEST_FEATURES as ChestFeature[]).find((f) => f.name === name);
  if (!feature) throw new Error(`no phantom feature ${name}`);
  return feature;
}

export interface AxialGeometry {
  rows: number;
  columns: number;
  /** [between rows, between columns] in mm. */
  pixelSpacing: [number, number];
  /** Patient x, y of the first pixel centre (the axial series has one for all slices). */
  origin: [number, number];
  /** Patient z of an instance. */
  zOf: (instanceNumber: number) => number;
}

/** The geometry of an axial series of the chest phantom: the 256-slice CT, or another cut of it (`key`). */
export function axialCtGeometry(key = CT_KEY): AxialGeometry {
  const { series } = findSeries(key);
  const first = series.instances[0]?.imagePositionPatient;
  if (!first || !series.pixelSpacing) throw new Error('CT geometry missing from the manifest');
  return {
    rows: series.rows,
    columns: series.columns,
    pixelSpacing: [series.pixelSpacing[0] as number, series.pixelSpacing[1] as number],
    origin: [first[0] as number, first[1] as number],
    zOf: (n) => series.instances.find((i) => i.instanceNumber === n)?.imagePositionPatient?.[2] ?? Number.NaN,
  };
}

/** Pixel coordinates (column, row; first pixel centre 0, 0) of patient x, y in an axial image (IOP 1\0\0\0\1\0). */
export function axialPixelOf(geometry: AxialGeometry, x: number, y: number): { column: number; row: number } {
  return { column: (x - geometry.origin[0]) / geometry.pixelSpacing[1], row: (y - geometry.origin[1]) / geometry.pixelSpacing[0] };
}

/** The HU the generator stored at a pixel of an instance (it rounds HU to whole numbers). */
export function storedHu(geometry: AxialGeometry, instanceNumber: number, column: number, row: number): number {
  const hu = chestSliceHu({
    z: geometry.zOf(instanceNumber),
    rows: geometry.rows,
    columns: geometry.columns,
    spacing: geometry.pixelSpacing[0],
    origin: geometry.origin,
    noiseSeed: `ct-${instanceNumber}`,
  }) as Float32Array;
  return Math.round(hu[row * geometry.columns + column] as number);
}

/**
 * Page coordinates of an image pixel position in the stack viewport, from the image rectangle
 * the viewer publishes (unrotated, unflipped view) and the canvas' place on the page. Rounded
 * to whole CSS pixels: Chromium truncates fractional mouse positions, which would shift every
 * point up and left by up to a screen pixel.
 */
export async function pagePointOfPixel(
  page: Page,
  geometry: { rows: number; columns: number },
  point: { column: number; row: number },
  viewport: string | Locator = 'viewport',
): Promise<{ x: number; y: number }> {
  const element = typeof viewport === 'string' ? page.getByTestId(viewport) : viewport;
  const rect = (await element.getAttribute('data-image-rect'))?.split(',').map(Number);
  const box = await element.locator('canvas').first().boundingBox();
  if (!rect || rect.length !== 4 || !box) throw new Error('viewport has no image rectangle');
  const [x = 0, y = 0, width = 0, height = 0] = rect;
  return {
    x: Math.round(box.x + x + ((point.column + 0.5) * width) / geometry.columns),
    y: Math.round(box.y + y + ((point.row + 0.5) * height) / geometry.rows),
  };
}
