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
 * Nearest-neighbour resampling to `width`×`height` with pixel centres aligned: output pixel x
 * takes source pixel floor((x + ½)·sw/w). This is what the viewer's "true pixels" mode shows
 * when it magnifies an image, so no interpolation blur enters the comparison.
 */
export function resampleNearest(raster: Raster, width: number, height: number): Raster {
  const out = new Uint8Array(width * height * raster.channels);
  for (let y = 0; y < height; y += 1) {
    const sy = Math.min(raster.height - 1, Math.floor(((y + 0.5) * raster.height) / height));
    for (let x = 0; x < width; x += 1) {
      const sx = Math.min(raster.width - 1, Math.floor(((x + 0.5) * raster.width) / width));
      for (let c = 0; c < raster.channels; c += 1) {
        out[(y * width + x) * raster.channels + c] = raster.data[(sy * raster.width + sx) * raster.channels + c] as number;
      }
    }
  }
  return { width, height, channels: raster.channels, data: out };
}

export function meanAbsoluteDifference(a: Raster, b: Raster): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) throw new Error('rasters differ in shape');
  let total = 0;
  for (let i = 0; i < a.data.length; i += 1) total += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return total / a.data.length;
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
export async function readViewportImage(page: Page, channels: 1 | 3, source: ImageCanvas = VIEWPORT_CANVAS): Promise<Raster> {
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
    return { width, height, base64: btoa(binary) };
  }, { wanted: channels, source });
  return { width: result.width, height: result.height, channels, data: new Uint8Array(Buffer.from(result.base64, 'base64')) };
}

/** Encodes a raster as binary PGM/PPM, to attach to a failing test for a person to look at. */
export function toPnm(raster: Raster): Buffer {
  const header = Buffer.from(`${raster.channels === 1 ? 'P5' : 'P6'}\n${raster.width} ${raster.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(raster.data)]);
}

/**
 * The mean absolute difference between the viewport's image and a dcmtk rendering (PGM/PPM),
 * resampled to the canvas crop with the same nearest-neighbour rule. It is recorded as an
 * annotation; above `tolerance`, both images are attached so a person can compare them.
 */
export async function differenceFromReference(page: Page, referenceFile: string, tolerance: number, source: ImageCanvas = VIEWPORT_CANVAS): Promise<number> {
  const expected = readPnm(referenceFile);
  const rendered = await readViewportImage(page, expected.channels, source);
  const resampled = resampleNearest(expected, rendered.width, rendered.height);
  const difference = meanAbsoluteDifference(rendered, resampled);
  test.info().annotations.push({ type: 'mean-absolute-difference', description: difference.toFixed(3) });
  if (difference > tolerance) {
    for (const [name, image] of [['rendered.pnm', rendered], ['expected.pnm', resampled]] as const) {
      const path = test.info().outputPath(name);
      writeFileSync(path, toPnm(image));
      await test.info().attach(name, { path, contentType: 'image/x-portable-anymap' });
    }
  }
  return difference;
}
