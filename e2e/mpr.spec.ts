import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import type { MprPlane } from '../packages/render/src/mpr';
import { CT_KEY, chestFeature } from './support/phantom';
import { openSeries, settle, waitForSeriesLoaded } from './support/viewer';

/**
 * MPR of the chest phantom. Expected gray levels come from the phantom's definition
 * (scripts/corpus/phantoms.mjs: table 250 HU, vertebral body 220 HU, disc 85 HU, spinal canal
 * 15 HU, air) through the window set here, at patient points mapped to the canvas with the
 * transform each plane publishes.
 */

const WINDOW = { width: 2000, center: 300 };

/** The gray level a HU value gets under WINDOW (linear, clipped). */
function grayOf(hu: number): number {
  const low = WINDOW.center - WINDOW.width / 2;
  return Math.min(255, Math.max(0, ((hu - low) / WINDOW.width) * 255));
}

interface PlaneTransform {
  focalPoint: number[];
  canvasOfFocalPoint: number[];
  canvasPerMm: number[];
}

async function transformOf(page: Page, plane: MprPlane): Promise<PlaneTransform> {
  const element = page.getByTestId(`mpr-${plane}`);
  const read = async (name: string) => ((await element.getAttribute(name)) ?? '').split(',').map(Number);
  return { focalPoint: await read('data-focal-point'), canvasOfFocalPoint: await read('data-canvas-of-focal-point'), canvasPerMm: await read('data-canvas-per-mm') };
}

/** Canvas CSS position of a patient point in a plane (the point's off-plane part is ignored by the projection). */
function canvasOf(transform: PlaneTransform, world: [number, number, number]): [number, number] {
  let [u, v] = transform.canvasOfFocalPoint as [number, number];
  for (let axis = 0; axis < 3; axis += 1) {
    const delta = (world[axis] as number) - (transform.focalPoint[axis] as number);
    u += (transform.canvasPerMm[axis * 2] as number) * delta;
    v += (transform.canvasPerMm[axis * 2 + 1] as number) * delta;
  }
  return [u, v];
}

/** Mean gray of a 3×3 CSS-pixel patch of a plane's canvas around a patient point. */
async function grayAt(page: Page, plane: MprPlane, world: [number, number, number]): Promise<number> {
  const [u, v] = canvasOf(await transformOf(page, plane), world);
  return page.evaluate(
    ({ plane, u, v }) => {
      const canvas = document.querySelector(`[data-testid="mpr-${plane}"] canvas`) as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(Math.round(u * ratio) - 1, Math.round(v * ratio) - 1, 3, 3).data;
      let total = 0;
      for (let i = 0; i < 9; i += 1) total += data[i * 4] as number;
      return total / 9;
    },
    { plane, u, v },
  );
}

async function pageOf(page: Page, plane: MprPlane, world: [number, number, number]): Promise<{ x: number; y: number }> {
  const [u, v] = canvasOf(await transformOf(page, plane), world);
  const box = await page.getByTestId(`mpr-${plane}`).boundingBox();
  if (!box) throw new Error(`no ${plane} plane`);
  return { x: Math.round(box.x + u), y: Math.round(box.y + v) };
}

function decodedBytes(page: Page): Promise<number> {
  return page.evaluate(() => {
    const gauge = (window as Window & { __longviewMemory?: { decodedImageBytes: number } }).__longviewMemory;
    if (!gauge) throw new Error('The viewer publishes no memory gauge on this page.');
    return gauge.decodedImageBytes;
  });
}

async function enterMpr(page: Page): Promise<void> {
  await openSeries(page, CT_KEY);
  await waitForSeriesLoaded(page);
  const stackBytes = await decodedBytes(page);
  await page.keyboard.press('m');
  const mpr = page.getByTestId('mpr');
  await expect(mpr).toHaveAttribute('data-status', 'showing');
  await expect.poll(async () => Number(await mpr.getAttribute('data-loaded'))).toBe(Number(await mpr.getAttribute('data-total')));
  // What the volume adds to the decoded-image cache (its voxels are the stack's cached images).
  test.info().annotations.push({ type: 'decoded-bytes', description: `stack ${stackBytes}, with MPR ${await decodedBytes(page)}` });
  await mpr.getByLabel('Window width', { exact: true }).fill(String(WINDOW.width));
  await mpr.getByLabel('Window level', { exact: true }).fill(String(WINDOW.center));
  await mpr.getByRole('button', { name: 'Apply' }).click();
  await settle(page);
}

async function markers(page: Page, plane: MprPlane) {
  const text = (edge: string) => page.getByTestId(`mpr-${plane}-marker-${edge}`).textContent();
  return { left: await text('left'), right: await text('right'), top: await text('top'), bottom: await text('bottom') };
}

test('M shows axial, sagittal and coronal planes with their orientation; Esc returns to the stack', async ({ page }) => {
  await enterMpr(page);
  expect(await markers(page, 'axial')).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  expect(await markers(page, 'sagittal')).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
  expect(await markers(page, 'coronal')).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('mpr')).toHaveCount(0);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
});

test('the sagittal plane through the midline shows the phantom spine, canal and table at their HU', async ({ page }) => {
  await enterMpr(page);
  const { focalPoint } = await transformOf(page, 'sagittal');
  // The volume is centred on x = 0: the sagittal plane cuts the spine in the midline.
  expect(Math.abs(focalPoint[0] as number)).toBeLessThan(0.5);
  const x = focalPoint[0] as number;
  // z = -100: 100 mod 26 = 22, outside a disc (phantoms.mjs paintSpine); z = -106.25 lies in one.
  const expectations: Array<{ what: string; world: [number, number, number]; hu: number }> = [
    { what: 'table', world: [x, 131, -100], hu: 250 },
    { what: 'vertebral body', world: [x, 70, -100], hu: 220 },
    { what: 'intervertebral disc', world: [x, 70, -106.25], hu: 85 },
    { what: 'spinal canal', world: [x, 96, -100], hu: 15 },
    { what: 'air in front of the chest', world: [x, -150, -100], hu: -1000 },
    { what: 'trachea', world: [x, -22, -40], hu: -1000 },
  ];
  for (const { what, world, hu } of expectations) {
    const gray = await grayAt(page, 'sagittal', world);
    expect(Math.abs(gray - grayOf(hu)), `${what}: gray ${gray.toFixed(1)} for ${hu} HU`).toBeLessThanOrEqual(8);
  }
});

test('moving the crosshair in the axial plane moves the other planes; a MIP slab shows a nodule the thin plane misses', async ({ page }) => {
  await enterMpr(page);
  const nodule = chestFeature('calcified-nodule-left-lung');
  const before = await transformOf(page, 'axial');
  const axialZ = before.focalPoint[2] as number;
  // A sagittal plane 2 mm lateral to the nodule's edge: it misses the sphere.
  const planeX = nodule.center[0] + nodule.radiusMm + 2;
  const from = await pageOf(page, 'axial', before.focalPoint as [number, number, number]);
  const to = await pageOf(page, 'axial', [planeX, nodule.center[1], axialZ]);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await settle(page);

  await expect.poll(async () => Math.abs(((await transformOf(page, 'sagittal')).focalPoint[0] as number) - planeX)).toBeLessThan(1);
  await expect.poll(async () => Math.abs(((await transformOf(page, 'coronal')).focalPoint[1] as number) - nodule.center[1])).toBeLessThan(1);
  expect(Math.abs(((await transformOf(page, 'axial')).focalPoint[2] as number) - axialZ)).toBeLessThan(0.01);

  const noduleCentre: [number, number, number] = [planeX, nodule.center[1], nodule.center[2]];
  const thin = await grayAt(page, 'sagittal', noduleCentre);
  expect(thin, 'thin plane: lung').toBeLessThan(grayOf(-600));

  await page.getByLabel('Slab thickness').selectOption('10');
  await expect(page.getByRole('button', { name: 'MIP' })).toHaveAttribute('aria-pressed', 'true');
  await settle(page);
  await expect.poll(() => grayAt(page, 'sagittal', noduleCentre), { message: '10 mm MIP slab reaches the 450 HU nodule' }).toBeGreaterThan(grayOf(300));
  await page.getByRole('button', { name: 'MinIP' }).click();
  await settle(page);
  await expect.poll(() => grayAt(page, 'sagittal', noduleCentre)).toBeLessThan(grayOf(-600));
});
