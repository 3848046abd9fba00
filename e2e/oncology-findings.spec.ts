import type { Page } from '@playwright/test';
import { findSeries, viewerUrl } from './support/corpus';
import { cell, openPetCtStudy, petCtStudies, tumorBoardSeries } from './support/oncology';
import { stackIndexOf } from './support/viewer';
import { expect, test } from './support/test';

/**
 * The AI's finding on the tumor board's SEG (issue 27): carol's staging PET/CT holds a TID 1500
 * report by the NodeFinder device whose one finding is on the SEG's "Lymph node" segment, with
 * its volume and SUVbw max. The segment list shows it as the AI's, with its values as the report
 * states them; a click selects the segment and goes to its centre slice. The measurement panel
 * names the device as the report's maker, not "an unnamed reader".
 */

test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1600, height: 1200 } });

/** As the findings list shows a number: 2 decimals under 10, else 1. */
const shown = (value: number) => (Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1));

async function openMeasurementPanel(page: Page) {
  const panel = page.getByTestId('measurement-panel');
  if ((await panel.getAttribute('data-state')) === 'closed') await panel.getByTestId('measurement-panel-toggle').click();
  await expect(panel).toHaveAttribute('data-state', 'open');
  return panel;
}

test("the AI's finding shows its values and its maker as AI; a click selects its segment and goes to the segment's centre slice", async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { seg, sr } = tumorBoardSeries(staging.study);
  const { aiReport } = sr;
  const [finding] = aiReport.findings;
  if (!finding) throw new Error('the AI report has no finding');
  expect(aiReport.variant).toBeNull();
  expect(aiReport.segmentationSopInstanceUid).toBe(seg.segmentation.sopInstanceUid);
  const segment = seg.segmentation.segments.find((s) => s.segmentNumber === finding.referencedSegmentNumber);
  const tumor = seg.segmentation.segments.find((s) => s.label === 'Tumor');
  if (!segment || !tumor) throw new Error('the SEG has no segment the finding names, or no Tumor');
  expect(segment.label).toBe('Lymph node');
  const { device } = aiReport;

  await openPetCtStudy(page, baseURL as string, staging.study);
  const panel = page.getByTestId('segmentation-panel');
  const item = panel.getByTestId('finding');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-report-uid', aiReport.sopInstanceUid);
  await expect(item).toHaveAttribute('data-tracking-uid', finding.trackingUid);
  await expect(item).toHaveAttribute('data-segment-state', 'found', { timeout: 60_000 });
  const button = item.getByRole('button', { name: finding.finding.CodeMeaning });
  await expect(button).toBeEnabled();

  // Its values as the report codes them (the exact number as a data attribute), shown to their precision.
  const volume = item.locator('[data-testid="finding-value"][data-concept="SCT:118565006"]');
  await expect(volume).toHaveAttribute('data-value', String(finding.volumeMl));
  await expect(volume).toHaveAttribute('data-unit', finding.volumeUnit);
  await expect(volume.locator('dt')).toHaveText('Volume');
  await expect(volume.locator('dd')).toHaveText(`${shown(finding.volumeMl)} ml`);
  const suv = item.locator('[data-testid="finding-value"][data-concept="DCM:126401"]');
  await expect(suv).toHaveAttribute('data-value', String(finding.suvbwMax));
  await expect(suv).toHaveAttribute('data-unit', finding.suvbwUnit);
  await expect(suv.locator('dt')).toHaveText('SUVbw max');
  await expect(suv.locator('dd')).toHaveText(`${shown(finding.suvbwMax)} g/ml`);

  // Made by the AI, and marked so: the device (TID 1004) and the algorithm with its version (TID 4019).
  await expect(item).toHaveAttribute('data-ai', 'true');
  await expect(item.getByTestId('finding-ai-mark')).toHaveText('AI-generated');
  await expect(item.getByTestId('finding-source')).toHaveText(
    `AI: ${device.name} (${device.manufacturer} ${device.manufacturerModelName}) · ${finding.algorithmName}, version ${finding.algorithmVersion}`,
  );

  // The measurement panel names the device as the report's maker and points to the findings list.
  const measurementPanel = await openMeasurementPanel(page);
  const line = measurementPanel.locator(`[data-testid="saved-report"][data-report-uid="${aiReport.sopInstanceUid}"]`);
  await expect(line).toHaveAttribute('data-observer', 'device');
  await expect(line).toHaveAttribute('data-read-only', 'true');
  await expect(line).toContainText(`by the AI device ${device.name} (${device.manufacturer} ${device.manufacturerModelName})`);
  await expect(line).toContainText('see “Findings on segments” in the segment list');
  await expect(line).not.toContainText('unnamed reader');
  await expect(line).not.toContainText('does not say where on an image');

  // First elsewhere (the Tumor's centre slice), so the finding's click is what brings the CT to its segment.
  const ctViewport = cell(page, 0).getByTestId('viewport');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', staging.ct.seriesInstanceUid);
  const segmentRow = (number: number) => panel.locator(`[data-testid="segment"][data-segment-number="${number}"]`);
  const [tumorIndex, segmentIndex] = [stackIndexOf(staging.ct.key, tumor.centerInstanceNumber), stackIndexOf(staging.ct.key, segment.centerInstanceNumber)];
  expect(tumorIndex).not.toBe(segmentIndex);
  await segmentRow(tumor.segmentNumber).getByRole('button', { name: tumor.label }).click();
  await expect(ctViewport).toHaveAttribute('data-shown-index', String(tumorIndex), { timeout: 60_000 });
  await expect(segmentRow(segment.segmentNumber)).not.toHaveClass(/\bselected\b/);

  await button.click();
  await expect(segmentRow(segment.segmentNumber)).toHaveClass(/\bselected\b/);
  await expect(segmentRow(tumor.segmentNumber)).not.toHaveClass(/\bselected\b/);
  await expect(item).toHaveClass(/\bselected\b/);
  await expect(ctViewport).toHaveAttribute('data-shown-index', String(segmentIndex), { timeout: 60_000 });
});

test('a finding on a segment the SEG does not have says so, and still shows its values', async ({ page }) => {
  const { series } = findSeries('hostile-ai-sr-missing-segment');
  const report = series.aiReport;
  const [finding] = report?.findings ?? [];
  if (!report || !finding) throw new Error('the corpus has no AI report on a missing segment (generator v18)');
  expect(report.variant).toBe('missing-segment');
  expect(report.referencedSegmentExists).toBe(false);

  await page.goto(viewerUrl('hostile-ai-sr-missing-segment'));
  const item = page.getByTestId('segmentation-panel').locator(`[data-testid="finding"][data-report-uid="${report.sopInstanceUid}"]`);
  await expect(item).toHaveAttribute('data-segment-state', 'missing', { timeout: 60_000 });
  await expect(item.getByTestId('finding-problem')).toContainText(`The finding names segment ${finding.referencedSegmentNumber}, which the segmentation does not have`);
  await expect(item.getByRole('button', { name: finding.finding.CodeMeaning })).toBeDisabled();
  await expect(item.locator('[data-testid="finding-value"][data-concept="SCT:118565006"]')).toHaveAttribute('data-value', String(finding.volumeMl));
  await expect(item.getByTestId('finding-ai-mark')).toHaveText('AI-generated');
  // The report itself, open in the viewport: its reference is to a segment of a SEG this study holds, not to a missing image.
  const reference = page.locator(`[data-testid="sr-segment-reference"][data-sop-instance-uid="${report.segmentationSopInstanceUid}"]`);
  await expect(reference).toHaveText(`Segment ${finding.referencedSegmentNumber} of a segmentation in this study (see the segment list)`);
});

test("the AI's SEG and report say AI-generated on their series cards, and the report says it in its own view; the reader's series do not", async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { seg, sr, rtstruct } = tumorBoardSeries(staging.study);
  const { device } = sr.aiReport;
  const segDevice = seg.segmentation.segments.find((s) => s.device)?.device;
  if (!segDevice) throw new Error('the SEG has no segment from a device');
  const byProgram = seg.segmentation.segments.filter((s) => s.algorithmType !== 'MANUAL').length;
  expect(byProgram).toBeLessThan(seg.segmentation.segments.length);

  await openPetCtStudy(page, baseURL as string, staging.study);
  const card = (uid: string) => page.locator(`.series-browser .series-card[data-series-uid="${uid}"]`);
  // The SEG: its AI's segments, with the device and version, and how many of its segments they are.
  await expect(card(seg.seriesInstanceUid).getByTestId('series-ai-mark')).toHaveAttribute(
    'data-made-by',
    `AI: ${segDevice.manufacturer} ${segDevice.manufacturerModelName}, ${segDevice.softwareVersions} · ${byProgram} of ${seg.segmentation.segments.length} segments`,
    { timeout: 60_000 },
  );
  await expect(card(seg.seriesInstanceUid).getByTestId('series-ai-mark')).toContainText('AI-generated');
  const reportMark = card(sr.seriesInstanceUid).getByTestId('series-ai-mark');
  await expect(reportMark).toHaveAttribute('data-made-by', `AI: ${device.name} (${device.manufacturer} ${device.manufacturerModelName})`);
  // The radiation oncologist's structure set and the images are nobody's program's.
  for (const uid of [rtstruct.seriesInstanceUid, staging.ct.seriesInstanceUid, staging.pt.seriesInstanceUid]) {
    await expect(card(uid)).toBeVisible();
    await expect(card(uid).getByTestId('series-ai-mark')).toHaveCount(0);
  }

  // Opened from its card into the active cell (the CT's, whose reference lines the other cells
  // draw), the report says above its text that a program made it.
  await card(sr.seriesInstanceUid).click();
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', sr.seriesInstanceUid);
  const view = page.getByTestId('sr-viewport');
  await expect(view.getByTestId('sr-ai-mark')).toHaveText(`AI-generated by ${device.name} (${device.manufacturer} ${device.manufacturerModelName}): a program's result, not a reader's report.`);
});
