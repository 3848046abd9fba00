import type { Locator, Page } from '@playwright/test';
import { findSeries, viewerUrl, type CorpusRoi, type CorpusRoiContour, type CorpusSegmentation, type CorpusSeries, type CorpusStructureSet } from './support/corpus';
import { roiCentreZ } from './support/oncology';
import { stackIndexOf } from './support/viewer';
import { expect, test } from './support/test';

/**
 * Issue 27's bad input (scripts/corpus/series-hostile-segmentation.mjs): the hostile patient's
 * study holds a small CT, a good SEG on it and, beside it, a SEG per way a SEG can fail to fit its
 * images, an RTSTRUCT whose contours name images that do not exist and an AI report on a segment
 * the SEG does not have. Each bad SEG says why it is not shown and gives no volume; the good one,
 * and those the viewer can show with a note, are listed with the volumes the generator counted and
 * drawn on the CT, which still shows its images.
 */

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1600, height: 1200 } });

type SegSeries = CorpusSeries & { segmentation: CorpusSegmentation };

/** The study's CT, its SEGs (the control's variant is null) and its RTSTRUCT. */
function hostileSegmentationStudy() {
  const { study, series: ct } = findSeries('hostile-seg-ct');
  const segs = study.series.filter((s): s is SegSeries => s.segmentation !== undefined);
  const rtstruct = study.series.find((s): s is CorpusSeries & { structureSet: CorpusStructureSet } => s.structureSet !== undefined);
  const control = segs.find((s) => s.segmentation.variant === null);
  if (!control || !rtstruct) throw new Error('the hostile SEG study has no control SEG or RTSTRUCT (a corpus older than generator v18?)');
  const variant = (name: CorpusSegmentation['variant']) => segs.find((s) => s.segmentation.variant === name) as SegSeries;
  return { study, ct, segs, control, rtstruct, variant };
}

/** What checkSegmentation (packages/segmentation) says of each variant: the problem's kind and its words. */
const EXPECTED: Record<NonNullable<CorpusSegmentation['variant']>, { kind: string; isShowable: boolean; message: (seg: CorpusSegmentation, ct: CorpusSeries) => string }> = {
  'missing-referenced-series': { kind: 'referenced-series-missing', isShowable: false, message: () => 'This segmentation is not shown: the series it was drawn on is not in this study.' },
  'other-frame-of-reference': {
    kind: 'frame-of-reference-differs',
    isShowable: false,
    message: () => 'This segmentation is not shown: it is in another frame of reference than the images it was drawn on, so its voxels would not lie on them.',
  },
  'other-dimensions': {
    kind: 'dimensions-differ',
    isShowable: false,
    message: (seg, ct) => `This segmentation is not shown: its frames are ${seg.columns} × ${seg.rows} pixels but its images are ${ct.columns} × ${ct.rows}.`,
  },
  // Every voxel of the writer's FRACTIONAL SEG is 0 or 255 (its maximum): binary in all but name.
  fractional: { kind: 'fractional-shown-as-binary', isShowable: true, message: () => 'This segmentation is FRACTIONAL, but every voxel is either outside or certainly inside its segment, so it is shown as binary.' },
  overlapping: {
    kind: 'segments-overlap',
    isShowable: true,
    message: (seg) => {
      const labels = seg.segments.filter((s) => s.label.startsWith('Tumor')).map((s) => `"${s.label}"`);
      return `Segments ${labels.join(' and ')} overlap in ${seg.overlapVoxelCount} voxels; each segment's volume includes the voxels it shares.`;
    },
  },
};

/**
 * The contours nearest an ROI's area-weighted centre along z: where its list entry goes. The liver
 * is the same ellipse on every slice, so its centre lies between two slices and either is right.
 */
function centreContoursOf(roi: CorpusRoi): CorpusRoiContour[] {
  const z = roiCentreZ(roi);
  const nearest = Math.min(...roi.contours.map((c) => Math.abs(c.z - z)));
  return roi.contours.filter((c) => Math.abs(c.z - z) - nearest < 1e-3);
}

const volumeText = (ml: number) => `${ml < 10 ? ml.toFixed(2) : ml.toFixed(1)} ml`;

/** Each segment row shows the generator's volume, in its attribute and its words. */
async function expectVolumes(item: Locator, segmentation: CorpusSegmentation) {
  await expect(item.getByTestId('segment')).toHaveCount(segmentation.segments.length);
  for (const truth of segmentation.segments) {
    const row = item.locator(`[data-testid="segment"][data-segment-number="${truth.segmentNumber}"]`);
    const volume = Number(await row.getAttribute('data-volume-ml'));
    expect(Math.abs(volume - truth.volumeMl), `${segmentation.variant ?? 'control'} ${truth.label}: ${volume} ml vs ${truth.volumeMl} ml`).toBeLessThan(1e-3);
    await expect(row.getByTestId('segment-volume')).toHaveText(volumeText(truth.volumeMl));
  }
}

async function openStudy(page: Page) {
  await page.goto(viewerUrl('hostile-seg-ct'));
  return page.getByTestId('segmentation-panel');
}

test('each bad SEG says why it is not shown and gives no volume; the good SEG and those shown with a note keep their volumes and are drawn on the CT', async ({ page }) => {
  const { ct, segs, control, variant } = hostileSegmentationStudy();
  expect(segs.map((s) => s.segmentation.variant).sort()).toEqual([null, ...Object.keys(EXPECTED)].sort());
  const panel = await openStudy(page);
  const item = (seg: SegSeries) => panel.locator(`[data-testid="segmentation"][data-sop-instance-uid="${seg.segmentation.sopInstanceUid}"]`);
  await expect(panel.getByTestId('segmentation')).toHaveCount(segs.length);

  // The control: shown, no problem, the volumes the generator counted.
  await expect(item(control)).toHaveAttribute('data-showable', 'true');
  await expect(item(control).getByTestId('segmentation-problem')).toHaveCount(0);
  await expectVolumes(item(control), control.segmentation);

  for (const [name, expected] of Object.entries(EXPECTED) as Array<[keyof typeof EXPECTED, (typeof EXPECTED)[keyof typeof EXPECTED]]>) {
    const seg = variant(name);
    const problems = item(seg).getByTestId('segmentation-problem');
    await expect(problems, name).toHaveCount(1);
    await expect(problems, name).toHaveAttribute('data-kind', expected.kind);
    const message = expected.message(seg.segmentation, ct);
    await expect(problems, name).toHaveText(message);
    await expect(item(seg), name).toHaveAttribute('data-showable', String(expected.isShowable));
    if (expected.isShowable) {
      // A note, not an alert: the SEG is drawn and measured.
      await expect(problems, name).not.toHaveAttribute('role', 'alert');
      await expectVolumes(item(seg), seg.segmentation);
    } else {
      await expect(problems, name).toHaveAttribute('role', 'alert');
      // Every segment is listed, with no number and its checkbox and jump disabled.
      await expect(item(seg).getByTestId('segment'), name).toHaveCount(seg.segmentation.segments.length);
      await expect(item(seg).locator('[data-testid="segment"][data-volume-ml]'), name).toHaveCount(0);
      await expect(item(seg).getByTestId('segment-volume').filter({ hasText: /ml/ }), name).toHaveCount(0);
      await expect(item(seg), name).not.toContainText(/SUV(max| computing)/);
      await expect(item(seg).getByRole('checkbox').first(), name).toBeDisabled();
      await expect(item(seg).getByRole('button').first(), name).toBeDisabled();
    }
  }
  // The overlap the note counts is the generator's: every voxel of the tumor is also in its margin.
  const overlapping = variant('overlapping').segmentation;
  expect(overlapping.overlapVoxelCount).toBe(overlapping.segments.find((s) => s.label === 'Tumor')?.voxelCount);

  // The CT still shows its images, with the SEGs that can be shown drawn on it, and no other.
  const showable = segs.filter((s) => s.segmentation.variant === null || EXPECTED[s.segmentation.variant].isShowable);
  expect(showable).toHaveLength(3);
  const viewport = page.getByTestId('viewport').first();
  await expect(viewport).toHaveAttribute('data-image-rect', /\d/, { timeout: 60_000 });
  await expect(viewport).toHaveAttribute('data-shown-index', /^\d+$/);
  await expect(viewport).toHaveAttribute('data-segmentations', String(showable.length), { timeout: 60_000 });
  await expect(page.getByTestId('image-error')).toHaveCount(0);

  // The control's jump still works beside the bad ones: to its tumor's centre slice.
  const tumor = control.segmentation.segments[0];
  if (!tumor) throw new Error('the control SEG has no segment');
  await item(control).getByRole('button', { name: tumor.label }).click();
  await expect(viewport).toHaveAttribute('data-shown-index', String(stackIndexOf(ct.key, tumor.centerInstanceNumber)), { timeout: 30_000 });
});

test('an RTSTRUCT whose contours name unknown images is drawn where its coordinates lie, with its note', async ({ page }) => {
  const { ct, rtstruct } = hostileSegmentationStudy();
  const { structureSet } = rtstruct;
  expect(structureSet.variant).toBe('unknown-instances');
  const panel = await openStudy(page);
  const set = panel.getByTestId('structure-set');
  await expect(set).toHaveAttribute('data-sop-instance-uid', structureSet.sopInstanceUid);
  await expect(set).toHaveAttribute('data-showable', 'true');
  const problem = set.getByTestId('structure-set-problem');
  await expect(problem).toHaveAttribute('data-kind', 'contours-on-unknown-images');
  const contourCount = structureSet.rois.reduce((n, roi) => n + roi.contours.length, 0);
  await expect(problem).toHaveText(`${contourCount} of its ${contourCount} contours name images that are not in the series it was drawn on; they are drawn where their coordinates lie.`);
  await expect(set.getByTestId('roi')).toHaveCount(structureSet.rois.length);

  // Each ROI goes to its centre slice, found by position, where its outline is drawn.
  const viewport = page.getByTestId('viewport').first();
  const contours = page.getByTestId('roi-contours').first();
  for (const roi of structureSet.rois) {
    const row = set.locator(`[data-testid="roi"][data-roi-number="${roi.roiNumber}"]`);
    await expect(row).toHaveAttribute('data-slice-count', String(roi.sliceCount));
    await row.getByRole('button', { name: roi.name }).click();
    const centres = centreContoursOf(roi);
    const indices = centres.map((c) => stackIndexOf(ct.key, c.instanceNumber));
    await expect(viewport, roi.name).toHaveAttribute('data-shown-index', new RegExp(`^(${indices.join('|')})$`), { timeout: 30_000 });
    const index = Number(await viewport.getAttribute('data-shown-index'));
    const { instanceNumber } = centres[indices.indexOf(index)] as CorpusRoiContour;
    const onSlice = structureSet.rois.filter((r) => r.contours.some((c) => c.instanceNumber === instanceNumber)).length;
    await expect(contours).toHaveAttribute('data-contour-count', String(onSlice));
    await expect(contours.locator(`polygon[data-roi-number="${roi.roiNumber}"]`)).toHaveCount(1);
  }
});

test('an AI report on a segment the SEG does not have opens without an error', async ({ page }) => {
  const { series } = findSeries('hostile-ai-sr-missing-segment');
  const report = series.aiReport;
  expect(report?.variant).toBe('missing-segment');
  expect(report?.referencedSegmentExists).toBe(false);
  await page.goto(viewerUrl('hostile-ai-sr-missing-segment'));
  // Shown as the document it is (the AI findings panel is another issue's); the page reports no error (support/test).
  await expect(page.getByTestId('sr-document')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sr-title')).toHaveText('Imaging Measurement Report');
  await expect(page.getByTestId('segmentation-panel')).toBeVisible();
});
