import { sliceNormal, type Vector3 } from '@longview/dicom-meta';
import { dot } from '../geometry';
import type { Segmentation, SliceSpacingSource } from './model';

/** The size of one voxel of the SEG's grid, or why it cannot be known. */
export type VoxelSize =
  | {
      readonly kind: 'known';
      /** PixelSpacing: [between rows, between columns], mm. */
      readonly pixelSpacingMm: readonly [number, number];
      readonly sliceSpacingMm: number;
      readonly sliceSpacingSource: SliceSpacingSource;
      readonly voxelMl: number;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Two spacings agree within 1 %: DS rounding and reconstruction jitter stay far below it, a wrong thickness (5 mm for 3) far above. */
const SPACING_TOLERANCE = 0.01;

/** The unit normal of the SEG's planes (row × column of its orientation); undefined when it gives none. */
export function segmentationNormal(segmentation: Segmentation): Vector3 | undefined {
  const orientation = segmentation.grid.imageOrientationPatient;
  return orientation ? sliceNormal(orientation) : undefined;
}

/**
 * The voxel a volume is counted in: pixel spacing × the distance between slice centres. That
 * distance is SpacingBetweenSlices where the SEG gives it, else SliceThickness, which equals it
 * only for contiguous slices (PS3.3 C.7.6.16.2.1): a 5 mm slice every 3 mm would count each
 * voxel 5/3 too big. So the chosen value is checked against where the frames actually lie, and a
 * disagreement makes the volume unknown rather than wrong.
 */
export function voxelSizeOf(segmentation: Segmentation): VoxelSize {
  const { pixelSpacing, spacingBetweenSlices, sliceThickness } = segmentation.grid;
  if (!pixelSpacing || !(pixelSpacing[0] > 0 && pixelSpacing[1] > 0)) return { kind: 'unknown', reason: 'the segmentation does not give its pixel spacing' };
  const stated: { mm: number; source: SliceSpacingSource } | undefined =
    spacingBetweenSlices !== undefined && spacingBetweenSlices > 0
      ? { mm: spacingBetweenSlices, source: 'SpacingBetweenSlices' }
      : sliceThickness !== undefined && sliceThickness > 0
        ? { mm: sliceThickness, source: 'SliceThickness' }
        : undefined;
  if (!stated) return { kind: 'unknown', reason: 'the segmentation gives neither its slice spacing nor its slice thickness' };
  const measured = measuredSliceSpacing(segmentation);
  if (measured !== undefined && !isWholeMultiple(measured, stated.mm)) {
    return { kind: 'unknown', reason: `its ${stated.source} is ${stated.mm} mm but its frames lie ${round(measured)} mm apart` };
  }
  const voxelMl = (pixelSpacing[0] * pixelSpacing[1] * stated.mm) / 1000;
  return { kind: 'known', pixelSpacingMm: pixelSpacing, sliceSpacingMm: stated.mm, sliceSpacingSource: stated.source, voxelMl };
}

/**
 * The smallest distance between two of the SEG's frame planes: its slice spacing, or a whole
 * multiple of it where no segment has frames on neighbouring slices. Undefined with fewer than
 * two planes or no orientation.
 */
function measuredSliceSpacing(segmentation: Segmentation): number | undefined {
  const normal = segmentationNormal(segmentation);
  if (!normal) return undefined;
  const offsets = [...new Set(segmentation.frames.map((frame) => Math.round(dot(frame.imagePositionPatient, normal) * 1000) / 1000))].sort((a, b) => a - b);
  const gaps = offsets.slice(1).map((offset, index) => offset - (offsets[index] as number));
  return gaps.length > 0 ? Math.min(...gaps) : undefined;
}

function isWholeMultiple(measured: number, stated: number): boolean {
  const ratio = measured / stated;
  return Math.round(ratio) >= 1 && Math.abs(ratio - Math.round(ratio)) <= SPACING_TOLERANCE * Math.round(ratio);
}

const round = (mm: number) => Math.round(mm * 100) / 100;
