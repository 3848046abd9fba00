import { describe, expect, it } from 'vitest';
import { ct128, ct512, segFile, type CtReference } from '../../testing/tumorBoard';
import { measureSegment, measureSegments } from './measureSegment';
import type { Segmentation } from './model';
import { readSegmentationPart10 } from './readSegmentation';
import { voxelSizeOf } from './voxelSize';

const uidOfInstance = (ct: CtReference, instanceNumber: number) => ct.instances[instanceNumber - 1]?.sopInstanceUid;

describe.each([
  ['512² CT (the corpus)', ct512],
  ['128² CT', ct128],
])('measureSegments on the %s: the writer’s voxel counts, volumes and slices', (_, ct) => {
  const { part10, truth } = segFile(ct);
  const measurements = measureSegments(readSegmentationPart10(part10));

  it('counts each segment’s voxels and gives its volume from SpacingBetweenSlices', () => {
    expect(measurements.map((measurement) => [measurement.segmentNumber, measurement.voxelCount])).toEqual(
      truth.segments.map((segment) => [segment.segmentNumber, segment.voxelCount]),
    );
    measurements.forEach((measurement, index) => {
      const expected = truth.segments[index];
      if (measurement.volume.kind !== 'measured') throw new Error(measurement.volume.reason);
      expect(measurement.volume.ml).toBeCloseTo(expected?.volumeMl ?? -1, 9);
      expect(measurement.volume.voxelSize).toMatchObject({ sliceSpacingMm: truth.sliceThicknessMm, sliceSpacingSource: 'SpacingBetweenSlices' });
      expect(measurement.volume.voxelSize.voxelMl).toBeCloseTo(truth.voxelVolumeMl, 12);
    });
  });

  it('spans the slices the writer drew, cranial first, and jumps to the centre slice', () => {
    measurements.forEach((measurement, index) => {
      const expected = truth.segments[index];
      if (!expected) throw new Error('no truth');
      expect(measurement.slices?.count).toBe(expected.frames.length);
      expect(measurement.slices?.first.referencedSopInstanceUid).toBe(uidOfInstance(ct, expected.firstInstanceNumber));
      expect(measurement.slices?.last.referencedSopInstanceUid).toBe(uidOfInstance(ct, expected.lastInstanceNumber));
      expect(measurement.slices?.centre.referencedSopInstanceUid).toBe(expected.centerSopInstanceUid);
      expect(measurement.slices?.centre.referencedSopInstanceUid).toBe(uidOfInstance(ct, expected.centerInstanceNumber));
    });
  });
});

describe('measureSegment: where the voxel size comes from, and when there is none', () => {
  const { part10, truth } = segFile(ct128);
  const segmentation = readSegmentationPart10(part10);
  const withGrid = (grid: Partial<Segmentation['grid']>): Segmentation => ({ ...segmentation, grid: { ...segmentation.grid, ...grid } });
  const [tumor] = truth.segments;

  it('falls back to SliceThickness, and says so', () => {
    const measurement = measureSegment(withGrid({ spacingBetweenSlices: undefined }), 1);
    expect(measurement?.volume).toMatchObject({ kind: 'measured', voxelSize: { sliceSpacingSource: 'SliceThickness', sliceSpacingMm: 3 } });
    expect(measurement?.volume.kind === 'measured' && measurement.volume.ml).toBeCloseTo(tumor?.volumeMl ?? -1, 9);
  });

  it('gives no volume when the stated spacing disagrees with where the frames lie (5 mm slices, 3 mm apart)', () => {
    expect(measureSegment(withGrid({ spacingBetweenSlices: undefined, sliceThickness: 5 }), 1)?.volume).toEqual({
      kind: 'unavailable',
      reason: 'its SliceThickness is 5 mm but its frames lie 3 mm apart',
    });
    // 1.5 mm stated for frames 3 mm apart is consistent: a segment need not cover every slice.
    expect(measureSegment(withGrid({ spacingBetweenSlices: 1.5 }), 1)?.volume.kind).toBe('measured');
  });

  it('gives no volume without a slice spacing or a pixel spacing, but still the voxel count and slices', () => {
    const noSpacing = measureSegment(withGrid({ spacingBetweenSlices: undefined, sliceThickness: undefined }), 1);
    expect(noSpacing?.volume).toEqual({ kind: 'unavailable', reason: 'the segmentation gives neither its slice spacing nor its slice thickness' });
    expect(noSpacing?.voxelCount).toBe(tumor?.voxelCount);
    expect(noSpacing?.slices?.count).toBe(tumor?.frames.length);
    expect(voxelSizeOf(withGrid({ pixelSpacing: undefined }))).toEqual({ kind: 'unknown', reason: 'the segmentation does not give its pixel spacing' });
  });

  it('gives no slices without a plane orientation, and nothing for a segment it does not list', () => {
    expect(measureSegment(withGrid({ imageOrientationPatient: undefined }), 1)?.slices).toBeUndefined();
    expect(measureSegment(segmentation, 9)).toBeUndefined();
  });

  it('gives no volume for a FRACTIONAL SEG with partial voxels', () => {
    const partial: Segmentation = { ...segmentation, segmentationType: 'FRACTIONAL', fractional: { fractionalType: 'PROBABILITY', maximumFractionalValue: 255, partialVoxelCount: 10 } };
    expect(measureSegment(partial, 1)?.volume).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('threshold') });
  });
});

describe('measureSegments on the other-dimensions SEG: its own grid gives its own volume', () => {
  it('counts on the 256² grid with its own pixel spacing', () => {
    const { part10, truth } = segFile(ct128, 'other-dimensions');
    const measurements = measureSegments(readSegmentationPart10(part10));
    measurements.forEach((measurement, index) => {
      expect(measurement.voxelCount).toBe(truth.segments[index]?.voxelCount);
      expect(measurement.volume.kind === 'measured' && measurement.volume.ml).toBeCloseTo(truth.segments[index]?.volumeMl ?? -1, 9);
    });
  });
});
