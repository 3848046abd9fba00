import type { Page } from '@playwright/test';
import { corpus, type CorpusStudy } from './support/corpus';
import { launchFromEhr } from './support/ehr';
import { cell, openPetCtStudy, petCtStudies } from './support/oncology';
import { stackIndexOf } from './support/viewer';
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

test.describe('the restaging study shows the AI results stored apart', () => {
  test.describe.configure({ timeout: 180_000 });
  test.use({ viewport: { width: 1600, height: 1200 } });

  test("its SEG is listed as stored in a separate study and drawn on the CT and fusion; its finding is the AI's and goes to its segment", async ({ page, baseURL }) => {
    const { results, described } = resultsStudy();
    const restaging = petCtStudies()[1];
    if (!restaging) throw new Error('the corpus has no restaging PET/CT');
    const seg = results.series.find((series) => series.segmentation)?.segmentation;
    const report = results.series.find((series) => series.aiReport)?.aiReport;
    const [finding] = report?.findings ?? [];
    if (!seg || !report || !finding) throw new Error('the results study has no SEG, or no report with a finding');
    expect(report.segmentationSopInstanceUid).toBe(seg.sopInstanceUid);
    expect(seg.referencedSeriesInstanceUid).toBe(restaging.ct.seriesInstanceUid);
    const segment = seg.segments.find((s) => s.segmentNumber === finding.referencedSegmentNumber);
    const other = seg.segments.find((s) => s.segmentNumber !== finding.referencedSegmentNumber);
    if (!segment || !other) throw new Error('the SEG has no segment the finding names, or no other segment');
    // The restaging study's own SEGs and reports are listed too: the separate ones come on top.
    const ownSegs = described.series.filter((series) => series.segmentation).map((series) => series.segmentation?.sopInstanceUid);
    const ownFindings = described.series.flatMap((series) => (series.aiReport?.variant === null ? series.aiReport.findings : []));
    const date = `${results.studyDate?.slice(0, 4)}-${results.studyDate?.slice(4, 6)}-${results.studyDate?.slice(6, 8)}`;

    await openPetCtStudy(page, baseURL as string, restaging.study);
    const panel = page.getByTestId('segmentation-panel');
    await expect(panel.getByTestId('segmentation')).toHaveCount(ownSegs.length + 1, { timeout: 60_000 });
    const apart = panel.locator(`[data-testid="segmentation"][data-sop-instance-uid="${seg.sopInstanceUid}"]`);
    await expect(apart).toHaveAttribute('data-stored-apart', results.studyInstanceUid);
    await expect(apart).toHaveAttribute('data-showable', 'true');
    await expect(apart.getByTestId('segmentation-stored-apart')).toHaveText(`stored in a separate study, ${date}`);
    for (const own of ownSegs) await expect(panel.locator(`[data-testid="segmentation"][data-sop-instance-uid="${own}"]`)).not.toHaveAttribute('data-stored-apart', /.+/);
    await expect(apart.getByTestId('segment')).toHaveCount(seg.segments.length);
    for (const truth of seg.segments) {
      const row = apart.locator(`[data-testid="segment"][data-segment-number="${truth.segmentNumber}"]`);
      await expect(row.getByRole('button', { name: truth.label })).toBeEnabled();
      expect(Math.abs(Number(await row.getAttribute('data-volume-ml')) - truth.volumeMl)).toBeLessThan(1e-3);
      // SUV per segment over the restaging PET, as for the study's own SEG.
      await expect(row.getByTestId('segment-suv')).toHaveAttribute('data-suv-max', /\d/, { timeout: 60_000 });
      if (truth.uptake) expect(Math.abs(Number(await row.getByTestId('segment-suv').getAttribute('data-suv-max')) - truth.uptake.suvbwMax) / truth.uptake.suvbwMax).toBeLessThan(0.005);
    }

    // Drawn on the CT and on the fusion with the study's own.
    const ctViewport = cell(page, 0).getByTestId('viewport');
    await expect(cell(page, 0)).toHaveAttribute('data-series-uid', restaging.ct.seriesInstanceUid);
    await expect(ctViewport).toHaveAttribute('data-segmentations', String(ownSegs.length + 1), { timeout: 60_000 });
    await expect(cell(page, 2).getByTestId('fusion-labelmap')).toHaveAttribute('data-segmentations', String(ownSegs.length + 1), { timeout: 60_000 });

    // Its finding, in the findings list with the study's own, as the AI's and stored apart.
    await expect(panel.getByTestId('finding')).toHaveCount(ownFindings.length + report.findings.length);
    const item = panel.locator(`[data-testid="finding"][data-report-uid="${report.sopInstanceUid}"]`);
    await expect(item).toHaveAttribute('data-tracking-uid', finding.trackingUid);
    await expect(item).toHaveAttribute('data-ai', 'true');
    await expect(item.getByTestId('finding-ai-mark')).toHaveText('AI-generated');
    await expect(item).toHaveAttribute('data-stored-apart', results.studyInstanceUid);
    await expect(item.getByTestId('finding-stored-apart')).toHaveText(`stored in a separate study, ${date}`);
    await expect(item).toHaveAttribute('data-segment-state', 'found', { timeout: 60_000 });

    // First elsewhere (another segment's centre slice), so the finding's click is what brings the CT to its segment.
    const segmentRow = (number: number) => apart.locator(`[data-testid="segment"][data-segment-number="${number}"]`);
    const [otherIndex, segmentIndex] = [stackIndexOf(restaging.ct.key, other.centerInstanceNumber), stackIndexOf(restaging.ct.key, segment.centerInstanceNumber)];
    expect(otherIndex).not.toBe(segmentIndex);
    await segmentRow(other.segmentNumber).getByRole('button', { name: other.label }).click();
    await expect(ctViewport).toHaveAttribute('data-shown-index', String(otherIndex), { timeout: 60_000 });
    await item.getByRole('button', { name: finding.finding.CodeMeaning }).click();
    await expect(segmentRow(segment.segmentNumber)).toHaveClass(/\bselected\b/);
    await expect(item).toHaveClass(/\bselected\b/);
    await expect(ctViewport).toHaveAttribute('data-shown-index', String(segmentIndex), { timeout: 60_000 });
  });
});
