import { describe, expect, it } from 'vitest';
import { ct512, imageSeriesOf, lesions, petSeries, plan, structureSetFile } from '../../testing/tumorBoard';
import type { ImageSeriesGeometry } from '../imageSeries';
import { checkStructureSet } from './checkStructureSet';
import type { StructureSet } from './model';
import { readStructureSetPart10 } from './readStructureSet';
import { roiSlices } from './roiSlices';

const ct = imageSeriesOf(ct512);
const study: readonly ImageSeriesGeometry[] = [petSeries, ct];
const good = structureSetFile(ct512);
const structureSet = readStructureSetPart10(good.part10);
const sopOfInstance = (instanceNumber: number | null) => ct512.instances[(instanceNumber ?? 0) - 1]?.sopInstanceUid;

/**
 * The slice a reader should land on for a written ROI, from the truth's polygons: the contour
 * nearest the area-weighted mean z (shoelace areas: the contours are axial).
 */
function expectedCentreInstance(roi: (typeof good.truth.rois)[number]): number {
  const areaOf = (points: readonly (readonly number[])[]) =>
    Math.abs(points.reduce((sum, [x, y], i) => {
      const [nx, ny] = points[(i + 1) % points.length] as number[];
      return sum + (x as number) * (ny as number) - (nx as number) * (y as number);
    }, 0)) / 2;
  const weights = roi.contours.map((contour) => areaOf(contour.points));
  const meanZ = roi.contours.reduce((sum, contour, i) => sum + contour.z * (weights[i] as number), 0) / weights.reduce((a, b) => a + b, 0);
  const nearest = roi.contours.reduce((best, contour) => (Math.abs(contour.z - meanZ) < Math.abs(best.z - meanZ) ? contour : best));
  return nearest.instanceNumber;
}

describe('roiSlices: the planes an ROI lies on', () => {
  it('GTV: the 11 slices the tumor crosses, cranial first, centred on the tumor’s centre slice', () => {
    const [gtv] = good.truth.rois;
    const slices = roiSlices(structureSet.rois[0] as StructureSet['rois'][number]);
    const tumor = lesions.find((lesion) => lesion.name === 'Tumor');
    expect(slices?.count).toBe(11);
    expect(slices?.count).toBe(gtv?.sliceCount);
    expect(slices?.normal).toEqual([0, 0, 1]);
    expect(slices?.first.referencedSopInstanceUid).toBe(sopOfInstance(gtv?.firstInstanceNumber ?? null));
    expect(slices?.last.referencedSopInstanceUid).toBe(sopOfInstance(gtv?.lastInstanceNumber ?? null));
    expect(slices?.centre.referencedSopInstanceUid).toBe(sopOfInstance(plan.zs.indexOf(tumor?.center[2] ?? NaN) + 1));
  });

  it('Liver: the area-weighted centre, not the middle of its extent', () => {
    const liver = good.truth.rois[1];
    if (!liver) throw new Error('no liver');
    const slices = roiSlices(structureSet.rois[1] as StructureSet['rois'][number]);
    expect(slices?.count).toBe(liver.sliceCount);
    expect(slices?.centre.referencedSopInstanceUid).toBe(sopOfInstance(expectedCentreInstance(liver)));
    // The liver widens towards the feet: its centre of area lies caudal of the middle slice.
    expect(expectedCentreInstance(liver) - ((liver.firstInstanceNumber ?? 0) + (liver.lastInstanceNumber ?? 0)) / 2).toBeGreaterThan(1);
  });

  it('none for an ROI of points only', () => {
    const points = { ...(structureSet.rois[0] as StructureSet['rois'][number]), contours: [{ geometricType: 'POINT' as const, referencedSopInstanceUid: undefined, points: Float32Array.of(1, 2, 3) }] };
    expect(roiSlices(points)).toBeUndefined();
  });
});

describe('checkStructureSet against the study’s images', () => {
  it('the tumor board RTSTRUCT: on the CT, each ROI’s slice count and centre image', () => {
    const check = checkStructureSet(structureSet, study);
    expect(check).toMatchObject({ problems: [], isShowable: true });
    expect(check.referencedSeries?.seriesInstanceUid).toBe(ct.seriesInstanceUid);
    expect(check.rois).toEqual(
      good.truth.rois.map((roi) => ({ roiNumber: roi.roiNumber, sliceCount: roi.sliceCount, centreSopInstanceUid: sopOfInstance(expectedCentreInstance(roi)) })),
    );
  });

  it('unknown-instances: drawn by their coordinates with a note, every contour counted, centres found by plane', () => {
    const hostile = structureSetFile(ct512, 'unknown-instances');
    const check = checkStructureSet(readStructureSetPart10(hostile.part10), study);
    const contourCount = hostile.truth.rois.reduce((sum, roi) => sum + roi.contours.length, 0);
    expect(check.isShowable).toBe(true);
    expect(check.problems).toEqual([
      {
        kind: 'contours-on-unknown-images',
        severity: 'note',
        contourCount,
        message: `${contourCount} of its ${contourCount} contours name images that are not in the series it was drawn on; they are drawn where their coordinates lie.`,
      },
    ]);
    expect(check.rois).toEqual(checkStructureSet(structureSet, study).rois);
  });

  it('a series missing from the study, or another frame of reference: not shown', () => {
    const missing = checkStructureSet(structureSet, [petSeries]);
    expect(missing).toMatchObject({ isShowable: false, rois: [] });
    expect(missing.problems.map((problem) => problem.message)).toEqual(['This structure set is not shown: the series it was drawn on is not in this study.']);
    const elsewhere = checkStructureSet({ ...structureSet, frameOfReferenceUid: '1.2.3' }, study);
    expect(elsewhere.isShowable).toBe(false);
    expect(elsewhere.problems.map((problem) => problem.message)).toEqual([
      'This structure set is not shown: it is in another frame of reference than the images it was drawn on, so its contours would not lie on them.',
    ]);
    expect(elsewhere.problems).toMatchObject([{ kind: 'frame-of-reference-differs', severity: 'error', frameOfReferenceUid: '1.2.3', imagesFrameOfReferenceUid: plan.frameOfReferenceUid }]);
  });
});
