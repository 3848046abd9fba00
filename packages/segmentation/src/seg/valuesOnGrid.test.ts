import { describe, expect, it } from 'vitest';
import type { Segmentation, SegmentationFrame } from './model';
import { segmentStatistics } from './segmentStatistics';
import { valuesOnSegmentationGrid, type PlacedStack } from './valuesOnGrid';

/** A 4 × 4 SEG at 1 mm on axial planes z = 10 and z = 20, one segment. */
function segmentationWith(frames: Array<{ z: number; sop: string; voxels: Array<[row: number, column: number]> }>): Segmentation {
  const built: SegmentationFrame[] = frames.map((frame, i) => {
    const mask = new Uint8Array(16);
    for (const [row, column] of frame.voxels) mask[row * 4 + column] = 1;
    return { frameNumber: i + 1, segmentNumber: 1, referencedSopInstanceUid: frame.sop, imagePositionPatient: [0, 0, frame.z], mask };
  });
  return {
    sopInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.1',
    frameOfReferenceUid: '1.2.9',
    referencedSeriesUid: '1.2.4',
    rows: 4,
    columns: 4,
    segmentationType: 'BINARY',
    fractional: undefined,
    grid: { rows: 4, columns: 4, pixelSpacing: [1, 1], spacingBetweenSlices: 10, sliceThickness: 10, imageOrientationPatient: [1, 0, 0, 0, 1, 0] },
    segments: [{ number: 1, label: 'Lesion', description: undefined, algorithmType: 'MANUAL', algorithmName: undefined, source: { kind: 'manual', creator: undefined }, colour: [255, 0, 0], category: undefined, type: undefined }],
    frames: built,
  };
}

/** A 2 × 2 stack at 2 mm (voxel centres at 0 and 2 mm), one slice at z = 10 holding 1, 2, 3, 4. */
const stack: PlacedStack = {
  frameOfReferenceUid: '1.2.9',
  rows: 2,
  columns: 2,
  pixelSpacing: [2, 2],
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  slices: [{ imagePositionPatient: [0, 0, 10], values: [1, 2, 3, 4] }],
};

describe('valuesOnSegmentationGrid', () => {
  it('gives each segment voxel the value of the stack voxel containing its centre', () => {
    // (row 2, column 2) lies at x = 2, y = 2: the stack's voxel (1, 1), value 4; (0, 0) at the origin: value 1.
    const segmentation = segmentationWith([{ z: 10, sop: 'ct-10', voxels: [[2, 2], [0, 0]] }]);
    const values = valuesOnSegmentationGrid(segmentation, stack);
    if ('kind' in values) throw new Error(values.reason);
    expect(values.slices.get('ct-10')?.[2 * 4 + 2]).toBe(4);
    expect(values.slices.get('ct-10')?.[0]).toBe(1);
    expect(segmentStatistics(segmentation, 1, values)).toMatchObject({ kind: 'measured', max: 4, mean: 2.5, voxelCount: 2 });
  });

  it('makes the statistics unavailable, not partial, where a segment voxel lies beyond the stack in plane or between its slices', () => {
    // x = 3 mm lies beyond the stack's last column (its voxel spans 1–3 mm, centre 2): outside, at the edge rounding up.
    const outside = segmentationWith([{ z: 10, sop: 'ct-10', voxels: [[0, 3], [0, 0]] }]);
    const beyond = valuesOnSegmentationGrid(outside, stack);
    if ('kind' in beyond) throw new Error(beyond.reason);
    expect(beyond.slices.get('ct-10')?.[3]).toBeNaN();
    expect(segmentStatistics(outside, 1, beyond)).toEqual({ kind: 'unavailable', reason: 'some voxels of "Lesion" have no value' });

    const between = segmentationWith([{ z: 20, sop: 'ct-20', voxels: [[0, 0]] }]);
    const uncovered = valuesOnSegmentationGrid(between, stack);
    if ('kind' in uncovered) throw new Error(uncovered.reason);
    expect(uncovered.slices.get('ct-20')?.[0]).toBeNaN();
  });

  it('refuses values in another frame of reference', () => {
    const segmentation = segmentationWith([{ z: 10, sop: 'ct-10', voxels: [[0, 0]] }]);
    expect(valuesOnSegmentationGrid(segmentation, { ...stack, frameOfReferenceUid: '9.9' })).toEqual({ kind: 'unavailable', reason: 'the values are in another frame of reference than the segmentation' });
  });
});
