import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { startArchive, stopArchive } from '../scripts/archive/orthanc-control.mjs';
import { recordsOfPerson, studiesOfPerson, type CorpusPerson } from './support/corpus';
import { withoutMpi } from './support/mpi';
import { waitForImage } from './support/viewer';
import { askedBy } from './support/requests.mjs';

// The configured authority of each archive's IDs (public/config.json) and the issuer alias.
const ARCHIVE_ISSUER: Record<string, string> = {
  radiology: 'LONGVIEW-RAD',
  cardiology: 'LONGVIEW-CARD',
  pathology: 'LONGVIEW-PATH',
  clinics: 'LONGVIEW-CLIN',
};
const ISSUER_ALIASES: Record<string, string> = { '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' };

// These journeys are about links in the DICOM data (which archive's record names which): they
// run without the master patient index, which would join the same records from any side.
// e2e/mpi.spec.ts opens the same patients with it.
test.beforeEach(async ({ page }) => {
  await withoutMpi(page);
});

const carol = () => studiesOfPerson('carol');
const newestOf = (person: CorpusPerson, archive: string) => {
  const studies = studiesOfPerson(person).filter(({ study }) => study.archive === archive);
  const newest = studies[studies.length - 1];
  if (!newest) throw new Error(`${person} has no study in ${archive}`);
  return newest.study;
};
const timelineUrl = (archive: string, studyUid: string) => `/timeline/${archive}/${studyUid}`;
const entries = (page: Page) => page.getByTestId('timeline-entry');

async function entryFacts(page: Page) {
  return entries(page).evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect();
      const data = (element as HTMLElement).dataset;
      return { uid: data.studyUid ?? '', archive: data.archive ?? '', lane: data.specialty ?? '', date: data.date ?? '', x: box.left + box.width / 2 };
    }),
  );
}

test('the linked patient: every study from all four archives, in its lane, in date order; never a namesake', async ({ page }) => {
  const anchor = newestOf('carol', 'radiology');
  await page.goto(timelineUrl('radiology', anchor.studyInstanceUid));
  const expected = carol();
  await expect(entries(page)).toHaveCount(expected.length);
  await expect(page.getByTestId('archive-status').and(page.locator('[data-state="answered"]'))).toHaveCount(4);

  const shown = await entryFacts(page);
  expect(new Set(shown.map((e) => e.archive))).toEqual(new Set(['radiology', 'cardiology', 'pathology', 'clinics']));
  expect(shown.map((e) => e.uid).sort()).toEqual(expected.map(({ study }) => study.studyInstanceUid).sort());
  for (const { study } of expected) {
    const entry = shown.find((e) => e.uid === study.studyInstanceUid);
    expect(entry, study.studyDescription).toMatchObject({ archive: study.archive, lane: study.specialty, date: study.studyDate });
  }
  // On one time axis: later studies sit further right, whatever lane they are in.
  const byDate = expected.map(({ study }) => shown.find((e) => e.uid === study.studyInstanceUid)?.x ?? Number.NaN);
  expect(byDate.every((x, i) => i === 0 || x > (byDate[i - 1] as number))).toBe(true);

  // The traps: same name and birth date, and the same ID string from another authority.
  const strangers = [...studiesOfPerson('carol-namesake'), ...studiesOfPerson('david-outside')].map(({ study }) => study.studyInstanceUid);
  expect(strangers.length).toBeGreaterThan(0);
  expect(shown.filter((e) => strangers.includes(e.uid))).toEqual([]);

  // The banner lists every identifier combined, with its authority and archive.
  const identifiers = page.getByTestId('banner-identifier');
  const listed = await identifiers.evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.patientId}|${(el as HTMLElement).dataset.issuer}|${(el as HTMLElement).dataset.archives}`));
  const records = recordsOfPerson('carol');
  expect(listed.sort()).toEqual(
    records
      .map((record) => {
        const issuer = record.issuerOfPatientId ?? ARCHIVE_ISSUER[record.archive] ?? '';
        return `${record.patientId}|${ISSUER_ALIASES[issuer] ?? issuer}|${record.archive}`;
      })
      .sort(),
  );
  await expect(page.getByTestId('banner-patient-name')).toHaveText('LONGVIEW, CAROL');

  // Namesakes are offered only as a labelled hint, closed until opened deliberately.
  const hint = page.getByTestId('possible-others');
  await expect(hint.getByRole('button')).toHaveText(/2 possible other records \(same name and birth date, not linked\)/);
  await expect(page.getByTestId('possible-other-record')).toHaveCount(0);
  await hint.getByRole('button').click();
  const namesakeIds = recordsOfPerson('carol-namesake').map((r) => r.patientId).sort();
  expect(await page.getByTestId('possible-other-record').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.patientId).sort())).toEqual(namesakeIds);
  await expect(hint).toContainText('not known to be this patient');
  await expect(entries(page)).toHaveCount(expected.length);
});

test('a timeline link\'s first searches are the boot script\'s, adopted by the app: each archive is asked for each ID once', async ({ page }) => {
  // The boot script asks with fetch before the app has loaded; the app's DICOMweb client asks with XHR.
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const by = askedBy(request);
    const search = /^\/dicomweb\/([a-z-]+)\/studies$/.exec(url.pathname);
    const instances = /^\/dicomweb\/([a-z-]+)\/studies\/[0-9.]+\/instances$/.exec(url.pathname);
    if (search) {
      const params = url.searchParams;
      if (params.has('StudyInstanceUID')) asked.push(`anchor ${search[1]} ${params.get('StudyInstanceUID')} by ${by}`);
      else if (params.has('PatientID')) asked.push(`search ${search[1]} ${params.get('PatientID')} offset ${params.get('offset')}`);
    }
    if (instances) asked.push(`links ${instances[1]} by ${by}`);
  });
  const anchor = newestOf('carol', 'radiology');
  await page.goto(timelineUrl('radiology', anchor.studyInstanceUid));
  await expect(entries(page)).toHaveCount(carol().length);
  await expect(page.getByTestId('archive-status').and(page.locator('[data-state="answered"]'))).toHaveCount(4);

  // The anchor study and its links are asked for by the boot script, once, and never again by the app.
  expect(asked.filter((line) => line.startsWith('anchor '))).toEqual([`anchor radiology ${anchor.studyInstanceUid} by boot`]);
  expect(asked.filter((line) => line.startsWith('links radiology'))).toEqual(['links radiology by boot']);
  // Whoever asked each archive for an ID (the boot script first, the app for what follows), no search is made twice.
  const searches = asked.filter((line) => line.startsWith('search '));
  expect(new Set(searches).size).toBe(searches.length);
  // Every record's ID is searched for in every archive that filters (carol has one record in each).
  for (const record of recordsOfPerson('carol')) {
    for (const archive of ['radiology', 'cardiology', 'pathology']) expect(searches).toContain(`search ${archive} ${record.patientId} offset 0`);
  }
});

test('the namesake opens as a patient of her own, without the linked patient\'s studies', async ({ page }) => {
  const anchor = newestOf('carol-namesake', 'radiology');
  await page.goto(timelineUrl('radiology', anchor.studyInstanceUid));
  const expected = studiesOfPerson('carol-namesake').filter(({ patient }) => patient.archive === 'radiology');
  await expect(page.getByTestId('archive-status').and(page.locator('[data-state="answered"]'))).toHaveCount(4);
  expect((await entryFacts(page)).map((e) => e.uid)).toEqual(expected.map(({ study }) => study.studyInstanceUid));
  await expect(page.getByTestId('banner-identifier')).toHaveCount(1);
});

test('keyboard: walk the studies in time, open one, and compare with the comparable prior', async ({ page }) => {
  const studies = carol();
  const anchor = newestOf('carol', 'radiology');
  await page.goto(timelineUrl('radiology', anchor.studyInstanceUid));
  await expect(entries(page)).toHaveCount(studies.length);
  const details = page.getByTestId('entry-details');
  // The study the timeline was opened from is selected.
  await expect(details).toHaveAttribute('data-study-uid', anchor.studyInstanceUid);

  const index = studies.findIndex(({ study }) => study.studyInstanceUid === anchor.studyInstanceUid);
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${anchor.studyInstanceUid}"]`).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(details).toHaveAttribute('data-study-uid', studies[index - 1]?.study.studyInstanceUid ?? '');
  await page.keyboard.press('Home');
  await expect(details).toHaveAttribute('data-study-uid', studies[0]?.study.studyInstanceUid ?? '');
  await page.keyboard.press('End');
  await expect(details).toHaveAttribute('data-study-uid', studies[studies.length - 1]?.study.studyInstanceUid ?? '');

  // Back to the CT chest; its prior is the most recent earlier CT of the chest.
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${anchor.studyInstanceUid}"]`).click();
  const priorStudy = studies
    .filter(({ study }) => study.modalities.includes('CT') && study.bodyPart === anchor.bodyPart && study.studyDate < anchor.studyDate)
    .at(-1)?.study;
  expect(priorStudy).toBeDefined();
  await expect(page.getByTestId('comparable-prior')).toHaveAttribute('data-study-uid', priorStudy?.studyInstanceUid ?? '');

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/viewer/radiology/${anchor.studyInstanceUid.replaceAll('.', '\\.')}`));
  await waitForImage(page);
  await page.goBack();
  await expect(entries(page)).toHaveCount(studies.length);

  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${anchor.studyInstanceUid}"]`).focus();
  await page.keyboard.press('c');
  await expect(page).toHaveURL(new RegExp(`/compare/radiology/${anchor.studyInstanceUid}/radiology/${priorStudy?.studyInstanceUid}`.replaceAll('.', '\\.')));
  const panes = page.getByTestId('compare-pane');
  await expect(panes).toHaveCount(2);
  for (const [pane, study] of [
    [panes.nth(0), anchor],
    [panes.nth(1), priorStudy],
  ] as const) {
    await expect(pane.getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
    await expect(pane.getByTestId('banner-study-description')).toHaveText(study?.studyDescription ?? '');
    await expect(pane.getByTestId('banner-patient-id')).toHaveText(recordsOfPerson('carol').find((r) => r.archive === 'radiology')?.patientId ?? '');
  }
});

test('filters hide lanes, modalities, dates and archives without refetching', async ({ page }) => {
  const studies = carol();
  await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
  await expect(entries(page)).toHaveCount(studies.length);
  const count = (predicate: (s: (typeof studies)[number]['study']) => boolean) => studies.filter(({ study }) => predicate(study)).length;
  // Everything the page asks for by itself is in (the namesake hint is searched last).
  await expect(page.getByTestId('possible-others')).toBeVisible();
  const searches: string[] = [];
  page.on('request', (request) => {
    if (/\/dicomweb\/[a-z-]+\/studies\?/.test(request.url())) searches.push(request.url());
  });

  await page.getByRole('group', { name: 'Specialties' }).getByRole('button', { name: /^Cardiology/ }).click();
  await expect(entries(page)).toHaveCount(count((s) => s.specialty !== 'cardiology'));
  await expect(page.locator('[data-testid="timeline-lane"][data-specialty="cardiology"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show all' }).click();

  await page.getByLabel('Modality filter').selectOption('CT');
  await expect(entries(page)).toHaveCount(count((s) => s.modalities.includes('CT')));
  await page.getByRole('button', { name: 'Show all' }).click();

  await page.getByLabel('Studies from').fill('2022-01-01');
  await page.getByLabel('Studies to').fill('2022-12-31');
  await expect(entries(page)).toHaveCount(count((s) => s.studyDate >= '20220101' && s.studyDate <= '20221231'));
  await page.getByRole('button', { name: 'Show all' }).click();

  await page.getByRole('checkbox', { name: 'Specialty Clinics' }).uncheck();
  await expect(entries(page)).toHaveCount(count((s) => s.archive !== 'clinics'));
  // Filtering works on what is already here: no archive was searched again.
  expect(searches).toEqual([]);
});

test('an archive that goes down leaves the others usable, says so, and fills the gap when it is back', async ({ page }) => {
  const studies = carol();
  const down = 'pathology';
  await stopArchive(down);
  try {
    await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
    const status = page.locator(`[data-testid="archive-status"][data-archive="${down}"]`);
    await expect(status).toHaveAttribute('data-state', /retrying|failed/);
    await expect(status.getByTestId('archive-status-error')).toContainText('Pathology & Clinical Photos');
    const others = studies.filter(({ study }) => study.archive !== down);
    await expect(entries(page)).toHaveCount(others.length);
    expect((await entryFacts(page)).map((e) => e.uid).sort()).toEqual(others.map(({ study }) => study.studyInstanceUid).sort());
  } finally {
    await startArchive(down);
  }
  // Automatic retry with backoff: no click needed.
  await expect(entries(page)).toHaveCount(studies.length, { timeout: 45_000 });
  await expect(page.locator(`[data-testid="archive-status"][data-archive="${down}"]`)).toHaveAttribute('data-state', 'answered');
});

test('an archive that answers nonsense is a clear error of its own, not a crash', async ({ page }) => {
  const studies = carol();
  const broken = 'cardiology';
  await page.route(`**/dicomweb/${broken}/studies?**`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/dicom+json', body: '{"0020000D": "not a list of studies"' }),
  );
  await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
  const status = page.locator(`[data-testid="archive-status"][data-archive="${broken}"]`);
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status.getByTestId('archive-status-error')).toContainText('Cardiology CVIS sent a response the viewer cannot read.');
  await expect(status.getByTestId('archive-status-error')).toContainText('records linked only through them, are missing');
  // Pathology is linked only through the cardiology record, so it is missing too; the rest is there.
  const reachable = studies.filter(({ study }) => study.archive === 'radiology' || study.archive === 'clinics');
  await expect(entries(page)).toHaveCount(reachable.length);
  await expect(page.getByTestId('timeline-banner')).toBeVisible();
});

test('an archive that answers with tens of megabytes is refused with a clear error, the others shown', async ({ page }) => {
  const studies = carol();
  const flooding = 'clinics';
  // 40 MB of plausible study records: past the 32 MB a study search may take.
  const record = JSON.stringify({ '0020000D': { vr: 'UI', Value: ['2.25.1'] }, '00081030': { vr: 'LO', Value: ['X'.repeat(1000)] } });
  const body = `[${Array.from({ length: 40 * 1024 }, () => record).join(',')}]`;
  await page.route(`**/dicomweb/${flooding}/studies?**`, (route) => route.fulfill({ status: 200, contentType: 'application/dicom+json', body }));
  await page.route(`**/dicomweb/${flooding}/studies`, (route) => route.fulfill({ status: 200, contentType: 'application/dicom+json', body }));
  await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
  const status = page.locator(`[data-testid="archive-status"][data-archive="${flooding}"]`);
  await expect(status).toHaveAttribute('data-state', 'failed');
  await expect(status.getByTestId('archive-status-error')).toContainText('Specialty Clinics sent an answer too large to use (over 32 MB)');
  const others = studies.filter(({ study }) => study.archive !== flooding);
  await expect(entries(page)).toHaveCount(others.length);
});

test('studies from an earlier answer stay, marked stale, while their archive does not answer', async ({ page }) => {
  const studies = carol();
  const down = 'pathology';
  const fromDown = studies.filter(({ study }) => study.archive === down).map(({ study }) => study.studyInstanceUid).sort();
  await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
  await expect(entries(page)).toHaveCount(studies.length);
  await expect(page.locator('[data-testid="timeline-entry"][data-stale]')).toHaveCount(0);
  const status = page.locator(`[data-testid="archive-status"][data-archive="${down}"]`);
  await stopArchive(down);
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(status).toHaveAttribute('data-state', /retrying|failed/);
    await expect(status).toContainText('not confirmed since');
    // Nothing disappears: the archive's studies stay, each marked as from the earlier answer.
    await expect(entries(page)).toHaveCount(studies.length);
    const stale = page.locator('[data-testid="timeline-entry"][data-stale="true"]');
    await expect(stale).toHaveCount(fromDown.length);
    expect((await stale.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.studyUid))).sort()).toEqual(fromDown);
  } finally {
    await startArchive(down);
  }
  await status.getByRole('button', { name: 'Retry now' }).click();
  await expect(status).toHaveAttribute('data-state', 'answered');
  await expect(page.locator('[data-testid="timeline-entry"][data-stale]')).toHaveCount(0);
});

test('a patient with more than 150 studies across four archives shows every one', async ({ page }) => {
  const studies = studiesOfPerson('large');
  expect(studies.length).toBeGreaterThanOrEqual(150);
  await page.goto(timelineUrl('radiology', newestOf('large', 'radiology').studyInstanceUid));
  await expect(entries(page)).toHaveCount(studies.length);
  const shown = await entryFacts(page);
  expect(shown.map((e) => e.uid).sort()).toEqual(studies.map(({ study }) => study.studyInstanceUid).sort());
  for (const { study } of studies) expect(shown.find((e) => e.uid === study.studyInstanceUid)?.lane, study.studyDescription).toBe(study.specialty);
  // Zooming in from years to months keeps every study and turns crowded dots into cards.
  await expect(page.getByTestId('timeline-lanes')).toHaveAttribute('data-display', 'dots');
  for (let i = 0; i < 4; i += 1) await page.getByRole('button', { name: '+' }).click();
  await expect(page.getByTestId('zoom-level')).toHaveText('months');
  await expect(page.getByTestId('timeline-lanes')).toHaveAttribute('data-display', 'cards');
  await expect(entries(page)).toHaveCount(studies.length);
});

test('a slow archive holds nothing up, and leaving the page cancels what it still waits for', async ({ page }) => {
  const studies = carol();
  const slow = 'cardiology';
  const aborted: string[] = [];
  page.on('requestfailed', (request) => {
    if (request.url().includes(`/dicomweb/${slow}/studies?`)) aborted.push(request.failure()?.errorText ?? '');
  });
  // The cardiology archive takes 20 s to answer any study search.
  await page.route(`**/dicomweb/${slow}/studies?**`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await route.continue().catch(() => undefined);
  });
  await page.goto(timelineUrl('radiology', newestOf('carol', 'radiology').studyInstanceUid));
  // Carol's clinics record is linked from radiology; pathology only through cardiology.
  const reachable = studies.filter(({ study }) => study.archive === 'radiology' || study.archive === 'clinics');
  await expect(entries(page)).toHaveCount(reachable.length);
  await expect(page.locator(`[data-testid="archive-status"][data-archive="${slow}"]`)).toHaveAttribute('data-state', 'searching');

  await page.getByRole('link', { name: '← Studies' }).click();
  await expect(page.getByTestId('study-table')).toBeVisible();
  await expect.poll(() => aborted.length).toBeGreaterThan(0);
  expect(aborted.every((error) => /abort/i.test(error))).toBe(true);
});
