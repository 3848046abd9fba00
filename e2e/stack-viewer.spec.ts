import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl } from './support/corpus';
import { readViewportImage, type Raster } from './support/pixels';
import { goToImage, holdRequests, imageRectOf, openSeries, setWindow, settle, stackIndexOf, waitForSeriesLoaded, withMeasurementPanelClosed } from './support/viewer';

const CT = 'ct-chest-axial';
const MR = 'mr-knee-sagittal';

function mean(raster: Raster): number {
  let total = 0;
  for (const value of raster.data) total += value;
  return total / raster.data.length;
}

function sameShapeDifference(a: Raster, b: Raster): number {
  expect(a.width).toBe(b.width);
  expect(a.height).toBe(b.height);
  let total = 0;
  for (let i = 0; i < a.data.length; i += 1) total += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return total / a.data.length;
}

async function snapshot(page: Page): Promise<Raster> {
  await settle(page);
  return readViewportImage(page, 1);
}

async function markers(page: Page) {
  return {
    left: await page.getByTestId('marker-left').textContent(),
    right: await page.getByTestId('marker-right').textContent(),
    top: await page.getByTestId('marker-top').textContent(),
    bottom: await page.getByTestId('marker-bottom').textContent(),
  };
}

test.describe('axial CT', () => {
  test('shows patient/study context, image position, window and radiological orientation', async ({ page }) => {
    const { patient, study, series } = findSeries(CT);
    await openSeries(page, CT);
    await expect(page.getByTestId('overlay-patient-name')).toHaveText('LONGVIEW, ALICE');
    await expect(page.getByTestId('overlay-patient-id')).toHaveText(patient.patientId);
    await expect(page.getByTestId('overlay-patient-birth')).toHaveText('1961-04-12 F');
    await expect(page.getByTestId('overlay-study-date')).toHaveText('2024-01-15');
    await expect(page.getByTestId('overlay-study-description')).toHaveText(study.studyDescription);
    await expect(page.getByTestId('overlay-series')).toHaveText(`Se ${series.seriesNumber} ${series.seriesDescription}`);
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 1/${series.instances.length}`);
    await expect(page.getByTestId('overlay-slice-thickness')).toHaveText('Thk 1.25 mm');
    await expect(page.getByTestId('overlay-window')).toHaveText('W 1500 L -600');
    expect(await markers(page)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    await expect(page.getByTestId('banner-patient-id')).toHaveText(patient.patientId);
    // The first slice is the most cranial one: its location is the highest z of the series.
    const topZ = Math.max(...series.instances.map((i) => i.imagePositionPatient?.[2] ?? Number.NEGATIVE_INFINITY));
    await expect(page.getByTestId('overlay-slice-location')).toHaveText(`Loc ${topZ.toFixed(2)} mm`);
    // 0.7 mm pixels: the scale bar is calibrated from PixelSpacing.
    await expect(page.getByTestId('scale-bar')).toHaveAttribute('data-mm', /^(10|20|50|100)$/);
  });

  test('streams the whole series with visible progress after the first image', async ({ page }) => {
    const { series } = findSeries(CT);
    await openSeries(page, CT);
    await waitForSeriesLoaded(page);
    const progress = page.getByTestId('load-progress');
    await expect(progress).toHaveAttribute('data-loaded', String(series.instances.length));
    await expect(progress).toHaveAttribute('data-failed', '0');
    await expect(progress).toContainText(`${series.instances.length} of ${series.instances.length} images loaded`);
  });

  test('scrolls with the wheel, the arrow keys, End/Home and the scrollbar, changing pixels and overlay', async ({ page }) => {
    const { series } = findSeries(CT);
    const count = series.instances.length;
    await openSeries(page, CT);
    await waitForSeriesLoaded(page);
    const first = await snapshot(page);

    await page.getByTestId('viewport').hover();
    await page.mouse.wheel(0, 120);
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 2/${count}`);

    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 3/${count}`);
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 2/${count}`);

    await page.keyboard.press('End');
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im ${count}/${count}`);
    const last = await snapshot(page);
    expect(sameShapeDifference(first, last)).toBeGreaterThan(2);

    await page.keyboard.press('Home');
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 1/${count}`);
    expect(sameShapeDifference(first, await snapshot(page))).toBeLessThan(0.5);

    const middle = stackIndexOf(CT, Math.ceil(count / 2));
    await goToImage(page, middle);
    await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im ${middle + 1}/${count}`);
  });

  test('window presets, typed window, and W/L drag change the rendered pixels', async ({ page }) => {
    await openSeries(page, CT);
    const lung = await snapshot(page);

    await page.getByRole('button', { name: 'Mediastinum', exact: true }).click();
    await expect(page.getByTestId('overlay-window')).toHaveText('W 350 L 50');
    const mediastinum = await snapshot(page);
    // Lung tissue (-850 HU) is mid-gray in the lung window and black in the mediastinal one.
    expect(mean(mediastinum)).toBeLessThan(mean(lung) - 5);

    await page.keyboard.press('5');
    await expect(page.getByTestId('overlay-window')).toHaveText('W 2000 L 400');

    // The windows the CT stored in the image (LUNG, MEDIASTINUM) are offered by their names.
    const { series } = findSeries(CT);
    await page.getByRole('button', { name: 'Stored window Mediastinum' }).click();
    await expect(page.getByTestId('overlay-window')).toHaveText(`W ${series.windowWidth?.[1]} L ${series.windowCenter?.[1]}`);
    await page.keyboard.press('0');
    await expect(page.getByTestId('overlay-window')).toHaveText(`W ${series.windowWidth?.[0]} L ${series.windowCenter?.[0]}`);

    await setWindow(page, 400, 40);
    const typed = await snapshot(page);

    // Mouse tools load after the first image; the viewport says when they are attached.
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
    const box = await page.getByTestId('viewport').boundingBox();
    if (!box) throw new Error('viewport has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 6 });
    await page.mouse.up();
    const windowText = await page.getByTestId('overlay-window').textContent();
    const [, width, center] = /W (-?\d+) L (-?\d+)/.exec(windowText ?? '') ?? [];
    expect(Number(width)).toBeGreaterThan(400);
    expect(Number(center)).not.toBe(40);
    expect(sameShapeDifference(typed, await snapshot(page))).toBeGreaterThan(1);

    await page.keyboard.press('0');
    await expect(page.getByTestId('overlay-window')).toHaveText('W 1500 L -600');
  });

  test('zoom, pan, invert, rotate, flip and reset act on pixels and markers', async ({ page }) => {
    // Snapshots compared with each other on the canvas' grid, at one known canvas geometry (see
    // withMeasurementPanelClosed): with the page's panel open, the inverted snapshot's samples
    // fell off the original's (127).
    await withMeasurementPanelClosed(page);
    await openSeries(page, CT);
    // The fitted zoom is read once the page has settled: read at the first image, it was once
    // 1.32 where the page, laid out by the answers still arriving, fitted 1.31 (a flake).
    await waitForSeriesLoaded(page);
    const zoomText = async () => Number((await page.getByTestId('overlay-zoom').textContent())?.replace(/[^\d.]/g, ''));
    const rect = async () => (await page.getByTestId('viewport').getAttribute('data-image-rect'))?.split(',').map(Number) ?? [];
    const initialZoom = await zoomText();
    const initialRect = await rect();
    const original = await snapshot(page);

    await page.keyboard.press('+');
    await expect.poll(zoomText).toBeCloseTo(initialZoom * 1.25, 1);
    expect((await rect())[2]).toBeCloseTo((initialRect[2] ?? 0) * 1.25, 0);

    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await rect())[0]).not.toBeCloseTo((initialRect[0] ?? 0) - ((initialRect[2] ?? 0) * 0.25) / 2, 0);

    await page.keyboard.press('Escape');
    await expect.poll(zoomText).toBeCloseTo(initialZoom, 2);
    expect(sameShapeDifference(original, await snapshot(page))).toBeLessThan(0.5);

    await page.keyboard.press('i');
    const inverted = await snapshot(page);
    // Inversion maps v to 255 - v: the sum of the two images is 255 everywhere (±rounding).
    let worst = 0;
    for (let i = 0; i < original.data.length; i += 97) worst = Math.max(worst, Math.abs((original.data[i] as number) + (inverted.data[i] as number) - 255));
    expect(worst).toBeLessThanOrEqual(2);
    await page.keyboard.press('i');

    await page.keyboard.press('h');
    await expect.poll(() => markers(page)).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    const flipped = await snapshot(page);
    // Mirror: the flipped image's pixel (x, y) is the original's (w-1-x, y).
    let mirrorError = 0;
    let samples = 0;
    for (let y = 0; y < original.height; y += 11) {
      for (let x = 0; x < original.width; x += 11) {
        mirrorError += Math.abs((flipped.data[y * flipped.width + x] as number) - (original.data[y * original.width + (original.width - 1 - x)] as number));
        samples += 1;
      }
    }
    expect(mirrorError / samples).toBeLessThan(3);
    await page.keyboard.press('h');
    await expect.poll(() => markers(page)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });

    await page.keyboard.press('v');
    await expect.poll(() => markers(page)).toEqual({ left: 'R', right: 'L', top: 'P', bottom: 'A' });
    await page.keyboard.press('Escape');

    await page.keyboard.press('r');
    // Rotating 90° clockwise carries what was on the left (patient right) to the top.
    await expect.poll(() => markers(page)).toEqual({ left: 'P', right: 'A', top: 'R', bottom: 'L' });
    await page.keyboard.press('Escape');
    await expect.poll(() => markers(page)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
});

test('sagittal MR shows its own orientation and overlay values', async ({ page }) => {
  const { patient, series } = findSeries(MR);
  await openSeries(page, MR);
  await expect(page.getByTestId('overlay-patient-name')).toHaveText('LONGVIEW, BOB');
  await expect(page.getByTestId('overlay-patient-id')).toHaveText(patient.patientId);
  await expect(page.getByTestId('overlay-patient-birth')).toHaveText('1975-08-02 M');
  await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im 1/${series.instances.length}`);
  expect(await markers(page)).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
  // A right knee: laterality is always on screen for paired organs.
  await expect(page.getByTestId('overlay-laterality')).toHaveText('Laterality R');
  // No CT presets for MR: its units are not absolute.
  await expect(page.getByRole('button', { name: 'Lung', exact: true })).toHaveCount(0);
  // Its one stored window is offered as the default.
  await expect(page.getByRole('button', { name: 'Default', exact: true })).toBeVisible();
});

test('a corrupt instance is marked and the rest of the series renders', async ({ page }) => {
  // A failed image is reported in the viewer, never left as an uncaught error in the page.
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const key = 'corrupt-middle';
  const { series } = findSeries(key);
  const corruptNumber = series.corruptInstanceNumbers[0] ?? 5;
  const corruptIndex = stackIndexOf(key, corruptNumber);
  await openSeries(page, key);
  await waitForSeriesLoaded(page);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toHaveAttribute('data-failed', '1');
  await expect(progress).toHaveAttribute('data-loaded', String(series.instances.length - 1));
  await expect(page.getByTestId('failed-images')).toContainText('1 image could not be displayed');
  await expect(page.getByTestId('failed-images')).toContainText(`Image ${corruptIndex + 1}`);

  await goToImage(page, corruptIndex);
  await expect(page.getByTestId('image-error')).toContainText(`Image ${corruptIndex + 1} cannot be displayed`);

  const neighbour = corruptIndex + 1 < series.instances.length ? corruptIndex + 1 : corruptIndex - 1;
  await goToImage(page, neighbour);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
  const pixels = await snapshot(page);
  expect(mean(pixels)).toBeGreaterThan(5);
  expect(pageErrors).toEqual([]);
});

test('multi-frame cine plays and pauses with Space', async ({ page }) => {
  const key = 'us-echo-cine';
  const { series } = findSeries(key);
  await openSeries(page, key);
  await waitForSeriesLoaded(page);
  const frameNumber = async () => Number(/Fr (\d+)\//.exec((await page.getByTestId('overlay-image-number').textContent()) ?? '')?.[1]);
  await expect(page.getByTestId('overlay-image-number')).toHaveText(`Fr 1/${series.numberOfFrames}`);
  const first = await snapshot(page);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(frameNumber).toBeGreaterThan(3);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const stoppedAt = await frameNumber();
  await page.waitForTimeout(300);
  expect(await frameNumber()).toBe(stoppedAt);
  expect(sameShapeDifference(first, await snapshot(page))).toBeGreaterThan(0.1);
});

test('the series browser shows an archive-rendered thumbnail of each series', async ({ page }) => {
  const { study } = findSeries('ts-implicit-le');
  await openSeries(page, 'ts-implicit-le');
  const seriesButtons = page.getByRole('navigation', { name: 'Series' }).getByRole('button');
  await expect(seriesButtons).toHaveCount(study.series.length);
  // Thumbnails come after the first image; each ends as a picture or a "No preview" label.
  const thumbnail = page.getByRole('button', { name: /^#101 / }).locator('img');
  await expect(thumbnail).toHaveJSProperty('complete', true);
  const stats = await thumbnail.evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return { width: 0, mean: 0 };
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let total = 0;
    for (let i = 0; i < data.length; i += 4) total += data[i] as number;
    return { width: canvas.width, mean: total / (data.length / 4) };
  });
  expect(stats.width).toBe(128);
  // The phantom (body, lungs) is visible: not the black of a missing picture.
  expect(stats.mean).toBeGreaterThan(20);
});

test('pixels an archive mislabels are refused, not shown as noise', async ({ page }) => {
  // Orthanc 1.10 cannot serve HTJ2K frames as stored; the viewer then decodes the stored
  // instance itself. Take that away and the archive's own choice is left: the HTJ2K
  // codestream labelled as uncompressed. The viewer must say so and show nothing.
  await page.route(/\/instances\/[^/]+$/, (route) => route.fulfill({ status: 503, body: '' }));
  const key = 'ts-htj2k-lossless';
  const { study, series } = findSeries(key);
  await page.goto(`/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`);
  await expect(page.getByTestId('image-error')).toContainText('Image 1 cannot be displayed');
  await expect(page.getByTestId('image-error')).toContainText('does not fit the image');
  await expect(page.getByTestId('viewport')).not.toHaveAttribute('data-image-rect', /\d/);
});

test('a slice asked for before the series metadata has arrived waits for it instead of failing to decode', async ({ page }) => {
  // The first image needs only its own instance's metadata; hold the rest of the series' back.
  let releaseMetadata: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (releaseMetadata = resolve));
  await page.route(/\/series\/[^/]+\/metadata$/, async (route) => {
    await held;
    await route.continue();
  });
  await openSeries(page, CT);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await page.keyboard.press('End');
  await page.waitForTimeout(500);
  releaseMetadata();
  const last = findSeries(CT).series.instances.length - 1;
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image-index', String(last));
  await expect(page.getByTestId('overlay-image-number')).toHaveText(`Im ${last + 1}/${last + 1}`);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
  await waitForSeriesLoaded(page);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
});

test('a viewport that changes size before its first image shows that image fitted to its new size', async ({ page }) => {
  // Once in CI (a phone, its layout settling) the image came up at 0.985 of the fit: the empty
  // viewport's camera, kept across the resize, set the zoom its first image inherited.
  const { series } = findSeries(CT);
  // Every way the first image's pixels could come: its frame, and the series retrieve.
  const releaseFrames = await holdRequests(page, /\/frames\/\d+$/);
  const releaseSeries = await holdRequests(page, /\/studies\/[^/]+\/series\/[^/]+$/);
  await page.setViewportSize({ width: 600, height: 700 });
  await page.goto(viewerUrl(CT));
  const viewport = page.getByTestId('viewport').first();
  // The rendering engine holds the element (its canvas is in), and no image is on it yet.
  await expect(viewport.locator('canvas.cornerstone-canvas')).toHaveCount(1);
  await expect(viewport).not.toHaveAttribute('data-fit-zoom', /./);
  // The viewer watches its element's size from just after the canvas is in: one change, then another.
  for (const height of [760, 860]) {
    await page.waitForTimeout(300);
    await page.setViewportSize({ width: 600, height });
  }
  releaseFrames();
  releaseSeries();
  await expect(viewport).toHaveAttribute('data-image-index', '0');
  await expect(viewport).toHaveAttribute('data-fit-zoom', '1.000');
  const { x, y, width, height } = await imageRectOf(viewport);
  const box = await viewport.locator('canvas.cornerstone-canvas').boundingBox();
  // Fitted: as large as the canvas allows in one direction, and centred in both.
  expect(Math.min(Math.abs(width - (box?.width ?? 0)), Math.abs(height - (box?.height ?? 0)))).toBeLessThan(1);
  expect(Math.abs(x + width / 2 - (box?.width ?? 0) / 2)).toBeLessThan(1);
  expect(Math.abs(y + height / 2 - (box?.height ?? 0) / 2)).toBeLessThan(1);
  await expect(page.getByTestId('viewport-cell').first()).toHaveAttribute('data-series-uid', series.seriesInstanceUid);
});
