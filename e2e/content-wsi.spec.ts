import type { Page, Request } from '@playwright/test';
import { expect, test } from './support/test';
import { formatMagnification, magnificationOf, tilesIntersecting, type BaseRect } from '../packages/render/src/plain';
import { findSeries, viewerUrl, type CorpusSlide, type CorpusSlideLevel } from './support/corpus';

// dana's H&E slide (scripts/corpus/series-wsi.mjs): 6 levels of 256² JPEG tiles, level 2
// TILED_SPARSE (tissue tiles only), a label and an overview image.
const SLIDE_KEY = 'dana-wsi-he';


function slideOf(key: string): CorpusSlide {
  const { wsi } = findSeries(key).series;
  if (!wsi) throw new Error(`The corpus series "${key}" has no slide manifest`);
  return wsi;
}

const slide = slideOf(SLIDE_KEY);

/**
 * Colour tolerance per channel. The tiles are JPEG (quality 85, 4:2:0 chroma) of flat tissue
 * colours under a ±10 two-pixel checker; the sample averages a 5×5 screen patch of a level
 * downsampled 8× (checker averaged away) then resampled by WebGL: JPEG error on flat areas
 * stays within ±3, resampling ±1, and the ICC transform (sRGB profile to sRGB) ±1; 8 leaves
 * margin and is still far from any neighbouring colour (glass vs stroma differ by ≥ 54).
 */
const COLOUR_TOLERANCE = 8;

/** The frames (tiles) a page asks for: `<sop>/frames/<n>`. */
function watchFrames(page: Page): { since: (mark: number) => string[]; mark: () => number } {
  const requested: string[] = [];
  page.on('request', (request: Request) => {
    const match = /\/instances\/([^/]+)\/frames\/(\d+)/.exec(request.url());
    if (match) requested.push(`${match[1]}/${match[2]}`);
  });
  return { since: (mark) => requested.slice(mark), mark: () => requested.length };
}

const viewport = (page: Page) => page.getByTestId('wsi-viewport');

async function waitSettled(page: Page): Promise<void> {
  await expect(viewport(page)).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
  // rendercomplete fires once no tile is pending; let a last frame of requests surface.
  await page.waitForTimeout(300);
  await expect(viewport(page)).toHaveAttribute('data-settled', 'true');
}

async function viewOf(page: Page): Promise<{ level: CorpusSlideLevel; rect: BaseRect; resolution: number }> {
  const element = viewport(page);
  const levelIndex = Number(await element.getAttribute('data-level'));
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = ((await element.getAttribute('data-view-rect')) ?? '').split(',').map(Number);
  const level = slide.levels[levelIndex];
  if (!level) throw new Error(`no level ${levelIndex}`);
  return { level, rect: { x0, y0, x1, y1 }, resolution: Number(await element.getAttribute('data-resolution')) };
}

/** The tiles (as `<sop>/frames/<n>`) a view of `level` needs; sparse levels only have some. */
function tilesOf(level: CorpusSlideLevel, rect: BaseRect): Set<string> {
  const range = tilesIntersecting(level, rect);
  const across = Math.ceil(level.totalColumns / level.tileColumns);
  const tiles = new Set<string>();
  for (let row = range.firstRow; row <= range.lastRow; row++) {
    for (let column = range.firstColumn; column <= range.lastColumn; column++) {
      if (level.presentTiles) {
        const index = level.presentTiles.findIndex(([c, r]) => c === column && r === row);
        if (index >= 0) tiles.add(`${level.sopInstanceUid}/${index + 1}`);
      } else {
        tiles.add(`${level.sopInstanceUid}/${row * across + column + 1}`);
      }
    }
  }
  return tiles;
}

/** Mean RGB of a 5×5 patch of the screen around (x, y), read from a screenshot. */
async function screenColour(page: Page, x: number, y: number): Promise<number[]> {
  const png = await page.screenshot({ clip: { x: Math.round(x) - 2, y: Math.round(y) - 2, width: 5, height: 5 } });
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (data[i + c] ?? 0);
    return sum.map((s) => s / (data.length / 4));
  }, png.toString('base64'));
}

async function openSlide(page: Page) {
  const frames = watchFrames(page);
  await page.goto(viewerUrl(SLIDE_KEY));
  await expect(viewport(page)).toBeVisible();
  await waitSettled(page);
  return frames;
}

test.describe('whole-slide microscopy', () => {
  test('fetches only the tiles the view covers, on full and sparse levels, and one view of tiles per pan', async ({ page }) => {
    const frames = await openSlide(page);
    // The whole slide: every tile of the level chosen, none of any other level.
    const fit = await viewOf(page);
    expect(new Set(frames.since(0))).toEqual(tilesOf(fit.level, fit.rect));
    expect(frames.since(0)).toHaveLength(tilesOf(fit.level, fit.rect).size); // no tile twice

    // Zoom in (×2): the 4× level, a part of it.
    let mark = frames.mark();
    await page.keyboard.press('+');
    await waitSettled(page);
    const quarter = await viewOf(page);
    expect(quarter.level.downsample).toBe(4);
    expect(new Set(frames.since(mark))).toEqual(tilesOf(quarter.level, quarter.rect));

    // Again: the 2× level, TILED_SPARSE: the tissue tiles in view, no more.
    mark = frames.mark();
    await page.keyboard.press('+');
    await waitSettled(page);
    const sparse = await viewOf(page);
    expect(sparse.level.dimensionOrganization).toBe('TILED_SPARSE');
    const sparseTiles = tilesOf(sparse.level, sparse.rect);
    expect(tilesIntersecting(sparse.level, sparse.rect).count).toBeGreaterThan(sparseTiles.size); // glass tiles exist in view but not in the file
    expect(new Set(frames.since(mark))).toEqual(sparseTiles);

    // Once more: the base level (TILED_FULL), a part of it only.
    mark = frames.mark();
    await page.keyboard.press('+');
    await waitSettled(page);
    const base = await viewOf(page);
    expect(base.level.level).toBe(1);
    const baseTiles = tilesOf(base.level, base.rect);
    expect(baseTiles.size).toBeLessThan(base.level.totalColumns / base.level.tileColumns * (base.level.totalRows / base.level.tileRows) / 4);
    expect(new Set(frames.since(mark))).toEqual(baseTiles);
    await expect(viewport(page)).toHaveAttribute('data-frames-requested', String(frames.mark()));

    // Drag the slide left by one view width: the new tiles are those of the new view not
    // already in the old one (no prefetch margin: the viewer asks for nothing else).
    mark = frames.mark();
    const box = await viewport(page).boundingBox();
    if (!box) throw new Error('no viewport box');
    const width = (base.rect.x1 - base.rect.x0) / base.resolution;
    await page.mouse.move(box.x + box.width / 2 + width / 2 - 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - width / 2 + 1, box.y + box.height / 2, { steps: 1 });
    await page.mouse.up();
    await waitSettled(page);
    const panned = await viewOf(page);
    expect(panned.rect.x0).toBeCloseTo(base.rect.x0 + (width - 2) * base.resolution, 0);
    const fresh = [...tilesOf(panned.level, panned.rect)].filter((tile) => !baseTiles.has(tile));
    expect(new Set(frames.since(mark))).toEqual(new Set(fresh));
  });

  test('shows the tissue colours where the slide has them, magnification, scale bar, label and overview', async ({ page }) => {
    await openSlide(page);
    const { rect, resolution } = await viewOf(page);
    const box = await viewport(page).boundingBox();
    if (!box) throw new Error('no viewport box');
    // Glass away from the overlay's corners (its text would cover the manifest's glass point).
    const points = [...slide.samplePoints.filter((point) => point.name !== 'glass'), { name: 'glass', column: 4300, row: 600, rgb: slide.background }];
    for (const point of points) {
      const colour = await screenColour(page, box.x + (point.column - rect.x0) / resolution, box.y + (point.row - rect.y0) / resolution);
      colour.forEach((value, c) => expect(Math.abs(value - point.rgb[c]!), `${point.name} channel ${c}: ${colour.join(',')}`).toBeLessThanOrEqual(COLOUR_TOLERANCE));
    }

    // Magnification and scale bar from the pixel spacing (0.25 µm at the base level).
    const expectedMagnification = formatMagnification(magnificationOf(0.00025 * resolution) ?? 0);
    await expect(page.getByTestId('wsi-magnification')).toHaveText(expectedMagnification);
    const bar = page.getByTestId('scale-bar');
    await expect(bar).toHaveText(/^\d+ µm$/);
    const millimetres = Number(await bar.getAttribute('data-mm'));
    const barWidth = await bar.locator('.scale-bar-line').evaluate((line) => line.getBoundingClientRect().width);
    expect(barWidth).toBeCloseTo(millimetres / (0.00025 * resolution), 0);
    await page.keyboard.press('+');
    await expect(page.getByTestId('wsi-magnification')).toHaveText(formatMagnification(magnificationOf((0.00025 * resolution) / 2) ?? 0));

    // Optical path, overlay, label and overview images.
    await expect(page.getByTestId('wsi-optical-path')).toHaveText('Brightfield illumination, Full Spectrum · objective 40×');
    await expect(page.getByTestId('overlay-patient-name')).toHaveText('LONGVIEW, DANA');
    await expect(page.getByTestId('overlay-patient-id')).toHaveText('P-8802');
    for (const id of ['wsi-label', 'wsi-overview', 'wsi-navigator']) await expect(page.getByTestId(id)).toBeVisible();
    for (const id of ['wsi-label', 'wsi-overview']) {
      expect(await page.getByTestId(id).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    }
    // The navigator's rectangle is the part of the slide on screen.
    const view = await viewOf(page);
    const navigator = await page.getByTestId('wsi-navigator').boundingBox();
    const outline = await page.getByTestId('wsi-navigator-view').boundingBox();
    if (!navigator || !outline) throw new Error('no navigator');
    const scale = navigator.width / slide.levels[0]!.totalColumns;
    expect(outline.x - navigator.x).toBeCloseTo(Math.max(0, view.rect.x0) * scale, -0.5);
    expect(outline.width).toBeCloseTo((Math.min(slide.levels[0]!.totalColumns, view.rect.x1) - Math.max(0, view.rect.x0)) * scale, -0.5);
  });
});
