import { describe, expect, it } from 'vitest';
import { ct128, imageSeriesOf, petSeries, segFile } from '../../testing/tumorBoard';
import type { ImageSeriesGeometry } from '../imageSeries';
import { checkSegmentation } from './checkSegmentation';
import type { Segmentation } from './model';
import { readSegmentationPart10 } from './readSegmentation';
import { segmentOverlap } from './segmentOverlap';

// The study's series as the viewer lists them: the PET beside the CT, so a SEG must find its own.
const study: readonly ImageSeriesGeometry[] = [petSeries, imageSeriesOf(ct128)];
const read = (variant: string | null) => {
  const { part10, truth } = segFile(ct128, variant);
  return { segmentation: readSegmentationPart10(part10), truth };
};
const kinds = (segmentation: Segmentation, series = study) => checkSegmentation(segmentation, series).problems.map((problem) => [problem.kind, problem.severity]);

describe('checkSegmentation: the tumor board SEG and each hostile variant', () => {
  it('the tumor board SEG: drawn on the CT, nothing to say', () => {
    const check = checkSegmentation(read(null).segmentation, study);
    expect(check).toMatchObject({ problems: [], isShowable: true });
    expect(check.referencedSeries?.seriesInstanceUid).toBe(ct128.seriesInstanceUid);
  });

  it('missing-referenced-series: not shown, because the series is not in the study', () => {
    const { segmentation, truth } = read('missing-referenced-series');
    const check = checkSegmentation(segmentation, study);
    expect(check.isShowable).toBe(false);
    expect(check.referencedSeries).toBeUndefined();
    expect(check.problems).toEqual([
      {
        kind: 'referenced-series-missing',
        severity: 'error',
        referencedSeriesUid: truth.referencedSeriesInstanceUid,
        message: 'This segmentation is not shown: the series it was drawn on is not in this study.',
      },
    ]);
  });

  it('other-frame-of-reference: not shown, its frame of reference named', () => {
    const { segmentation, truth } = read('other-frame-of-reference');
    const check = checkSegmentation(segmentation, study);
    expect(check.isShowable).toBe(false);
    expect(check.problems).toEqual([
      {
        kind: 'frame-of-reference-differs',
        severity: 'error',
        frameOfReferenceUid: truth.frameOfReferenceUid,
        imagesFrameOfReferenceUid: ct128.frameOfReferenceUid,
        message: 'This segmentation is not shown: it is in another frame of reference than the images it was drawn on, so its voxels would not lie on them.',
      },
    ]);
  });

  it('other-dimensions: not shown, both matrices said, and no second message about where its frames lie', () => {
    const check = checkSegmentation(read('other-dimensions').segmentation, study);
    expect(check.isShowable).toBe(false);
    expect(check.problems).toEqual([
      {
        kind: 'dimensions-differ',
        severity: 'error',
        segmentation: { rows: 256, columns: 256 },
        images: { rows: 128, columns: 128 },
        message: 'This segmentation is not shown: its frames are 256 × 256 pixels but its images are 128 × 128.',
      },
    ]);
  });

  it('fractional with only 0 and the maximum: shown as binary, with a note', () => {
    const check = checkSegmentation(read('fractional').segmentation, study);
    expect(check.isShowable).toBe(true);
    expect(check.problems).toEqual([
      {
        kind: 'fractional-shown-as-binary',
        severity: 'note',
        message: 'This segmentation is FRACTIONAL, but every voxel is either outside or certainly inside its segment, so it is shown as binary.',
      },
    ]);
  });

  it('fractional with partial voxels: not shown, since a threshold would decide its volume', () => {
    const { segmentation } = read('fractional');
    const partial: Segmentation = { ...segmentation, fractional: { fractionalType: 'PROBABILITY', maximumFractionalValue: 255, partialVoxelCount: 42 } };
    const check = checkSegmentation(partial, study);
    expect(check.isShowable).toBe(false);
    expect(check.problems).toEqual([
      {
        kind: 'fractional-partial',
        severity: 'error',
        partialVoxelCount: 42,
        message:
          'This segmentation is not shown: it is FRACTIONAL (probability per voxel) and 42 voxels are only partly in a segment; its extent and volumes would depend on a threshold it does not give.',
      },
    ]);
  });

  it('overlapping: shown, with a note naming the segments and the shared voxels the writer counted', () => {
    const { segmentation, truth } = read('overlapping');
    expect(segmentOverlap(segmentation)).toEqual({ voxelCount: truth.overlapVoxelCount, segmentNumbers: [1, 3] });
    expect(truth.overlapVoxelCount).toBe(truth.segments[0]?.voxelCount);
    const check = checkSegmentation(segmentation, study);
    expect(check.isShowable).toBe(true);
    expect(check.problems).toEqual([
      {
        kind: 'segments-overlap',
        severity: 'note',
        segmentNumbers: [1, 3],
        voxelCount: truth.overlapVoxelCount,
        message: `Segments "Tumor" and "Tumor margin" overlap in ${truth.overlapVoxelCount} voxels; each segment's volume includes the voxels it shares.`,
      },
    ]);
    expect(segmentOverlap(read(null).segmentation).voxelCount).toBe(0);
  });
});

describe('checkSegmentation: frames against the images they name', () => {
  const { segmentation } = read(null);
  const ct = imageSeriesOf(ct128);
  const [first, ...rest] = segmentation.frames;
  if (!first) throw new Error('no frame');
  const withFirstFrame = (frame: Partial<typeof first>): Segmentation => ({ ...segmentation, frames: [{ ...first, ...frame }, ...rest] });

  it('a frame that names an image the series does not have', () => {
    const check = checkSegmentation(withFirstFrame({ referencedSopInstanceUid: '1.2.3.4' }), study);
    expect(check.problems).toMatchObject([
      { kind: 'frames-on-unknown-images', severity: 'error', frameCount: 1, message: `This segmentation is not shown: 1 of its ${segmentation.frames.length} frames lie on images that are not in the series it was drawn on.` },
    ]);
  });

  it('a frame that is not where its image is (one slice off)', () => {
    const [x, y, z] = first.imagePositionPatient;
    expect(kinds(withFirstFrame({ imagePositionPatient: [x, y, z - 3] }))).toEqual([['frames-misplaced', 'error']]);
    // Within DS rounding is the same place.
    expect(kinds(withFirstFrame({ imagePositionPatient: [x, y, z - 0.000001] }))).toEqual([]);
  });

  it('a frame that names no image is placed by its position', () => {
    expect(kinds(withFirstFrame({ referencedSopInstanceUid: undefined }))).toEqual([]);
    const [x, y, z] = first.imagePositionPatient;
    expect(kinds(withFirstFrame({ referencedSopInstanceUid: undefined, imagePositionPatient: [x + 1, y, z] }))).toEqual([['frames-on-unknown-images', 'error']]);
  });

  it('images without a stated matrix are not assumed to match', () => {
    expect(kinds(segmentation, [{ ...ct, rows: undefined, columns: undefined }])).toEqual([['dimensions-differ', 'error']]);
  });

  it('a SEG that names no series', () => {
    const check = checkSegmentation({ ...segmentation, referencedSeriesUid: undefined }, study);
    expect(check.problems.map((problem) => problem.message)).toEqual(['This segmentation is not shown: it does not say which series it was drawn on.']);
  });
});
