import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { viewerUrl } from './support/corpus';
import { SCREEN_SIZES, screenContext, touchDevice } from './support/devices';
import { meanAbsoluteDifference, readViewportImage } from './support/pixels';
import { TouchScreen, centreOf, type ScreenPoint } from './support/touch';
import { imageRectOf, waitForImage } from './support/viewer';
import { SWIPE_PIXELS_PER_IMAGE } from '../packages/render/src/touchGestures';
import { VIDEO_SWIPE_PIXELS_PER_FRAME } from '../apps/viewer/src/content/useVideoSwipe';

/**
 * Touch on the bedside screens (issue 29): the gestures of packages/render/src/touchGestures.ts
 * driven by real CDP touch sequences, checked against what the viewport publishes (image index,
 * image rectangle, zoom relative to fit, centre, window) and against the canvas pixels.
 */

const CT = 'ct-chest-axial';

const viewportOf = (page: Page) => page.getByTestId('viewport');

async function numberAttribute(element: Locator, name: string): Promise<number> {
  const value = await element.getAttribute(name);
  if (value === null) throw new Error(`${name} is not published`);
  return Number(value);
}

async function windowOf(element: Locator): Promise<{ width: number; center: number }> {
  const [width = NaN, center = NaN] = ((await element.getAttribute('data-window')) ?? '').split('/').map(Number);
  return { width, center };
}

/**
 * The element's centre once the page has stopped moving it: panels (series browser,
 * measurements) come in after the first image, and a finger aimed before they do would land
 * beside the image.
 */
async function settledCentreOf(page: Page, element: Locator): Promise<ScreenPoint> {
  let previous = '';
  await expect
    .poll(async () => {
      const box = await element.boundingBox();
      const now = JSON.stringify(box);
      const isStill = now === previous;
      previous = now;
      if (!isStill) await page.waitForTimeout(250);
      return isStill;
    })
    .toBe(true);
  return centreOf(element);
}

/** Opens the CT and waits for its first image, and for the layout around it to settle. */
async function openCt(page: Page): Promise<{ screen: TouchScreen; element: Locator; centre: ScreenPoint }> {
  await page.goto(viewerUrl(CT));
  await waitForImage(page);
  const element = viewportOf(page);
  await expect(element).toHaveAttribute('data-mouse-tools', 'ready');
  const screen = await TouchScreen.of(page);
  return { screen, element, centre: await settledCentreOf(page, element) };
}

/** Where on the page (CSS px) an image point (fractions of the image's width and height) lies now. */
async function pagePointOf(element: Locator, fraction: { u: number; v: number }): Promise<ScreenPoint> {
  const box = await element.boundingBox();
  const rect = await imageRectOf(element);
  if (!box) throw new Error('viewport not on screen');
  return { x: box.x + rect.x + fraction.u * rect.width, y: box.y + rect.y + fraction.v * rect.height };
}

/** The image point (fractions of width and height) under a page point now. */
async function imageFractionAt(element: Locator, point: ScreenPoint): Promise<{ u: number; v: number }> {
  const box = await element.boundingBox();
  const rect = await imageRectOf(element);
  if (!box) throw new Error('viewport not on screen');
  return { u: (point.x - box.x - rect.x) / rect.width, v: (point.y - box.y - rect.y) / rect.height };
}

test.describe('touch on a phone (iPhone 13)', () => {
  test.use(touchDevice('iPhone 13'));

  test('five swipes step through the images by the finger travel, changing the overlay and the pixels', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    const start = await numberAttribute(element, 'data-image-index');
    const count = Number(/\/(\d+)/.exec((await page.getByTestId('overlay-image-number').textContent()) ?? '')?.[1]);
    const travel = 168; // 10.5 images' worth: well clear of a step boundary
    const perSwipe = Math.trunc(travel / SWIPE_PIXELS_PER_IMAGE);
    // Upwards (later images) unless the stack's end is too close.
    const direction = start + 5 * perSwipe < count ? 1 : -1;
    const before = await readViewportImage(page, 1);
    for (let i = 0; i < 5; i += 1) {
      await screen.swipe({ x: centre.x, y: centre.y + (direction * travel) / 2 }, 0, -direction * travel);
      await page.waitForTimeout(80);
    }
    const expected = start + direction * 5 * perSwipe;
    expect(perSwipe).toBeGreaterThan(0);
    await expect(element).toHaveAttribute('data-image-index', String(expected));
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im ${expected + 1}/${count}`, { timeout: 20_000 });
    // The canvas shows another slice: 50 slices apart, the chest's pixels differ clearly.
    await expect.poll(async () => meanAbsoluteDifference(before, await readViewportImage(page, 1)), { timeout: 20_000 }).toBeGreaterThan(2);
  });

  test('a pinch out doubles the zoom about the pinch centre', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    const zoomBefore = await numberAttribute(element, 'data-fit-zoom');
    const widthBefore = (await imageRectOf(element)).width;
    // Off the viewport's centre, so a zoom about the wrong point would show.
    const pinchCentre = { x: centre.x + 40, y: centre.y + 50 };
    const underFingers = await imageFractionAt(element, pinchCentre);
    await screen.pinch(pinchCentre, 2);
    await expect.poll(async () => (await numberAttribute(element, 'data-fit-zoom')) / zoomBefore).toBeGreaterThan(1.8);
    const ratio = (await numberAttribute(element, 'data-fit-zoom')) / zoomBefore;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    const nowAt = await pagePointOf(element, underFingers);
    expect(Math.abs(nowAt.x - pinchCentre.x)).toBeLessThan(3);
    expect(Math.abs(nowAt.y - pinchCentre.y)).toBeLessThan(3);
    // The image itself is twice as wide on the canvas, not only the published number.
    const widthRatio = (await imageRectOf(element)).width / widthBefore;
    expect(widthRatio).toBeGreaterThan(1.8);
    expect(widthRatio).toBeLessThan(2.2);
  });

  test('a two-finger drag moves the image by the drag, a double tap restores the fit', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    const fitted = await imageRectOf(element);
    const index = await numberAttribute(element, 'data-image-index');
    await screen.twoFingerDrag(centre, 60, 40);
    await expect.poll(async () => (await imageRectOf(element)).x - fitted.x).toBeGreaterThan(50);
    const moved = await imageRectOf(element);
    expect(Math.abs(moved.x - fitted.x - 60)).toBeLessThan(5);
    expect(Math.abs(moved.y - fitted.y - 40)).toBeLessThan(5);
    expect(Math.abs(moved.width - fitted.width)).toBeLessThan(1);
    // Two fingers never scroll.
    await expect(element).toHaveAttribute('data-image-index', String(index));

    await screen.pinch(centre, 1.5);
    await expect.poll(async () => numberAttribute(element, 'data-fit-zoom')).toBeGreaterThan(1.3);
    await screen.doubleTap(centre);
    await expect(element).toHaveAttribute('data-fit-zoom', '1.000');
    const restored = await imageRectOf(element);
    expect(Math.abs(restored.x - fitted.x)).toBeLessThan(1);
    expect(Math.abs(restored.y - fitted.y)).toBeLessThan(1);
    expect(Math.abs(restored.width - fitted.width)).toBeLessThan(1);
    await expect(element).toHaveAttribute('data-image-index', String(index));
  });

  test('a long press then a drag sets window/level, without scrolling', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    const index = await numberAttribute(element, 'data-image-index');
    const before = await windowOf(element);
    const overlayBefore = await page.getByTestId('overlay-window').textContent();
    const pixelsBefore = await readViewportImage(page, 1);
    // Right widens, down raises the level (as the mouse's left drag).
    await screen.longPressDrag({ x: centre.x - 60, y: centre.y - 60 }, 100, 80);
    await expect.poll(async () => (await windowOf(element)).width).toBeGreaterThan(before.width);
    const after = await windowOf(element);
    expect(after.center).toBeGreaterThan(before.center);
    await expect(page.getByTestId('overlay-window')).toHaveText(`W ${after.width} L ${after.center}`);
    expect(await page.getByTestId('overlay-window').textContent()).not.toBe(overlayBefore);
    await expect(element).toHaveAttribute('data-image-index', String(index));
    await expect.poll(async () => meanAbsoluteDifference(pixelsBefore, await readViewportImage(page, 1))).toBeGreaterThan(1);
  });
});

test.describe('touch on a large phone and a tablet', () => {
  for (const device of ['Pixel 7', 'iPad Pro 11'] as const) {
    test.describe(device, () => {
      test.use(touchDevice(device));
      test(`swipes scroll and a pinch zooms on the ${device}`, async ({ page }) => {
        const { screen, element, centre } = await openCt(page);
        const start = await numberAttribute(element, 'data-image-index');
        await screen.swipe({ x: centre.x, y: centre.y + 50 }, 0, -100);
        const stepped = Math.trunc(100 / SWIPE_PIXELS_PER_IMAGE);
        await expect(element).toHaveAttribute('data-image-index', String(start + stepped));
        const zoomBefore = await numberAttribute(element, 'data-fit-zoom');
        await screen.pinch(centre, 2);
        await expect.poll(async () => (await numberAttribute(element, 'data-fit-zoom')) / zoomBefore).toBeGreaterThan(1.8);
        expect((await numberAttribute(element, 'data-fit-zoom')) / zoomBefore).toBeLessThan(2.2);
      });
    });
  }
});

test.describe('a measuring tool by touch', () => {
  test.use(touchDevice('iPad Pro 11'));

  test('with the length tool picked, one finger measures instead of scrolling; two fingers still zoom', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    const index = await element.getAttribute('data-image-index');
    const panel = page.getByTestId('measurement-panel');
    await expect(panel).toHaveAttribute('data-count', '0');
    await page.keyboard.press('l');
    await expect(page.locator('[data-mouse-tool="length"]')).toHaveAttribute('aria-pressed', 'true');
    // Cornerstone's LengthTool takes the finger (its Primary binding answers one touch point).
    await screen.drag([{ x: centre.x - 60, y: centre.y }], [{ x: centre.x + 40, y: centre.y - 140 }], { steps: 12 });
    await expect(panel).toHaveAttribute('data-count', '1');
    await expect(element).toHaveAttribute('data-image-index', index ?? '');
    const zoomBefore = await numberAttribute(element, 'data-fit-zoom');
    await screen.pinch(centre, 1.5, 100);
    await expect.poll(async () => (await numberAttribute(element, 'data-fit-zoom')) / zoomBefore).toBeGreaterThan(1.35);
    await expect(panel).toHaveAttribute('data-count', '1');
  });
});

test.describe('turning the phone', () => {
  const portrait = SCREEN_SIZES.find((size) => size.width === 390 && size.height === 844);
  if (!portrait) throw new Error('no 390×844 screen in support/devices.ts');
  test.use(screenContext(portrait));

  test('portrait to landscape keeps the image, the zoom and the point at the centre', async ({ page }) => {
    const { screen, element, centre } = await openCt(page);
    // Somewhere other than the start: another slice, zoomed in off centre.
    await screen.swipe({ x: centre.x, y: centre.y + 60 }, 0, -120);
    await screen.pinch({ x: centre.x - 30, y: centre.y + 40 }, 1.8);
    await expect.poll(async () => numberAttribute(element, 'data-fit-zoom')).toBeGreaterThan(1.6);
    const index = await element.getAttribute('data-image-index');
    const zoom = await numberAttribute(element, 'data-fit-zoom');
    const [cx = NaN, cy = NaN] = ((await element.getAttribute('data-view-centre')) ?? '').split(',').map(Number);
    const rectBefore = await element.getAttribute('data-image-rect');

    await page.setViewportSize({ width: 844, height: 390 });
    await expect(element).not.toHaveAttribute('data-image-rect', rectBefore ?? '');
    // The element is now wider than tall: the layout really turned.
    await expect.poll(async () => {
      const box = await element.boundingBox();
      return box ? box.width > box.height : false;
    }).toBe(true);
    await expect(element).toHaveAttribute('data-image-index', index ?? '');
    expect(Math.abs((await numberAttribute(element, 'data-fit-zoom')) - zoom)).toBeLessThan(0.01 * zoom);
    const [x = NaN, y = NaN] = ((await element.getAttribute('data-view-centre')) ?? '').split(',').map(Number);
    expect(Math.abs(x - cx)).toBeLessThan(1);
    expect(Math.abs(y - cy)).toBeLessThan(1);
  });
});

test.describe('whole-slide image by touch', () => {
  test.use(touchDevice('iPad Pro 11'));

  test('a pinch zooms the slide about the pinch centre', async ({ page }) => {
    await page.goto(viewerUrl('dana-wsi-he'));
    const slide = page.getByTestId('wsi-viewport');
    await expect(slide).toHaveAttribute('data-settled', 'true', { timeout: 30_000 });
    const screen = await TouchScreen.of(page);
    const centre = await centreOf(slide);
    const resolution = await numberAttribute(slide, 'data-resolution');
    const rectOf = async () => ((await slide.getAttribute('data-view-rect')) ?? '').split(',').map(Number) as [number, number, number, number];
    const [x0, y0, x1, y1] = await rectOf();
    await screen.pinch(centre, 2);
    await expect.poll(async () => resolution / (await numberAttribute(slide, 'data-resolution'))).toBeGreaterThan(1.8);
    expect(resolution / (await numberAttribute(slide, 'data-resolution'))).toBeLessThan(2.2);
    // Pinched at the middle: the slide point in the middle stays there (within 3 screen px).
    const [nx0, ny0, nx1, ny1] = await rectOf();
    const tolerance = 3 * resolution;
    expect(Math.abs((nx0 + nx1) / 2 - (x0 + x1) / 2)).toBeLessThan(tolerance);
    expect(Math.abs((ny0 + ny1) / 2 - (y0 + y1) / 2)).toBeLessThan(tolerance);
    // One finger pans.
    await screen.swipe(centre, 80, 0);
    await expect.poll(async () => (await rectOf())[0]).toBeLessThan(nx0);
  });
});

test.describe('video by touch', () => {
  test.use(touchDevice('Pixel 7'));

  test('a horizontal swipe scrubs the clip frame by frame, and back', async ({ page }) => {
    await page.goto(viewerUrl('es-video-h264'));
    const video = page.getByTestId('video-viewport');
    await expect(video).toHaveAttribute('data-has-frame', 'true');
    const screen = await TouchScreen.of(page);
    const centre = await settledCentreOf(page, video);
    const start = Number(await video.getAttribute('data-frame-index'));
    const travel = 6.5 * VIDEO_SWIPE_PIXELS_PER_FRAME;
    await screen.swipe({ x: centre.x - travel / 2, y: centre.y }, travel, 0);
    await expect(video).toHaveAttribute('data-frame-index', String(start + 6));
    await expect(video).toHaveAttribute('data-playing', 'false');
    await screen.swipe({ x: centre.x + travel / 2, y: centre.y }, -travel, 0);
    await expect(video).toHaveAttribute('data-frame-index', String(start));
  });
});
