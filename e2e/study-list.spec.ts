import { expect, test } from './support/test';
import { startArchive, stopArchive } from '../scripts/archive/orthanc-control.mjs';
import { corpus, findSeries, isInOpenArchive } from './support/corpus';
import { openSeries, waitForImage } from './support/viewer';
import { expectListedCount, listedStudyUids, rowOfStudy, studyRows } from './support/studyList';
import { askedBy } from './support/requests.mjs';

// Without a sign-in the token-protected archive shows nothing (its notice: e2e/smart-launch.spec.ts).
const allStudies = () => corpus().patients.filter(isInOpenArchive).flatMap((p) => p.studies.map((s) => ({ patient: p, study: s })));

test('lists every study of every archive, newest first, and opens one', async ({ page }) => {
  await page.goto('/');
  // The table is virtualised: the whole list is read by scrolling (support/studyList.ts).
  const rows = studyRows(page);
  await expectListedCount(page, allStudies().length);
  const uids = await listedStudyUids(page);
  const newestFirst = [...allStudies()].sort((a, b) => b.study.studyDate.localeCompare(a.study.studyDate));
  const expected = newestFirst.map((s) => s.study.studyInstanceUid);
  // Studies of all four archives, the static DICOMweb tree included.
  expect(new Set(newestFirst.map((s) => s.study.archive))).toEqual(new Set(['radiology', 'cardiology', 'pathology', 'clinics']));
  expect(uids).toEqual(expected);

  await page.getByRole('button', { name: /Study date/ }).click();
  expect(await rows.first().getAttribute('data-study-uid')).toBe(expected[expected.length - 1]);

  // Keyboard: arrows move between rows, Enter opens the focused study.
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  const secondOldest = newestFirst[newestFirst.length - 2]?.study;
  await expect(page).toHaveURL(new RegExp(`/viewer/${secondOldest?.archive}/${(secondOldest?.studyInstanceUid ?? '').replaceAll('.', '\\.')}`));
  await page.goBack();
  await expectListedCount(page, allStudies().length);
  // The list comes back as it was left: still oldest first.
  expect(await rows.first().getAttribute('data-study-uid')).toBe(expected[expected.length - 1]);

  const { study } = findSeries('ct-chest-axial');
  const row = await rowOfStudy(page, study.studyInstanceUid);
  // Identity context in every row: name, ID, birth date and sex, and the series / image counts.
  await expect(row.locator('td')).toHaveText(['LONGVIEW, ALICE', 'LV-0001', '1961-04-12 F', study.studyDate.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'), study.studyDescription, 'CT', study.accessionNumber, `${study.series.length} / ${study.series.reduce((n, s) => n + s.instances.length, 0)}`, 'Radiology PACS', 'Timeline']);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/viewer/radiology/${study.studyInstanceUid.replaceAll('.', '\\.')}`));
  await waitForImage(page);
  await expect(page.getByTestId('banner-patient-id')).toHaveText('LV-0001');
});

test('each archive\'s first request of the opening search is the boot script\'s, taken over by the app: none is asked twice', async ({ page }) => {
  // The boot script asks with fetch before the app has loaded; the app's DICOMweb client asks with XHR.
  const asked: Array<{ archive: string; request: string; by: 'boot' | 'app' }> = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const search = /^\/dicomweb\/([a-z-]+)\/studies$/.exec(url.pathname);
    if (!search?.[1]) return;
    const params = Object.fromEntries(url.searchParams);
    delete params.includefield;
    asked.push({ archive: search[1], request: `${search[1]} ${JSON.stringify(params)}`, by: askedBy(request) });
  });
  await page.goto('/');
  await expectListedCount(page, allStudies().length);
  await expect(page.getByTestId('study-list-status')).not.toContainText('Searching');
  // Every archive without sign-in: its first request is the boot script's, one study beyond the limit of 200 in one page (all of the static tree).
  for (const archive of ['radiology', 'cardiology', 'pathology']) {
    expect(asked.find((line) => line.archive === archive)).toEqual({ archive, request: `${archive} {"limit":"201","offset":"0"}`, by: 'boot' });
  }
  expect(asked.find((line) => line.archive === 'clinics')).toEqual({ archive: 'clinics', request: 'clinics {}', by: 'boot' });
  // The app lists from those answers (each archive here holds fewer than a page): nothing is asked twice, and the token-protected archive is never the boot script's.
  expect(new Set(asked.map((line) => line.request)).size).toBe(asked.length);
  expect(asked.filter((line) => line.archive === 'oncology' && line.by === 'boot')).toEqual([]);
});

test('searches by patient ID, name, modality, accession and date range', async ({ page }) => {
  await page.goto('/');
  const rows = studyRows(page);
  await expectListedCount(page, allStudies().length);

  await page.getByLabel('Patient ID').fill('LV-0002');
  await page.getByRole('button', { name: 'Search' }).click();
  const bob = corpus().patients.find((p) => p.patientId === 'LV-0002');
  await expect(rows).toHaveCount(bob?.studies.length ?? -1);

  await page.getByLabel('Modality').selectOption('MR');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-study-uid', findSeries('mr-knee-sagittal').study.studyInstanceUid);

  await page.getByLabel('Patient ID').fill('');
  await page.getByLabel('Modality').selectOption('');
  await page.getByLabel('Patient name').fill('longview^al');
  await page.getByRole('button', { name: 'Search' }).click();
  const alice = corpus().patients.find((p) => p.patientId === 'LV-0001');
  await expect(rows).toHaveCount(alice?.studies.length ?? -1);
  for (const name of await rows.locator('td:first-child').allTextContents()) expect(name).toBe('LONGVIEW, ALICE');

  await page.getByLabel('Patient name').fill('');
  await page.getByLabel('Accession').fill('ACC-CT-0001');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);

  await page.getByLabel('Accession').fill('');
  await page.getByLabel('From').fill('2023-01-01');
  await page.getByLabel('To').fill('2023-12-31');
  await page.getByRole('button', { name: 'Search' }).click();
  const in2023 = allStudies().filter((s) => s.study.studyDate.startsWith('2023'));
  await expectListedCount(page, in2023.length);
  expect((await listedStudyUids(page)).sort()).toEqual(in2023.map((s) => s.study.studyInstanceUid).sort());

  await page.getByLabel('Patient ID').fill('NO-SUCH-PATIENT');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No studies match these criteria.')).toBeVisible();
  // Searches stay out of the URL: names and IDs are patient data.
  expect(page.url()).not.toContain('NO-SUCH-PATIENT');
});

test('patient-supplied text is shown as text, never interpreted as HTML', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await page.goto('/');
  const html = corpus().patients.find((p) => p.patientId === 'LV-0004');
  if (!html) throw new Error('corpus lacks the HTML-text patient');
  const row = await rowOfStudy(page, html.studies[0]?.studyInstanceUid ?? '');
  await expect(row).toContainText('<script>alert(1)</script>');
  await expect(row.locator('script, img, b')).toHaveCount(0);
  await row.click();
  await waitForImage(page);
  await expect(page.getByTestId('banner-study-description')).toHaveText(html.studies[0]?.studyDescription ?? '');
  await expect(page.getByTestId('patient-banner').locator('script, img, b')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test.describe('archive outage', () => {
  test.afterEach(async () => {
    await startArchive('radiology');
  });

  test('Orthanc stopped: clear error and retry on the list; the viewer recovers after restart', async ({ page }) => {
    await stopArchive('radiology');
    await page.goto('/');
    const error = page.getByTestId('archive-error');
    await expect(error).toContainText('Radiology PACS');
    await expect(error).toContainText(/did not answer|not answering/);
    await expect(page.getByRole('button', { name: 'Search' })).toBeEnabled();
    // The other archives answer as usual.
    const elsewhere = allStudies().filter((s) => s.study.archive !== 'radiology');
    await expectListedCount(page, elsewhere.length);

    await startArchive('radiology');
    await error.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('archive-error')).toHaveCount(0);
    await expectListedCount(page, allStudies().length);

    // In the viewer: the archive goes away while a study is open, then comes back.
    await stopArchive('radiology');
    const { study, series } = findSeries('mr-knee-sagittal');
    await page.goto(`/viewer/radiology/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`);
    await expect(page.getByTestId('series-error')).toContainText('Radiology PACS');
    await startArchive('radiology');
    await page.getByTestId('series-error').getByRole('button', { name: 'Retry' }).click();
    await waitForImage(page);
    await expect(page.getByTestId('overlay-patient-id')).toHaveText('LV-0002');
  });
});

test('opening a series directly by URL needs only UIDs', async ({ page }) => {
  await openSeries(page, 'mr-knee-sagittal');
  const url = new URL(page.url());
  expect(url.pathname + url.search).toMatch(/^\/viewer\/radiology\/[\d.]+\?series=[\d.]+$/);
});
