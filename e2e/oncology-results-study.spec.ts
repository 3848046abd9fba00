import type { Page } from '@playwright/test';
import { corpus, type CorpusStudy } from './support/corpus';
import { launchFromEhr } from './support/ehr';
import { petCtStudies } from './support/oncology';
import { expect, test } from './support/test';

// Issue 27: the AI stored its SEG and report on carol's restaging PET/CT in a study of its own
// (scripts/corpus/patients-oncology.mjs AI_RESULTS_STUDY). The timeline shows no card for it: it
// is a badge on the card of the study it describes, found from what its instances reference.

const entry = (page: Page, studyUid: string) => page.locator(`[data-testid="timeline-entry"][data-study-uid="${studyUid}"]`);
const badge = (page: Page, studyUid: string) => entry(page, studyUid).getByTestId('timeline-results-badge');

/** Carol's results-only study, and the PET/CT study it describes (the manifest's truth). */
function resultsStudy(): { results: CorpusStudy; described: CorpusStudy } {
  const carol = corpus().patients.filter((patient) => patient.person === 'carol').flatMap((patient) => patient.studies);
  const results = carol.find((study) => study.resultsFor !== undefined);
  const described = carol.find((study) => study.studyInstanceUid === results?.resultsFor?.studyInstanceUid);
  if (!results || !described) throw new Error('no AI results study of carol in the manifest (a corpus older than generator v19?)');
  return { results, described };
}

test('an AI results study stored apart is no card of its own: the PET/CT it describes carries its badge', async ({ page, baseURL }) => {
  const { results, described } = resultsStudy();
  const [staging, restaging] = petCtStudies();
  expect(described.studyInstanceUid).toBe(restaging?.study.studyInstanceUid);
  expect([...results.modalities].sort()).toEqual(['SEG', 'SR']);
  expect(results.archive).toBe(described.archive);
  // The references the viewer follows are in the files: the SEG's (0008,1200), the report's evidence.
  const seg = results.series.find((series) => series.segmentation)?.segmentation;
  const report = results.series.find((series) => series.aiReport)?.aiReport;
  expect(seg?.referencedStudyInstanceUid).toBe(described.studyInstanceUid);
  expect(report?.referencedStudyInstanceUid).toBe(described.studyInstanceUid);

  await launchFromEhr(page, baseURL as string);
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(badge(page, described.studyInstanceUid)).toHaveAttribute('data-attached-study-uids', results.studyInstanceUid);
  await expect(entry(page, results.studyInstanceUid)).toHaveCount(0);
  await expect(page.getByTestId('timeline-results-standing')).toHaveCount(0);

  // The badge names the results of both: the PET/CT's own and those stored apart, in its own words.
  await expect(badge(page, described.studyInstanceUid)).toHaveAttribute('data-kinds', 'SEG,RTSTRUCT,SR');
  await expect(badge(page, described.studyInstanceUid)).toHaveAttribute('title', /segmentations and structured reports .* stored in a separate study$/);
  await expect(entry(page, described.studyInstanceUid)).toHaveAttribute('aria-label', /; segmentations and structured reports .* stored in a separate study/);
  // The staging PET/CT's badge has only its own results.
  await expect(badge(page, staging?.study.studyInstanceUid ?? '')).not.toHaveAttribute('data-attached-study-uids', /.+/);
  // The archive's chip still counts every study it holds, the results study included.
  const oncology = corpus().patients.find((patient) => patient.person === 'carol' && patient.archive === results.archive);
  await expect(page.locator(`[data-testid="archive-status"][data-archive="${results.archive}"]`)).toContainText(`${oncology?.studies.length} studies`);
});

test('an EHR launch naming the results study shows the study it describes', async ({ page, baseURL }) => {
  const { results, described } = resultsStudy();
  await launchFromEhr(page, baseURL as string, { studyUid: results.studyInstanceUid });
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(badge(page, described.studyInstanceUid)).toHaveAttribute('data-attached-study-uids', results.studyInstanceUid);
  await expect(page.getByTestId('timeline-entry')).toHaveCount(1);
  await expect(entry(page, results.studyInstanceUid)).toHaveCount(0);
});
