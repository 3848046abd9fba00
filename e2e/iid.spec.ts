import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { REPO_ROOT, recordsOfPerson, studiesOfPerson, type CorpusPerson, type CorpusStudy } from './support/corpus';
import { askedBy } from './support/requests.mjs';

// IHE Invoke Image Display: the EHR's link lands on the right study or patient timeline, says
// which parameter is wrong, and never shows one patient's images for another.

interface ConfiguredArchive {
  id: string;
  name: string;
  auth?: { kind: string };
}
const CONFIG = JSON.parse(readFileSync(join(REPO_ROOT, 'public/config.json'), 'utf8')) as { archives: ConfiguredArchive[] };
/** Archives an IID launch can read: an IID link carries no token, so bearer-protected ones answer 401. */
const OPEN_ARCHIVES = new Set(CONFIG.archives.filter((a) => (a.auth?.kind ?? 'none') === 'none').map((a) => a.id));

const iid = (params: Record<string, string>) => `/IHEInvokeImageDisplay?${new URLSearchParams(params).toString()}`;
const studiesOf = (person: CorpusPerson) => studiesOfPerson(person).filter(({ study }) => OPEN_ARCHIVES.has(study.archive));
const recordOf = (person: CorpusPerson, archive: string) => {
  const record = recordsOfPerson(person).find((r) => r.archive === archive);
  if (!record) throw new Error(`${person} has no record in ${archive}`);
  return record;
};
const newestOf = (person: CorpusPerson, archive: string): CorpusStudy => {
  const study = [...recordOf(person, archive).studies].sort((a, b) => a.studyDate.localeCompare(b.studyDate)).at(-1);
  if (!study) throw new Error(`${person} has no study in ${archive}`);
  return study;
};
/** The study viewer's URL for a study (it may add its own view state, e.g. ?series=, after the path). */
const viewerUrlOf = (archive: string, studyUid: string) => new RegExp(`/viewer/${archive}/${studyUid.replaceAll('.', '\\.')}(\\?.*)?$`);
const uidsOf = (list: { study: CorpusStudy }[]) => list.map(({ study }) => study.studyInstanceUid).sort();

async function shownUids(page: Page): Promise<string[]> {
  return (await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.studyUid ?? ''))).sort();
}

/** Every patient ID of the corpus: none may appear in the app's URL after a launch. */
const ALL_PATIENT_IDS = [...new Set(['carol', 'alice', 'bob', 'carol-namesake', 'david-outside'].flatMap((p) => recordsOfPerson(p as CorpusPerson).map((r) => r.patientId)))];
function expectNoPatientIdInUrl(page: Page) {
  const url = decodeURIComponent(page.url());
  for (const patientId of ALL_PATIENT_IDS) expect(url, 'app URL after the launch').not.toContain(patientId);
  expect(url).not.toContain('patientID');
}

test('STUDY by study UID lands on that study in the viewer, under its patient banner', async ({ page }) => {
  const study = newestOf('carol', 'cardiology');
  await page.goto(iid({ requestType: 'STUDY', studyUID: study.studyInstanceUid }));
  await expect(page).toHaveURL(viewerUrlOf('cardiology', study.studyInstanceUid));
  await expect(page.getByTestId('banner-patient-id')).toHaveText(recordOf('carol', 'cardiology').patientId);
  await expect(page.getByTestId('banner-study-description')).toHaveText(study.studyDescription);
  // The launch page replaced itself: Back does not return to the launch URL.
  await page.goBack();
  expect(page.url()).not.toContain('IHEInvokeImageDisplay');
});

test('STUDY by accession number finds the study in whichever archive holds it', async ({ page }) => {
  const study = newestOf('carol', 'pathology');
  await page.goto(iid({ requestType: 'STUDY', accessionNumber: study.accessionNumber }));
  await expect(page).toHaveURL(viewerUrlOf('pathology', study.studyInstanceUid));
  await expect(page.getByTestId('banner-patient-id')).toHaveText(recordOf('carol', 'pathology').patientId);
  await expect(page.getByTestId('banner-study-description')).toHaveText(study.studyDescription);
});

test('several study UIDs of one patient (linked across archives) open her timeline showing those studies', async ({ page }) => {
  const named = [newestOf('carol', 'radiology'), newestOf('carol', 'cardiology')];
  await page.goto(iid({ requestType: 'STUDY', studyUID: named.map((s) => s.studyInstanceUid).join(',') }));
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('launch-scope')).toContainText('the 2 studies the EHR named');
  await expect.poll(() => shownUids(page)).toEqual(named.map((s) => s.studyInstanceUid).sort());
  expectNoPatientIdInUrl(page);

  // The whole history stays one click away.
  await page.getByRole('button', { name: 'Show the whole history' }).click();
  await expect.poll(() => shownUids(page)).toEqual(uidsOf(studiesOf('carol')));
});

test('several study UIDs of different patients are refused', async ({ page }) => {
  await page.goto(iid({ requestType: 'STUDY', studyUID: `${newestOf('carol', 'radiology').studyInstanceUid},${newestOf('bob', 'radiology').studyInstanceUid}` }));
  await expect(page.getByTestId('launch-refused')).toContainText('belong to different patients');
  await expect(page.getByTestId('viewport')).toHaveCount(0);
  await expect(page.getByTestId('timeline-entry')).toHaveCount(0);
  expectNoPatientIdInUrl(page);
});

test('PATIENT with a CX patient ID (OID issuer) lands on the timeline of every linked record', async ({ page }) => {
  const radiology = recordOf('carol', 'radiology');
  // Each study search: who asked (the boot script with fetch, the app's client with XHR), where, for which ID.
  const searches: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const archive = /^\/dicomweb\/([a-z-]+)\/studies$/.exec(url.pathname)?.[1];
    const patientId = url.searchParams.get('PatientID');
    if (archive && patientId) searches.push(`${archive} ${patientId} offset ${url.searchParams.get('offset')} by ${askedBy(request)}`);
  });
  // The OID form of the radiology authority, with HL7 subcomponents: R-100234^^^&2.16…1&ISO.
  await page.goto(iid({ requestType: 'PATIENT', patientID: `${radiology.patientId}^^^&2.16.840.1.113883.3.9999.1&ISO` }));
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect.poll(() => shownUids(page), { timeout: 20_000 }).toEqual(uidsOf(studiesOf('carol')));
  // The launched ID is searched for from the boot script, in each archive that filters, and the
  // app adopts each answer: no archive is asked for an ID twice.
  for (const archive of ['radiology', 'cardiology', 'pathology']) expect(searches).toContain(`${archive} ${radiology.patientId} offset 0 by boot`);
  const asked = searches.map((line) => line.replace(/ by \w+$/, ''));
  expect(new Set(asked).size).toBe(asked.length);
  // Never the same-ID stranger of another authority, nor the namesake.
  const strangers = [...studiesOfPerson('david-outside'), ...studiesOfPerson('carol-namesake')].map(({ study }) => study.studyInstanceUid);
  expect((await shownUids(page)).filter((uid) => strangers.includes(uid))).toEqual([]);
  await expect(page.getByTestId('banner-identifier').and(page.locator(`[data-patient-id="${radiology.patientId}"]`))).toHaveAttribute('data-issuer', 'LONGVIEW-RAD');
  expectNoPatientIdInUrl(page);

  // A reload keeps the launched patient (sessionStorage), still without the ID in the URL.
  await page.reload();
  await expect.poll(() => shownUids(page), { timeout: 20_000 }).toEqual(uidsOf(studiesOf('carol')));
});

test('PATIENT filters: dates and modalities narrow the entries; mostRecentResults keeps the newest', async ({ page }) => {
  const cardiology = recordOf('carol', 'cardiology');
  const carol = studiesOf('carol');
  const patientID = `${cardiology.patientId}^^^LONGVIEW-CARD`;

  await page.goto(iid({ requestType: 'PATIENT', patientID, lowerDateTime: '2021-01-01', upperDateTime: '2023-06-30T23:59:59', modalitiesInStudy: 'CT,MR' }));
  const expected = carol.filter(({ study }) => study.studyDate >= '20210101' && study.studyDate <= '20230630' && study.modalities.some((m) => m === 'CT' || m === 'MR'));
  expect(expected.length).toBeGreaterThan(1);
  await expect.poll(() => shownUids(page), { timeout: 20_000 }).toEqual(uidsOf(expected));
  await expect(page.getByTestId('launch-scope')).toContainText('with CT or MR from 2021-01-01 until 2023-06-30T23:59:59');

  await page.goto(iid({ requestType: 'PATIENT', patientID, mostRecentResults: '3' }));
  await expect.poll(() => shownUids(page), { timeout: 20_000 }).toEqual(uidsOf(carol.slice(-3)));
  expectNoPatientIdInUrl(page);
});

test('malformed parameters: one message per wrong parameter, naming it', async ({ page }) => {
  await page.goto(iid({ requestType: 'PATIENT', patientID: 'R-100234', mostRecentResults: 'ten', lowerDateTime: '2021-02-30', studyUID: '1.2.3' }));
  const problems = page.getByTestId('iid-problem');
  await expect(problems).toHaveCount(4);
  expect(await problems.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.parameter))).toEqual([
    'patientID',
    'studyUID',
    'mostRecentResults',
    'lowerDateTime',
  ]);
  await expect(problems.nth(0)).toHaveText('"patientID" names no assigning authority; give it as ID^^^Issuer (an ID alone could be anybody).');
  await expect(problems.nth(2)).toHaveText('"mostRecentResults" must be a whole number from 1 to 10000.');
  await expect(problems.nth(3)).toContainText('"lowerDateTime" must be an ISO 8601 date');
  expectNoPatientIdInUrl(page);

  await page.goto(iid({ requestType: 'SERIES' }));
  await expect(page.getByTestId('iid-problem')).toHaveText('"requestType" must be STUDY or PATIENT (upper case), not "SERIES".');
  await page.goto('/IHEInvokeImageDisplay?requestType=STUDY&studyUID=1.2.840.abc');
  await expect(page.getByTestId('iid-problem')).toHaveText('"studyUID" value "1.2.840.abc" is not a DICOM UID (digits and dots, at most 64 characters).');
  await page.goto(iid({ requestType: 'PATIENT', patientID: 'X-1\\Q\\^^^LONGVIEW-RAD' }));
  await expect(page.getByTestId('iid-problem')).toContainText('"patientID" is not an HL7 CX identifier: it ID has an escape sequence \\Q\\');
});

test('unknown patient: no images, naming the archives searched', async ({ page }) => {
  await page.goto(iid({ requestType: 'PATIENT', patientID: 'NOBODY-404^^^LONGVIEW-RAD' }));
  const names = CONFIG.archives.filter((a) => OPEN_ARCHIVES.has(a.id)).map((a) => a.name);
  await expect(page.getByTestId('launch-no-images-searched')).toHaveText(`No images for this patient in archives ${names.join(', ')}.`, { timeout: 20_000 });
  expectNoPatientIdInUrl(page);

  await page.goto(iid({ requestType: 'STUDY', studyUID: '1.2.826.0.1.3680043.8.498.404404404' }));
  await expect(page.getByTestId('launch-no-images-searched')).toHaveText(`No images for this study in archives ${names.join(', ')}.`);
});

test('mismatch guard: patientID of one person with the study of another is refused, no image shown', async ({ page }) => {
  const alice = recordOf('alice', 'radiology');
  const bobStudy = newestOf('bob', 'radiology');
  await page.goto(iid({ requestType: 'STUDY', studyUID: bobStudy.studyInstanceUid, patientID: `${alice.patientId}^^^LONGVIEW-RAD` }));
  await expect(page.getByTestId('launch-refused')).toContainText('This study belongs to a different patient');
  await expect(page.getByTestId('viewport')).toHaveCount(0);
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
  expectNoPatientIdInUrl(page);

  // The same ID string from another authority is another person (david-outside holds carol's radiology ID).
  const david = newestOf('david-outside', 'cardiology');
  await page.goto(iid({ requestType: 'STUDY', studyUID: david.studyInstanceUid, patientID: `${recordOf('carol', 'radiology').patientId}^^^LONGVIEW-RAD` }));
  await expect(page.getByTestId('launch-refused')).toContainText('its OUTSIDE-HOSP record is not one of the records the EHR named');

  // The right patient passes: carol's cardiology study, linked to her radiology ID in the data.
  const carolCardiology = newestOf('carol', 'cardiology');
  await page.goto(iid({ requestType: 'STUDY', studyUID: carolCardiology.studyInstanceUid, patientID: `${recordOf('carol', 'radiology').patientId}^^^LONGVIEW-RAD` }));
  await expect(page).toHaveURL(viewerUrlOf('cardiology', carolCardiology.studyInstanceUid));
  await expect(page.getByTestId('banner-patient-id')).toHaveText(recordOf('carol', 'cardiology').patientId);
});
