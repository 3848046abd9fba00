import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { corpus, isInOpenArchive } from './support/corpus';
import { expectListedCount, listedStudyUids } from './support/studyList';

// An archive's answer is cut at the study list's limit (config.json studyList.limit); the list
// must never hide studies without saying so (issue 33). The deployment's config with a limit of
// 30, so that three real archives (Orthanc) hold more than it and the static tree does not.

const LIMIT = 30;
/** Radiology's time limit in the slow-archive test, and how long its answers are held back there. */
const SLOW_LIMIT_MS = 400;
const SLOW_ANSWER_MS = 3_000;
const ARCHIVE_NAMES: Record<string, string> = { radiology: 'Radiology PACS', cardiology: 'Cardiology CVIS', pathology: 'Pathology & Clinical Photos', clinics: 'Specialty Clinics' };

interface DeploymentConfig {
  archives: Array<{ id: string; timeoutMs?: number }>;
}

/** The deployment's config.json as served, changed by `edit`, as an administrator would change it. */
async function withConfig(page: Page, edit: (config: DeploymentConfig) => object): Promise<void> {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: edit((await response.json()) as DeploymentConfig) });
  });
}

/** The corpus' studies of each open archive (Orthanc and the static tree hold exactly these). */
function studiesByArchive(): Map<string, string[]> {
  const byArchive = new Map<string, string[]>();
  for (const patient of corpus().patients.filter(isInOpenArchive)) {
    for (const study of patient.studies) byArchive.set(patient.archive, [...(byArchive.get(patient.archive) ?? []), study.studyInstanceUid]);
  }
  return byArchive;
}

test('an archive holding more studies than the list shows says so; the count claims no total it does not know', async ({ page }) => {
  await withConfig(page, (config) => ({ ...config, studyList: { limit: LIMIT } }));
  const byArchive = studiesByArchive();
  const over = [...byArchive].filter(([, uids]) => uids.length > LIMIT).map(([archive]) => archive);
  const within = [...byArchive].filter(([, uids]) => uids.length <= LIMIT).map(([archive]) => archive);
  // The corpus gives both cases.
  expect(over.length).toBeGreaterThan(0);
  expect(within.length).toBeGreaterThan(0);

  await page.goto('/');
  const shown = [...byArchive.values()].reduce((n, uids) => n + Math.min(uids.length, LIMIT), 0);
  await expectListedCount(page, shown);
  const uids = await listedStudyUids(page);
  expect(new Set(uids).size).toBe(uids.length);
  // Each archive's page is its newest studies (asked in descending date windows), whatever order it keeps them in.
  const dateOf = new Map(corpus().patients.flatMap((p) => p.studies.map((study) => [study.studyInstanceUid, study.studyDate] as const)));
  for (const [archive, archiveUids] of byArchive) {
    const listed = uids.filter((uid) => archiveUids.includes(uid));
    expect(listed, archive).toHaveLength(Math.min(archiveUids.length, LIMIT));
    const newestDates = archiveUids.map((uid) => dateOf.get(uid) ?? '').sort().reverse().slice(0, LIMIT);
    expect(listed.map((uid) => dateOf.get(uid) ?? ''), archive).toEqual(newestDates);
  }

  // Each archive that holds more says so, by name; the others say nothing.
  const notices = page.getByTestId('more-exist-notice');
  await expect(notices).toHaveCount(over.length);
  for (const archive of over) {
    await expect(page.locator(`[data-testid="more-exist-notice"][data-archive-name="${ARCHIVE_NAMES[archive]}"]`)).toContainText(`newest ${LIMIT} shown; more exist`);
  }
  await expect(page.getByTestId('study-list-status')).toHaveText(`At least ${shown} studies: more exist than are shown`);
  // The notices pass axe's WCAG 2.2 AA rules (contrast of the text and its button included).
  const axe = await new AxeBuilder({ page }).include('[data-testid="more-exist-notice"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // "Load more" from one archive brings its next studies, until it holds no more: then its notice goes.
  const [fullest] = over.sort((a, b) => (byArchive.get(b)?.length ?? 0) - (byArchive.get(a)?.length ?? 0)) as [string];
  const fullestUids = byArchive.get(fullest) ?? [];
  const fullestNotice = page.locator(`[data-testid="more-exist-notice"][data-archive-name="${ARCHIVE_NAMES[fullest]}"]`);
  for (let pages = 2; pages <= Math.ceil(fullestUids.length / LIMIT); pages += 1) {
    await fullestNotice.getByRole('button', { name: `Load ${LIMIT} more studies from ${ARCHIVE_NAMES[fullest]}` }).click();
    await expectListedCount(page, shown - LIMIT + Math.min(fullestUids.length, LIMIT * pages));
  }
  await expect(fullestNotice).toHaveCount(0);
  const afterLoading = await listedStudyUids(page);
  expect(new Set(afterLoading).size).toBe(afterLoading.length);
  expect(afterLoading.filter((uid) => fullestUids.includes(uid)).sort()).toEqual([...fullestUids].sort());
  // Still in the list's order (newest first) across what each archive sent.
  const dates = afterLoading.map((uid) => dateOf.get(uid) ?? '');
  expect(dates).toEqual([...dates].sort().reverse());
  await expect(notices).toHaveCount(over.length - 1);

  // A narrower search that fits: exact count, no notice.
  const alice = corpus().patients.find((p) => p.patientId === 'LV-0001');
  await page.getByLabel('Patient ID').fill('LV-0001');
  await page.getByRole('button', { name: 'Search' }).click();
  await expectListedCount(page, alice?.studies.length ?? -1);
  await expect(notices).toHaveCount(0);
  await expect(page.getByTestId('study-list-status')).toHaveText(`${alice?.studies.length} studies`);
});

test('an archive that cannot answer a broad search in time is told apart: narrow the search; the others still show', async ({ page }) => {
  // Radiology's study searches reach the real Orthanc behind it, but its answers are held back
  // well past the archive's time limit, as a slow link would. A limit of 1 ms alone was not
  // enough: a busy renderer can take a small answer in before its own timer task runs.
  await withConfig(page, (config) => ({ ...config, archives: config.archives.map((archive) => (archive.id === 'radiology' ? { ...archive, timeoutMs: SLOW_LIMIT_MS } : archive)) }));
  await page.route((url) => url.pathname === '/dicomweb/radiology/studies', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS));
    // The viewer has given up by now and aborted the request; nothing is left to answer.
    await route.continue().catch(() => undefined);
  });
  const byArchive = studiesByArchive();
  await page.goto('/');
  const banner = page.getByTestId('archive-error');
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('This search is too broad for Radiology PACS; add a patient, a date range or a modality.');
  // Every other archive's rows are there, and none of radiology's.
  const others = [...byArchive].filter(([archive]) => archive !== 'radiology').reduce((n, [, uids]) => n + uids.length, 0);
  await expectListedCount(page, others);
  const uids = await listedStudyUids(page);
  expect(uids.filter((uid) => byArchive.get('radiology')?.includes(uid))).toEqual([]);

  // A narrow search that still times out is not called broad: the archive did not answer in time.
  await page.getByLabel('Patient ID').fill('LV-0001');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(banner).toHaveText(/^Radiology PACS did not answer in time\./);
});
