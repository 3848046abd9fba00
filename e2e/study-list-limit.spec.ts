import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { corpus, isInOpenArchive } from './support/corpus';

// An archive's answer is cut at the study list's limit (config.json studyList.limit); the list
// must never hide studies without saying so (issue 33). The deployment's config with a limit of
// 30, so that three real archives (Orthanc) hold more than it and the static tree does not.

const LIMIT = 30;
const ARCHIVE_NAMES: Record<string, string> = { radiology: 'Radiology PACS', cardiology: 'Cardiology CVIS', pathology: 'Pathology & Clinical Photos', clinics: 'Specialty Clinics' };

async function withStudyListLimit(page: Page, limit: number): Promise<void> {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...((await response.json()) as object), studyList: { limit } } });
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
  await withStudyListLimit(page, LIMIT);
  const byArchive = studiesByArchive();
  const over = [...byArchive].filter(([, uids]) => uids.length > LIMIT).map(([archive]) => archive);
  const within = [...byArchive].filter(([, uids]) => uids.length <= LIMIT).map(([archive]) => archive);
  // The corpus gives both cases.
  expect(over.length).toBeGreaterThan(0);
  expect(within.length).toBeGreaterThan(0);

  await page.goto('/');
  const rows = page.locator('[data-testid="study-table"] tbody tr');
  const shown = [...byArchive.values()].reduce((n, uids) => n + Math.min(uids.length, LIMIT), 0);
  await expect(rows).toHaveCount(shown);
  const uids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-study-uid') ?? ''));
  expect(new Set(uids).size).toBe(uids.length);
  for (const [archive, archiveUids] of byArchive) {
    expect(uids.filter((uid) => archiveUids.includes(uid)), archive).toHaveLength(Math.min(archiveUids.length, LIMIT));
  }

  // Each archive that holds more says so, by name; the others say nothing.
  const notices = page.getByTestId('more-exist-notice');
  await expect(notices).toHaveCount(over.length);
  for (const archive of over) {
    await expect(page.locator(`[data-testid="more-exist-notice"][data-archive-name="${ARCHIVE_NAMES[archive]}"]`)).toContainText(`first ${LIMIT} shown; more exist`);
  }
  await expect(page.getByTestId('study-list-status')).toHaveText(`At least ${shown} studies: more exist than are shown`);

  // A narrower search that fits: exact count, no notice.
  const alice = corpus().patients.find((p) => p.patientId === 'LV-0001');
  await page.getByLabel('Patient ID').fill('LV-0001');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(alice?.studies.length ?? -1);
  await expect(notices).toHaveCount(0);
  await expect(page.getByTestId('study-list-status')).toHaveText(`${alice?.studies.length} studies`);
});
