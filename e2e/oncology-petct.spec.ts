import { FUSION_COLORMAPS } from '../packages/render/src/plain';
import { corpus, viewerUrl } from './support/corpus';
import { numberOf, measurementValue } from './support/measure';
import { cell, colourAt, openPetCtStudy, pagePointOfWorld, petCtStudies, screenRgbAt, suvFromHeader } from './support/oncology';
import { pagePointOfPixel } from './support/phantom';
import { stackIndexOf } from './support/viewer';
import { expect, test } from './support/test';

/**
 * The tumour board's PET/CT (issue 27), against the real token-protected Orthanc after an EHR
 * launch: the protocol's four cells, SUVbw read by the probe against the value this test
 * computes from each instance's own header, and the fusion's pixels against the colour map's
 * definition blended over the CT at the set opacity.
 */

test.describe.configure({ timeout: 180_000 });
// A board-room screen: the 2 × 2 gives each cell room for its toolbars and a readable image.
test.use({ viewport: { width: 1600, height: 1200 } });

test('a PET/CT opens as CT, PET, fusion and MIP; the probe reads SUVbw at three voxels as the header gives it', async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  await openPetCtStudy(page, baseURL as string, staging.study);

  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', staging.ct.seriesInstanceUid);
  await expect(cell(page, 1)).toHaveAttribute('data-series-uid', staging.pt.seriesInstanceUid);
  await expect(cell(page, 2).getByTestId('fusion-viewport')).toHaveAttribute('data-status', 'showing', { timeout: 90_000 });
  await expect(cell(page, 3).getByTestId('pet-mip-viewport')).toHaveAttribute('data-status', 'showing', { timeout: 90_000 });
  // Patient context on the fusion, as on every viewport.
  await expect(cell(page, 2).getByTestId('overlay-patient-id')).toHaveText('O-4410');

  const petCell = cell(page, 1);
  await expect(petCell.getByTestId('suv-status')).toHaveAttribute('data-suv', 'available');
  await expect(petCell.getByTestId('suv-status')).toHaveText('Values: SUVbw (g/ml)');
  const petViewport = petCell.getByTestId('viewport');
  await petCell.click({ position: { x: 5, y: 60 } });
  await expect(petViewport).toHaveAttribute('data-mouse-tools', 'ready');

  const probes = staging.pt.pet.probeVoxels.slice(0, 3);
  expect(probes.map((p) => p.region)).toEqual(expect.arrayContaining(['Tumor']));
  for (const [i, probe] of probes.entries()) {
    const index = stackIndexOf(staging.pt.key, probe.instanceNumber);
    await petCell.getByTestId('stack-scrollbar').fill(String(index));
    await expect(petViewport).toHaveAttribute('data-image-index', String(index));
    // On screen, not only asked for: with the fusion and MIP volumes loading beside it, the PET
    // slice can arrive seconds later, and a probe meanwhile measures the slice still shown.
    await expect(petViewport).toHaveAttribute('data-shown-index', String(index), { timeout: 60_000 });
    await page.keyboard.press('p');
    const at = await pagePointOfPixel(page, { rows: staging.pt.rows, columns: staging.pt.columns }, probe, petViewport);
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('measurement')).toHaveCount(i + 1);
    const file = staging.pt.instances.find((instance) => instance.instanceNumber === probe.instanceNumber)?.file as string;
    const expected = suvFromHeader(file, probe.storedValue);
    const shown = await numberOf(page, i, 'Value');
    expect(Math.abs(shown - expected) / expected, `${probe.name}: ${shown} vs ${expected}`).toBeLessThan(0.01);
    // And the generator's own truth agrees with the header.
    expect(Math.abs(expected - (probe.suvbw as number)) / expected).toBeLessThan(1e-6);
    await expect(measurementValue(page, i, 'Value')).toHaveAttribute('data-unit', 'g/ml');
    await expect(measurementValue(page, i, 'Value').locator('dt')).toHaveText('SUVbw');
  }
});

test('the fusion lays the PET colour over the CT at the set opacity at a lesion, and leaves the CT alone in the background', async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { pet } = staging.pt;
  const tumor = pet.lesions.find((lesion) => lesion.name === 'Tumor');
  const background = pet.probeVoxels.find((probe) => probe.region === 'soft tissue');
  if (!tumor || !background) throw new Error('the corpus has no tumor, or no soft-tissue probe');
  await openPetCtStudy(page, baseURL as string, staging.study);

  const fusion = cell(page, 2).getByTestId('fusion-viewport');
  await expect(fusion).toHaveAttribute('data-status', 'showing', { timeout: 90_000 });
  await expect(fusion).toHaveAttribute('data-loaded', 'true', { timeout: 90_000 });
  const opacity = cell(page, 2).getByTestId('fusion-opacity');
  // The study's segmentation is drawn over the fusion too (its Tumor is this lesion): off, so
  // what is measured is the PET laid over the CT alone.
  await page.getByTestId('segmentation-panel').getByTestId('segmentation').getByLabel('Opacity').fill('0');
  await expect(cell(page, 2).getByTestId('fusion-labelmap')).toHaveAttribute('data-segmentations', '1');

  /** The fused pixel at a point of a CT slice, at opacity 0 (the CT alone) and 50 %. */
  async function atPoint(instanceNumber: number, world: readonly [number, number, number]) {
    // Scrolling the CT moves the fusion to the same slice (same positions: same index).
    const index = stackIndexOf(staging?.ct.key as string, instanceNumber);
    await cell(page, 0).getByTestId('stack-scrollbar').fill(String(index));
    await expect(fusion).toHaveAttribute('data-image-index', String(index));
    // Only the active cell shows its toolbar.
    await cell(page, 2).click({ position: { x: 5, y: 60 } });
    await expect(opacity).toBeVisible();
    // Move the pointer away: the screen is read as a reader sees it.
    await page.mouse.move(0, 0);
    const read = async () => screenRgbAt(page, await pagePointOfWorld(page, fusion, world));
    await opacity.fill('0');
    await expect(fusion).toHaveAttribute('data-opacity', '0');
    await page.waitForTimeout(300);
    const ctAlone = await read();
    await opacity.fill('50');
    await expect(fusion).toHaveAttribute('data-opacity', '0.5');
    await page.waitForTimeout(300);
    return { ctAlone, fused: await read() };
  }

  await expect(fusion).toHaveAttribute('data-colormap', 'hot-iron');
  const [lower, upper] = ((await fusion.getAttribute('data-pet-range')) ?? '').split(',').map(Number) as [number, number];
  const threshold = Number(await fusion.getAttribute('data-pet-threshold'));
  // The range is SUV 0–6 in the Bq/ml the volume holds; colour starts at 20 % of it.
  expect(upper * (pet.suvbwPerBqml as number)).toBeCloseTo(6, 6);
  expect(lower).toBe(0);
  expect(threshold).toBeCloseTo(0.2 * upper, 6);
  expect(tumor.activityBqml).toBeGreaterThan(threshold);
  expect(background.value).toBeLessThan(threshold);

  const lesion = await atPoint(tumor.centerInstanceNumber, tumor.center);
  const colour = colourAt(FUSION_COLORMAPS['hot-iron'].rgbPoints, (tumor.activityBqml - lower) / (upper - lower));
  const expected = lesion.ctAlone.map((gray, k) => 0.5 * gray + 0.5 * (colour[k] as number));
  for (let k = 0; k < 3; k += 1) {
    expect(Math.abs((lesion.fused[k] as number) - (expected[k] as number)), `channel ${k}: ${lesion.fused} vs ${expected}`).toBeLessThanOrEqual(3);
  }
  // The CT under the lesion is gray; the fused pixel is not.
  expect(new Set(lesion.ctAlone).size).toBe(1);

  const soft = await atPoint(background.instanceNumber, background.position);
  for (let k = 0; k < 3; k += 1) expect(Math.abs((soft.fused[k] as number) - (soft.ctAlone[k] as number)), `${soft.fused} vs ${soft.ctAlone}`).toBeLessThanOrEqual(3);
});

test('a PET whose header cannot support SUV says why and shows its stored units; its images still display', async ({ page }) => {
  const hostile = corpus().patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.modality === 'PT' && s.hostileCase);
  const expectations: Record<string, RegExp> = {
    'pet-no-weight': /^SUV not available: the series has no patient weight\. Values are in Bq\/ml\.$/,
    'pet-no-decay': /^SUV not available: the series has no injected dose\. Values are in Bq\/ml\.$/,
    'pet-counts': /^SUV not available: the series stores counts \(CNTS\), not activity concentration in Bq\/ml\. Values are in counts\.$/,
  };
  expect(hostile.map((s) => s.hostileCase).sort()).toEqual(Object.keys(expectations).sort());
  for (const series of hostile) {
    await page.goto(viewerUrl(series.key));
    const viewport = page.getByTestId('viewport');
    await expect(viewport).toHaveAttribute('data-image-rect', /\d/);
    await expect(page.getByTestId('suv-status')).toHaveAttribute('data-suv', 'unavailable');
    await expect(page.getByTestId('suv-status')).toHaveText(expectations[series.hostileCase as string] as RegExp);
    // A probe reads the stored units, never g/ml.
    await expect(viewport).toHaveAttribute('data-mouse-tools', 'ready');
    await page.keyboard.press('p');
    const box = await viewport.boundingBox();
    if (!box) throw new Error('no viewport');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('measurement')).toHaveCount(1);
    await expect(measurementValue(page, 0, 'Value')).toHaveAttribute('data-unit', series.hostileCase === 'pet-counts' ? 'counts' : 'Bq/ml');
    await page.getByRole('button', { name: /Delete probe measurement/ }).click();
  }
});
