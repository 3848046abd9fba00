import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { corpus, isInOpenArchive, recordsOfPerson, studiesOfPerson, type CorpusPatient, type CorpusPerson } from './support/corpus';
import { setMpi, withoutMpi } from './support/mpi';
import { holdRequests } from './support/viewer';

// The hospital's master patient index (the test EHR's PIXm, scripts/ehr/mpi.mjs, built from the
// corpus's persons): a patient's timeline is the same whichever of her records it is opened
// from; the traps stay apart; an MPI outage hides nothing the data links and is retried.

const entries = (page: Page) => page.getByTestId('timeline-entry');
const mpiChip = (page: Page) => page.getByTestId('mpi-status');
const newestStudyOf = (record: CorpusPatient) => [...record.studies].sort((a, b) => a.studyDate.localeCompare(b.studyDate)).at(-1);
const timelineOf = (record: CorpusPatient) => `/timeline/${record.archive}/${newestStudyOf(record)?.studyInstanceUid ?? ''}`;
const uidsOf = (person: CorpusPerson) => studiesOfPerson(person).map(({ study }) => study.studyInstanceUid).sort();
const recordOf = (person: CorpusPerson, archive: string) => {
  const record = recordsOfPerson(person).find((r) => r.archive === archive);
  if (!record) throw new Error(`${person} has no record in ${archive}`);
  return record;
};

async function shownUids(page: Page): Promise<string[]> {
  return (await entries(page).evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.studyUid ?? ''))).sort();
}

/** Waits until every archive and the MPI have answered (or, for a sign-in archive, refused). */
async function settled(page: Page) {
  await expect(mpiChip(page)).toHaveAttribute('data-state', 'answered');
  await expect(page.locator('[data-testid="archive-status"][data-state="searching"], [data-testid="archive-status"][data-state="retrying"]')).toHaveCount(0);
}

test('symmetry: every record of every person opens the same set of studies with the MPI on', async ({ page }) => {
  test.setTimeout(600_000);
  const persons = [...new Set(corpus().patients.map((p) => p.person as CorpusPerson))];
  let opened = 0;
  for (const person of persons) {
    const expected = uidsOf(person);
    for (const record of recordsOfPerson(person).filter((r) => isInOpenArchive(r) && r.studies.length > 0)) {
      await page.goto(timelineOf(record));
      await expect(entries(page), `${person} from ${record.archive}`).toHaveCount(expected.length, { timeout: 60_000 });
      await settled(page);
      expect(await shownUids(page), `${person} from ${record.archive}`).toEqual(expected);
      opened += 1;
    }
  }
  // Every person of the corpus was opened, most from several records.
  expect(opened).toBeGreaterThan(persons.length);
});

test('from a timeline link the MPI is asked, and the records it names searched, before the timeline\'s code has loaded; nothing is asked twice', async ({ page }) => {
  const radiology = recordOf('erin', 'radiology');
  const cardiology = recordOf('erin', 'cardiology');
  // R-400120 names no other record in its data: C-62010 (and K-4410) come only from the MPI.
  const questions: string[] = [];
  const searches: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/Patient/$ihe-pix')) questions.push(url.searchParams.get('sourceIdentifier') ?? '');
    const search = /^\/dicomweb\/([a-z-]+)\/studies$/.exec(url.pathname);
    if (search && url.searchParams.has('PatientID')) searches.push(`${search[1]} ${url.searchParams.get('PatientID')} offset ${url.searchParams.get('offset')}`);
  });
  const releaseTimeline = await holdRequests(page, /\/assets\/PatientTimeline-[\w-]+\.js$/);
  const namedByMpi = page.waitForRequest((request) => new URL(request.url()).searchParams.get('PatientID') === cardiology.patientId);
  await page.goto(timelineOf(radiology));
  // With the timeline's chunk held back, only the boot script can have asked the MPI and then searched.
  await namedByMpi;
  expect(questions.some((question) => question.endsWith(`|${radiology.patientId}`))).toBe(true);
  releaseTimeline();
  await expect(entries(page)).toHaveCount(uidsOf('erin').length);
  await settled(page);
  // The app took the boot script's answers: each question, and each search, was made once.
  expect(questions.length).toBeGreaterThan(1);
  expect(new Set(questions).size).toBe(questions.length);
  expect(new Set(searches).size).toBe(searches.length);
  // The record only the MPI names is in the banner, joined by it.
  await expect(page.locator(`[data-testid="banner-identifier"][data-patient-id="${cardiology.patientId}"]`)).toHaveCount(1);
});

test('without the MPI the one-way link shows less from one side, and the banner says so', async ({ page }) => {
  await withoutMpi(page);
  const radiology = recordOf('erin', 'radiology');
  const cardiology = recordOf('erin', 'cardiology');
  // R-400120 names no other record: only its own studies, and the honest notice.
  await page.goto(timelineOf(radiology));
  await expect(entries(page)).toHaveCount(radiology.studies.length);
  await expect(page.getByTestId('identity-completeness')).toHaveText(/records that point to this one may be missing/);
  await expect(mpiChip(page)).toHaveCount(0);
  // C-62010 points to R-400120: both records' studies, still with the notice (K-4410 is missing).
  await page.goto(timelineOf(cardiology));
  await expect(entries(page)).toHaveCount(radiology.studies.length + cardiology.studies.length);
  await expect(page.getByTestId('identity-completeness')).toHaveText(/records that point to this one may be missing/);

  // With the MPI on, the same record brings every record of hers, and no notice.
  await page.unrouteAll({ behavior: 'wait' });
  await page.goto(timelineOf(radiology));
  await expect(entries(page)).toHaveCount(uidsOf('erin').length);
  await settled(page);
  await expect(page.getByTestId('identity-completeness')).toHaveCount(0);
  // The clinics record is named by no DICOM data: the banner says who joined it.
  const clinics = page.locator('[data-testid="banner-identifier"][data-patient-id="K-4410"]');
  await expect(clinics).toHaveAttribute('data-via', 'mpi');
  await expect(clinics).toHaveAttribute('data-issuer', 'LONGVIEW-CLIN');
  await expect(clinics).toContainText('joined by Master patient index');
  await expect(page.getByTestId('possible-others')).toHaveCount(0);
});

test('traps stay apart with the MPI on: same name and birth date, same ID under another issuer', async ({ page }) => {
  // gina and gina-namesake: same name, birth date and sex, two persons in the MPI.
  await page.goto(timelineOf(recordOf('gina', 'radiology')));
  await settled(page);
  expect(await shownUids(page)).toEqual(uidsOf('gina'));
  await expect(page.getByTestId('banner-identifier')).toHaveCount(1);
  await expect(mpiChip(page)).toHaveAttribute('data-added', '0');
  // Only as the closed hint, never joined.
  await expect(page.getByTestId('possible-others').getByRole('button')).toHaveText(/1 possible other record \(same name and birth date, not linked\)/);

  // carol: the MPI adds her oncology record, never carol-namesake's, nor david-outside's
  // R-100234 issued by another hospital (a system config.json does not map).
  await page.goto(timelineOf(recordOf('carol', 'radiology')));
  await settled(page);
  expect(await shownUids(page)).toEqual(uidsOf('carol'));
  const issuers = await page.getByTestId('banner-identifier').evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.patientId}|${(el as HTMLElement).dataset.issuer}`));
  expect(issuers).not.toContain('R-100234|OUTSIDE-HOSP');
  expect(issuers.filter((i) => i.startsWith('R-100234|'))).toEqual(['R-100234|LONGVIEW-RAD']);
  expect(issuers).toContain('O-4410|LONGVIEW-ONC');
  for (const stranger of ['carol-namesake', 'david-outside'] as const) {
    for (const record of recordsOfPerson(stranger)) expect(issuers.some((i) => i.startsWith(`${record.patientId}|`) && !i.endsWith('LONGVIEW-RAD'))).toBe(false);
  }
  await expect(page.getByTestId('possible-others').getByRole('button')).toHaveText(/2 possible other records/);
});

test('a record whose MPI answer contradicts its DICOM data is joined, under the conflict warning', async ({ page }) => {
  await page.goto(timelineOf(recordOf('fiona', 'radiology')));
  await settled(page);
  expect(await shownUids(page)).toEqual(uidsOf('fiona'));
  const banner = page.getByTestId('timeline-banner');
  await expect(banner.getByRole('alert')).toHaveText([
    /Linked records give different birth dates: 19660412, 19660421\. Check the patient's identity before reading\./,
    /Linked records give different sexes: F, M\./,
  ]);
  await expect(page.locator('[data-testid="banner-identifier"][data-patient-id="P-8830"]')).toHaveAttribute('data-via', 'mpi');
});

test('MPI down: the data\'s links are shown, the MPI chip fails with Retry, and Retry completes the timeline', async ({ page }) => {
  const radiology = recordOf('erin', 'radiology');
  const cardiology = recordOf('erin', 'cardiology');
  await setMpi('down');
  try {
    await page.goto(timelineOf(cardiology));
    // What the data links (C-62010 -> R-400120) is there without the MPI.
    await expect(entries(page)).toHaveCount(radiology.studies.length + cardiology.studies.length);
    await expect(mpiChip(page)).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(mpiChip(page).getByTestId('mpi-status-error')).toContainText('Master patient index did not answer');
    await expect(page.getByTestId('identity-completeness')).toHaveText(/Master patient index could not be asked: records that point to this one may be missing/);
  } finally {
    await setMpi('up');
  }
  await mpiChip(page).getByRole('button', { name: 'Retry' }).click();
  await expect(entries(page)).toHaveCount(uidsOf('erin').length);
  await settled(page);
  expect(await shownUids(page)).toEqual(uidsOf('erin'));
  await expect(page.getByTestId('identity-completeness')).toHaveCount(0);
});

test('an IID PATIENT launch finds every record of the patient through the MPI, asked before the timeline\'s code has loaded', async ({ page }) => {
  const clinics = recordOf('erin', 'clinics');
  const cardiology = recordOf('erin', 'cardiology');
  const questions: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/Patient/$ihe-pix')) questions.push(url.searchParams.get('sourceIdentifier') ?? '');
  });
  // The boot script asks the MPI about the launched record and searches the records it names
  // while the timeline's chunk is held back.
  const releaseTimeline = await holdRequests(page, /\/assets\/PatientTimeline-[\w-]+\.js$/);
  const namedByMpi = page.waitForRequest((request) => new URL(request.url()).searchParams.get('PatientID') === cardiology.patientId);
  await page.goto(`/IHEInvokeImageDisplay?${new URLSearchParams({ requestType: 'PATIENT', patientID: `${clinics.patientId}^^^LONGVIEW-CLIN` }).toString()}`);
  await namedByMpi;
  releaseTimeline();
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(entries(page)).toHaveCount(uidsOf('erin').length);
  await settled(page);
  expect(await shownUids(page)).toEqual(uidsOf('erin'));
  // The app took the boot script's answer: no question was asked twice.
  expect(questions.some((question) => question.endsWith(`|${clinics.patientId}`))).toBe(true);
  expect(new Set(questions).size).toBe(questions.length);
});
