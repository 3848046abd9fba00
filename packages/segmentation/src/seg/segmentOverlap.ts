import { planeKey } from '../geometry';
import type { Segmentation, SegmentationFrame } from './model';
import { segmentationNormal } from './voxelSize';

/** Voxels that lie in more than one segment, and the segments that share them. */
export interface SegmentOverlap {
  readonly voxelCount: number;
  /** Ascending. */
  readonly segmentNumbers: readonly number[];
}

/**
 * Where segments share voxels. DICOM allows it (each segment is its own frames), so nothing is
 * wrong with the file, but a reader adding up the segment volumes would count shared voxels
 * twice, and a labelmap can paint only one colour per voxel: both are worth a sentence.
 */
export function segmentOverlap(segmentation: Segmentation): SegmentOverlap {
  const normal = segmentationNormal(segmentation);
  const planes = new Map<string, SegmentationFrame[]>();
  for (const frame of segmentation.frames) {
    const key = normal ? planeKey(frame.imagePositionPatient, normal) : frame.imagePositionPatient.join('\\');
    planes.set(key, [...(planes.get(key) ?? []), frame]);
  }
  let voxelCount = 0;
  const shared = new Set<number>();
  for (const frames of planes.values()) {
    if (new Set(frames.map((frame) => frame.segmentNumber)).size < 2) continue;
    const pixels = segmentation.rows * segmentation.columns;
    for (let index = 0; index < pixels; index++) {
      let setCount = 0;
      for (const frame of frames) setCount += frame.mask[index] as number;
      if (setCount < 2) continue;
      const owners = frames.filter((frame) => frame.mask[index] === 1).map((frame) => frame.segmentNumber);
      if (new Set(owners).size < 2) continue;
      voxelCount += 1;
      owners.forEach((owner) => shared.add(owner));
    }
  }
  return { voxelCount, segmentNumbers: [...shared].sort((a, b) => a - b) };
}
