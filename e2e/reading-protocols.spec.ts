import { expect, test } from './support/test';
import { findSeries } from './support/corpus';
import { cell, displayOrder, studyUrl, waitForCellImage } from './support/grid';

// Opening a study without a series in the URL hangs it by its protocol (packages/hanging-protocols).

test('the CT chest opens beside its prior: 1 × 2, current left, prior right, under its own banner', async ({ page }) => {
  const current = findSeries('ct-chest-axial');
  const prior = findSeries('ct-chest-prior-axial');
  expect(prior.patient.person).toBe('alice');
  // Finding the prior asks for the patient's own studies only, never by name and birth date.
  const nameSearches: string[] = [];
  page.on('request', (request) => {
    if (/[?&]PatientName=/i.test(request.url())) nameSearches.push(request.url());
  });
  await page.goto(studyUrl('ct-chest-axial'));
  const grid = page.getByTestId('viewport-grid');
  await expect(grid).toHaveAttribute('data-layout', '1x2');
  await expect(page.getByTestId('hanging-protocol')).toHaveText('CT chest: current and prior');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', current.series.seriesInstanceUid);
  await expect(cell(page, 0)).toHaveAttribute('data-study-uid', current.study.studyInstanceUid);
  await expect(cell(page, 0)).toHaveAttribute('data-study-role', 'current');
  await expect(cell(page, 1)).toHaveAttribute('data-series-uid', prior.series.seriesInstanceUid);
  await expect(cell(page, 1)).toHaveAttribute('data-study-uid', prior.study.studyInstanceUid);
  await expect(cell(page, 1)).toHaveAttribute('data-study-role', 'prior');
  await waitForCellImage(page, 0);
  await waitForCellImage(page, 1);

  // The prior says it is one, with its date; its overlay names the patient from its own images.
  const banner = cell(page, 1).getByTestId('prior-banner');
  await expect(banner).toContainText('PRIOR');
  await expect(banner).toContainText('2022-10-17');
  await expect(banner).toHaveAttribute('data-study-uid', prior.study.studyInstanceUid);
  await expect(cell(page, 0).getByTestId('prior-banner')).toHaveCount(0);
  await expect(cell(page, 1).getByTestId('overlay-patient-id')).toHaveText('LV-0001');
  await expect(cell(page, 1).getByTestId('overlay-study-date')).toHaveText('2022-10-17');
  await expect(cell(page, 0).getByTestId('overlay-study-date')).toHaveText('2024-01-15');
  await expect(cell(page, 1).getByTestId('overlay-image-number')).toHaveText(`Im 1/${prior.series.instances.length}`);

  // The arrangement is in the URL as UIDs and numbers only: reloading shows the same.
  const url = new URL(page.url());
  expect(url.searchParams.get('layout')).toBe('1x2');
  expect(url.searchParams.get('cells')).toBe(`c:${current.series.seriesInstanceUid},p:${prior.series.seriesInstanceUid}`);
  expect(url.searchParams.get('prior')).toBe(`radiology:${prior.study.studyInstanceUid}`);
  expect(url.search).toMatch(/^[?\w=&%.:-]+$/);
  expect(url.search).not.toMatch(/LV-0001|ALICE|1961/i);
  await page.reload();
  await expect(cell(page, 1)).toHaveAttribute('data-series-uid', prior.series.seriesInstanceUid);
  await waitForCellImage(page, 1);
  expect(nameSearches).toEqual([]);
});

test('a link naming another patient’s study as prior never shows it', async ({ page }) => {
  const current = findSeries('ct-chest-axial');
  const stranger = findSeries('mr-knee-sagittal'); // bob's study, same archive
  await page.goto(`/viewer/radiology/${current.study.studyInstanceUid}?layout=1x2&cells=c:${current.series.seriesInstanceUid},p:${stranger.series.seriesInstanceUid}&prior=radiology:${stranger.study.studyInstanceUid}`);
  await waitForCellImage(page, 0);
  await expect(cell(page, 1).getByTestId('empty-cell')).toContainText('not one of this patient');
  await expect(cell(page, 1).getByTestId('viewport')).toHaveCount(0);
});

test('the MR brain hangs T1, T2, FLAIR and the sagittal by description, with reference lines', async ({ page }) => {
  const byKey = (key: string) => findSeries(key).series;
  await page.goto(studyUrl('mr-brain-t1'));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  const expected = ['mr-brain-t1', 'mr-brain-t2', 'mr-brain-flair', 'mr-brain-sag-t1'];
  for (const [index, key] of expected.entries()) {
    await expect(cell(page, index)).toHaveAttribute('data-series-uid', byKey(key).seriesInstanceUid);
    await waitForCellImage(page, index);
    await expect(cell(page, index).getByTestId('overlay-series')).toContainText(byKey(key).seriesDescription);
  }

  // The active axial's level is drawn on the sagittal of the same frame of reference.
  const axial = displayOrder('mr-brain-t1');
  const line = cell(page, 3).getByTestId('reference-line');
  const zOfLine = async () => Number(((await line.getAttribute('data-world')) ?? '').split(';')[0]?.split(',')[2]);
  await expect.poll(zOfLine).toBeCloseTo(axial[0]?.imagePositionPatient?.[2] ?? Number.NaN, 2);
  await cell(page, 0).getByTestId('stack-scrollbar').fill('9');
  await expect(cell(page, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '9');
  await expect.poll(zOfLine).toBeCloseTo(axial[9]?.imagePositionPatient?.[2] ?? Number.NaN, 2);
  // A horizontal line: both ends at the same height on screen.
  const [y1, y2] = await Promise.all([line.getAttribute('y1'), line.getAttribute('y2')]);
  expect(Math.abs(Number(y1) - Number(y2))).toBeLessThan(0.5);
  // Parallel axial sequences get no line; switching lines off (q) removes it.
  await expect(cell(page, 1).getByTestId('reference-line')).toHaveCount(0);
  await page.keyboard.press('q');
  await expect(line).toHaveCount(0);
});

test('the mammogram hangs 4-up: R beside L, CC over MLO, one image per viewport', async ({ page }) => {
  const { series } = findSeries('mg-screening');
  const view = (laterality: string, position: string) => {
    const instance = series.instances.find((i) => i.imageLaterality === laterality && i.viewPosition === position);
    if (!instance) throw new Error(`no ${laterality}${position}`);
    return instance;
  };
  // Stored in another order than hung, so the placement cannot be by instance order.
  expect(series.instances.map((i) => `${i.imageLaterality}${i.viewPosition}`)).toEqual(['LCC', 'RCC', 'LMLO', 'RMLO']);
  await page.goto(studyUrl('mg-screening'));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  const expected = [view('R', 'CC'), view('L', 'CC'), view('R', 'MLO'), view('L', 'MLO')];
  for (const [index, instance] of expected.entries()) {
    await expect(cell(page, index)).toHaveAttribute('data-series-uid', series.seriesInstanceUid);
    await expect(cell(page, index)).toHaveAttribute('data-sop-instance-uid', instance.sopInstanceUid);
    await waitForCellImage(page, index);
    await expect(cell(page, index).getByTestId('overlay-laterality')).toHaveText(`Laterality ${instance.imageLaterality}`);
    await expect(cell(page, index).getByTestId('overlay-image-number')).toHaveText('Im 1/1');
  }
});

test('a chest radiograph opens beside its prior; a study without a protocol opens alone', async ({ page }) => {
  const current = findSeries('xr-chest-pa');
  const prior = findSeries('xr-chest-prior-pa');
  await page.goto(studyUrl('xr-chest-pa'));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '1x2');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', current.series.seriesInstanceUid);
  await expect(cell(page, 1)).toHaveAttribute('data-series-uid', prior.series.seriesInstanceUid);
  await expect(cell(page, 1).getByTestId('prior-banner')).toContainText('2023-01-20');
  await waitForCellImage(page, 1);

  const knee = findSeries('mr-knee-sagittal');
  await page.goto(studyUrl('mr-knee-sagittal'));
  await expect(page.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '1x1');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', knee.series.seriesInstanceUid);
  await expect(page).toHaveURL(new RegExp(`\\?series=${knee.series.seriesInstanceUid.replaceAll('.', '\\.')}$`));
});
