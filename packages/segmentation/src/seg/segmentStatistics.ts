import { frameVoxelCount, PARTIAL_FRACTIONAL_REASON, volumeOf, type SegmentVolume } from './measureSegment';
import type { Segmentation } from './model';

/**
 * Values on the SEG's own grid, one slice per image the SEG's frames were drawn on: for the
 * tumor board, PET SUVbw resampled onto the CT. Plain data rather than a per-voxel callback:
 * the function can then check that the grid is the SEG's (frame of reference, rows, columns)
 * and that every slice it needs is there, and the voxel loop stays a loop over arrays. A
 * viewer backs each slice with a view of its volume's scalar data (no copy).
 */
export interface ValueVolume {
  readonly frameOfReferenceUid: string | undefined;
  readonly rows: number;
  readonly columns: number;
  /** Per image SOP Instance UID, its values row-major (rows × columns), e.g. `scalarData.subarray(k * rows * columns, (k + 1) * rows * columns)`. */
  readonly slices: ReadonlyMap<string, ArrayLike<number>>;
}

/** A segment's statistics over a value volume, or why there are none. */
export type SegmentStatistics =
  | {
      readonly kind: 'measured';
      readonly max: number;
      readonly mean: number;
      readonly voxelCount: number;
      readonly volume: SegmentVolume;
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

const unavailable = (reason: string): SegmentStatistics => ({ kind: 'unavailable', reason });

/** Why the values cannot be read on the SEG's grid, or undefined when they can. */
function gridMismatch(segmentation: Segmentation, values: ValueVolume): string | undefined {
  if (segmentation.frameOfReferenceUid && values.frameOfReferenceUid && segmentation.frameOfReferenceUid !== values.frameOfReferenceUid) {
    return 'the values are in another frame of reference than the segmentation';
  }
  if (values.rows !== segmentation.rows || values.columns !== segmentation.columns) {
    return `the values are ${values.rows} × ${values.columns} but the segmentation is ${segmentation.rows} × ${segmentation.columns}`;
  }
  return undefined;
}

/**
 * Max and mean of the values inside one segment, with its voxel count and volume. Nothing is
 * guessed: a FRACTIONAL SEG with partial voxels, values on another grid, a missing slice or a
 * value that is not a number (a PET that does not cover the whole segment) each give
 * 'unavailable' with the reason, because a partial SUVmax reads exactly like a whole one.
 */
export function segmentStatistics(segmentation: Segmentation, segmentNumber: number, values: ValueVolume): SegmentStatistics {
  const segment = segmentation.segments.find((candidate) => candidate.number === segmentNumber);
  if (!segment) return unavailable(`the segmentation has no segment ${segmentNumber}`);
  if ((segmentation.fractional?.partialVoxelCount ?? 0) > 0) return unavailable(PARTIAL_FRACTIONAL_REASON);
  const mismatch = gridMismatch(segmentation, values);
  if (mismatch) return unavailable(mismatch);
  const pixelsPerFrame = segmentation.rows * segmentation.columns;
  let [max, sum, voxelCount] = [-Infinity, 0, 0];
  for (const frame of segmentation.frames) {
    if (frame.segmentNumber !== segmentNumber || frameVoxelCount(frame) === 0) continue;
    const slice = frame.referencedSopInstanceUid === undefined ? undefined : values.slices.get(frame.referencedSopInstanceUid);
    if (!slice || slice.length < pixelsPerFrame) return unavailable(`there are no values for the image of frame ${frame.frameNumber}`);
    for (let index = 0; index < pixelsPerFrame; index++) {
      if (frame.mask[index] === 0) continue;
      const value = slice[index] as number;
      if (!Number.isFinite(value)) return unavailable(`some voxels of "${segment.label}" have no value`);
      if (value > max) max = value;
      sum += value;
      voxelCount += 1;
    }
  }
  if (voxelCount === 0) return unavailable(`"${segment.label}" has no voxels`);
  return { kind: 'measured', max, mean: sum / voxelCount, voxelCount, volume: volumeOf(segmentation, voxelCount) };
}
