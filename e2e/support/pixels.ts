import { readFileSync, writeFileSync } from 'node:fs';
import { test, type Page } from '@playwright/test';

/** An image as interleaved 8-bit samples. */
export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Reads a binary PGM (P5) or PPM (P6) with maxval ≤ 255, as dcmj2pnm writes them. */
export function readPnm(file: string): Raster {
  const bytes = readFileSync(file);
  const tokens: string[] = [];
  let offset = 0;
  while (tokens.length < 4) {
    while (offset < bytes.length && /\s/.test(String.fromCharCode(bytes[offset] as number))) offset += 1;
    if (bytes[offset] === 0x23) {
      while (offset < bytes.length && bytes[offset] !== 0x0a) offset += 1;
      continue;
    }
    const start = offset;
    while (offset < bytes.length && !/\s/.test(String.fromCharCode(bytes[offset] as number))) offset += 1;
    tokens.push(bytes.subarray(start, offset).toString('ascii'));
  }
  offset += 1; // the single whitespace after maxval
  const [magic, width, height, maxval] = tokens;
  if ((magic !== 'P5' && magic !== 'P6') || Number(maxval) > 255) throw new Error(`${file}: unsupported PNM ${magic} maxval ${maxval}`);
  const channels = magic === 'P5' ? 1 : 3;
  const w = Number(width);
  const h = Number(height);
  return { width: w, height: h, channels, data: new Uint8Array(bytes.subarray(offset, offset + w * h * channels)) };
}

/**
 * Where a canvas crop lies against the image it shows, in canvas (device) pixels: the crop's
 * first pixel is canvas pixel (left, top); the image's outer edges lie at x, y, x + width and
 * y + height, fractions and all (a fitted image rarely starts on a pixel boundary).
 */
export interface ImagePlacement {
  left: number;
  top: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How close (in image pixels) a crop pixel's centre may come to the boundary between two image
 * pixels before the comparison leaves it out: there, rounding in the GPU's or the 2D canvas'
 * texture lookup may pick either neighbour, and both are right.
 */
const PHASE_MARGIN = 0.05;

/** An image's samples as a canvas crop should show them, and which crop pixels to compare. */
export interface ExpectedCrop {
  expected: Raster;
  /** 1 where the crop pixel's centre lies clearly inside one image pixel. */
  isCompared: Uint8Array;
}

/**
 * The reference's samples under each crop pixel, on the image's own grid: crop pixel i (canvas
 * pixel left + i) has its centre at image column (left + i + ½ − x) · columns / width, and a
 * nearest-neighbour renderer shows the image pixel that centre falls in. Computed from the
 * published placement with its sub-pixel offset, this holds at any zoom and canvas size, so a
 * panel opening or closing beside the viewport cannot put the two samplings out of phase.
 */
export function referenceOnImageGrid(reference: Raster, cropWidth: number, cropHeight: number, placement: ImagePlacement): ExpectedCrop {
  const samplesOf = (count: number, start: number, edge: number, extent: number, size: number) =>
    Array.from({ length: count }, (_, i) => {
      const position = ((start + i + 0.5 - edge) * size) / extent;
      const sample = Math.floor(position);
      const phase = position - sample;
      const isClear = sample >= 0 && sample < size && phase > PHASE_MARGIN && phase < 1 - PHASE_MARGIN;
      return { sample: Math.min(size - 1, Math.max(0, sample)), isClear };
    });
  const columns = samplesOf(cropWidth, placement.left, placement.x, placement.width, reference.width);
  const rows = samplesOf(cropHeight, placement.top, placement.y, placement.height, reference.height);
  const { channels } = reference;
  const data = new Uint8Array(cropWidth * cropHeight * channels);
  const isCompared = new Uint8Array(cropWidth * cropHeight);
  for (const [y, row] of rows.entries()) {
    for (const [x, column] of columns.entries()) {
      isCompared[y * cropWidth + x] = row.isClear && column.isClear ? 1 : 0;
      for (let c = 0; c < channels; c += 1) {
        data[(y * cropWidth + x) * channels + c] = reference.data[(row.sample * reference.width + column.sample) * channels + c] as number;
      }
    }
  }
  return { expected: { width: cropWidth, height: cropHeight, channels, data }, isCompared };
}

/** The mean absolute difference over every sample, or only over the pixels `isCompared` marks. */
export function meanAbsoluteDifference(a: Raster, b: Raster, isCompared?: Uint8Array): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) throw new Error('rasters differ in shape');
  let total = 0;
  let count = 0;
  for (let i = 0; i < a.data.length; i += 1) {
    if (isCompared && !isCompared[Math.floor(i / a.channels)]) continue;
    total += Math.abs((a.data[i] as number) - (b.data[i] as number));
    count += 1;
  }
  if (count === 0) throw new Error('no pixel to compare');
  return total / count;
}

/**
 * A canvas that shows an image, and the element that publishes where on it the image lies
 * (data-image-rect, CSS pixels), as CSS selectors.
 */
export interface ImageCanvas {
  canvas: string;
  rectOf: string;
}

/** The stack viewport's own canvas (the rendering engine's). */
export const VIEWPORT_CANVAS: ImageCanvas = { canvas: '[data-testid="viewport"] canvas', rectOf: '[data-testid="viewport"]' };

/** The 2D first paint drawn before the rendering engine has loaded (firstPaint/FirstPaint.tsx). */
export const FIRST_PAINT_CANVAS: ImageCanvas = { canvas: '[data-testid="first-paint"]', rectOf: '[data-testid="first-paint"]' };

/**
 * Reads back exactly the image area of a canvas (the rectangle the viewer publishes in
 * data-image-rect, in CSS pixels), as gray (channels 1) or RGB (channels 3).
 */
export async function readViewportImage(page: Page, channels: 1 | 3, source: ImageCanvas = VIEWPORT_CANVAS): Promise<Raster & { placement: ImagePlacement }> {
  const result = await page.evaluate(({ wanted, source: selectors }) => {
    const element = document.querySelector(selectors.rectOf) as HTMLElement | null;
    const canvas = document.querySelector(selectors.canvas) as HTMLCanvasElement | null;
    const rect = element?.dataset.imageRect?.split(',').map(Number);
    if (!canvas || !rect || rect.length !== 4) throw new Error('viewport has no image');
    const ratio = canvas.width / canvas.clientWidth;
    const [x = 0, y = 0, w = 0, h = 0] = rect.map((v) => v * ratio);
    const left = Math.round(x);
    const top = Math.round(y);
    const width = Math.round(w);
    const height = Math.round(h);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('viewport canvas has no 2D context');
    const rgba = context.getImageData(left, top, width, height).data;
    const out = new Uint8Array(width * height * wanted);
    for (let i = 0; i < width * height; i += 1) {
      for (let c = 0; c < wanted; c += 1) out[i * wanted + c] = rgba[i * 4 + c] as number;
    }
    // As base64: a plain array of numbers crosses to the test as JSON, seconds for an RGB image.
    let binary = '';
    for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
    return { width, height, base64: btoa(binary), placement: { left, top, x, y, width: w, height: h } };
  }, { wanted: channels, source });
  return { width: result.width, height: result.height, channels, data: new Uint8Array(Buffer.from(result.base64, 'base64')), placement: result.placement };
}

/** Encodes a raster as binary PGM/PPM, to attach to a failing test for a person to look at. */
export function toPnm(raster: Raster): Buffer {
  const header = Buffer.from(`${raster.channels === 1 ? 'P5' : 'P6'}\n${raster.width} ${raster.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(raster.data)]);
}

/**
 * The mean absolute difference between the viewport's image and a dcmtk rendering (PGM/PPM),
 * sampled on the image's own grid under each canvas pixel (referenceOnImageGrid), over the
 * pixels whose sample is not in doubt. It is recorded as an annotation; above `tolerance`, both
 * images are attached so a person can compare them.
 */
export async function differenceFromReference(page: Page, referenceFile: string, tolerance: number, source: ImageCanvas = VIEWPORT_CANVAS): Promise<number> {
  const reference = readPnm(referenceFile);
  const rendered = await readViewportImage(page, reference.channels, source);
  const { expected, isCompared } = referenceOnImageGrid(reference, rendered.width, rendered.height, rendered.placement);
  const difference = meanAbsoluteDifference(rendered, expected, isCompared);
  const comparedShare = isCompared.reduce((sum, v) => sum + v, 0) / isCompared.length;
  // At most a tenth of each axis lies near a boundary: fewer compared means a wrong placement.
  if (comparedShare < 0.75) throw new Error(`only ${(comparedShare * 100).toFixed(1)} % of the image's canvas pixels could be compared`);
  test.info().annotations.push({ type: 'mean-absolute-difference', description: `${difference.toFixed(3)} over ${(comparedShare * 100).toFixed(1)} % of the image's canvas pixels` });
  if (difference > tolerance) {
    for (const [name, image] of [['rendered.pnm', rendered], ['expected.pnm', expected]] as const) {
      const path = test.info().outputPath(name);
      writeFileSync(path, toPnm(image));
      await test.info().attach(name, { path, contentType: 'image/x-portable-anymap' });
    }
  }
  return difference;
}
