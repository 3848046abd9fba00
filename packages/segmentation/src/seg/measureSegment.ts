import type { Vector3 } from '@longview/dicom-meta';
import { dot, nearestToWeightedMean, planeKey } from '../geometry';
import type { Segmentation, SegmentationFrame } from './model';
import { segmentationNormal, voxelSizeOf, type VoxelSize } from './voxelSize';

/** A segment's volume, or why none is shown. */
export type SegmentVolume =
  | { readonly kind: 'measured'; readonly ml: number; readonly voxelSize: Extract<VoxelSize, { kind: 'known' }> }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** One slice a segment lies on: the image to show for it, and where the slice is. */
export interface SegmentSlice {
  readonly referencedSopInstanceUid: string | undefined;
  readonly imagePositionPatient: Vector3;
}

/** The slices a segment spans, in the order a stack is read (most cranial first for axial, as orderStack). */
export interface SegmentSlices {
  readonly count: number;
  readonly first: SegmentSlice;
  /** The slice nearest the segment's voxel centroid along the stack: where "go to segment" jumps. */
  readonly centre: SegmentSlice;
  readonly last: SegmentSlice;
}

export interface SegmentMeasurement {
  readonly segmentNumber: number;
  readonly voxelCount: number;
  readonly volume: SegmentVolume;
  /** Undefined when the segment has no voxel or the SEG gives no plane orientation. */
  readonly slices: SegmentSlices | undefined;
}

/** Why a FRACTIONAL SEG with partial voxels gives no number (the viewer's rule: a wrong number is worse than none). */
export const PARTIAL_FRACTIONAL_REASON = 'the segmentation is FRACTIONAL and some voxels are only partly in a segment; a volume would depend on a threshold it does not give';

/** The number of voxels set in a frame's mask. */
export function frameVoxelCount(frame: SegmentationFrame): number {
  let count = 0;
  for (let index = 0; index < frame.mask.length; index++) count += frame.mask[index] as number;
  return count;
}

/** A segment's voxel count, volume and slices, from the SEG alone; undefined for a segment number it does not list. */
export function measureSegment(segmentation: Segmentation, segmentNumber: number): SegmentMeasurement | undefined {
  if (!segmentation.segments.some((segment) => segment.number === segmentNumber)) return undefined;
  const counted = segmentation.frames
    .filter((frame) => frame.segmentNumber === segmentNumber)
    .map((frame) => ({ frame, voxelCount: frameVoxelCount(frame) }))
    .filter(({ voxelCount }) => voxelCount > 0);
  const voxelCount = counted.reduce((sum, { voxelCount: count }) => sum + count, 0);
  return { segmentNumber, voxelCount, volume: volumeOf(segmentation, voxelCount), slices: slicesOf(segmentation, counted) };
}

/** Every segment's measurement, in the SEG's segment order: what a segment list shows. */
export function measureSegments(segmentation: Segmentation): SegmentMeasurement[] {
  return segmentation.segments.map((segment) => measureSegment(segmentation, segment.number) as SegmentMeasurement);
}

export function volumeOf(segmentation: Segmentation, voxelCount: number): SegmentVolume {
  if ((segmentation.fractional?.partialVoxelCount ?? 0) > 0) return { kind: 'unavailable', reason: PARTIAL_FRACTIONAL_REASON };
  const voxelSize = voxelSizeOf(segmentation);
  if (voxelSize.kind === 'unknown') return { kind: 'unavailable', reason: voxelSize.reason };
  return { kind: 'measured', ml: voxelCount * voxelSize.voxelMl, voxelSize };
}

function slicesOf(segmentation: Segmentation, counted: readonly { frame: SegmentationFrame; voxelCount: number }[]): SegmentSlices | undefined {
  const normal = segmentationNormal(segmentation);
  if (!normal || counted.length === 0) return undefined;
  // One entry per plane: a SEG may (rarely) split one segment's slice over several frames.
  const planes = new Map<string, { slice: SegmentSlice; offset: number; weight: number }>();
  for (const { frame, voxelCount } of counted) {
    const key = planeKey(frame.imagePositionPatient, normal);
    const plane = planes.get(key);
    if (plane) plane.weight += voxelCount;
    else planes.set(key, { slice: sliceOf(frame), offset: dot(frame.imagePositionPatient, normal), weight: voxelCount });
  }
  const ordered = [...planes.values()].sort((a, b) => b.offset - a.offset);
  const centre = ordered[nearestToWeightedMean(ordered) as number] as { slice: SegmentSlice };
  return { count: ordered.length, first: (ordered[0] as { slice: SegmentSlice }).slice, centre: centre.slice, last: (ordered.at(-1) as { slice: SegmentSlice }).slice };
}

const sliceOf = (frame: SegmentationFrame): SegmentSlice => ({ referencedSopInstanceUid: frame.referencedSopInstanceUid, imagePositionPatient: frame.imagePositionPatient });
