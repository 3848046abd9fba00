import { getNumbers, getString } from '@longview/dicom-meta';
import { stackGeometry, type ImagePlane, type StackGeometry } from '@longview/reading';
import type { SeriesStack } from '../series/seriesStack';

/**
 * Where a stack's images lie, from the instance search (positions, orientation) and the first
 * instance's metadata (frame of reference). Undefined for multi-frame stacks: their frames'
 * positions are not in the instance list.
 */
export function geometryOf(stack: SeriesStack | undefined): StackGeometry | undefined {
  if (!stack || stack.images.length !== stack.instances.length) return undefined;
  return stackGeometry(stack.instances, getString(stack.firstMetadata, 'FrameOfReferenceUID'));
}

/** The plane of image `index` of a stack, for reference lines. */
export function planeOf(stack: SeriesStack | undefined, index: number): ImagePlane | undefined {
  const instance = stack?.instances[index];
  if (!stack || !instance || stack.images.length !== stack.instances.length) return undefined;
  const position = instance.imagePositionPatient;
  const orientation = instance.imageOrientationPatient;
  const spacing = getNumbers(stack.firstMetadata, 'PixelSpacing');
  const rows = getNumbers(stack.firstMetadata, 'Rows')?.[0];
  const columns = getNumbers(stack.firstMetadata, 'Columns')?.[0];
  if (position?.length !== 3 || orientation?.length !== 6 || spacing?.length !== 2 || !rows || !columns) return undefined;
  return {
    imagePositionPatient: [position[0] ?? 0, position[1] ?? 0, position[2] ?? 0],
    imageOrientationPatient: orientation,
    pixelSpacing: [spacing[0] ?? 1, spacing[1] ?? 1],
    rows,
    columns,
  };
}

export function frameOfReferenceOf(stack: SeriesStack | undefined): string | undefined {
  return stack ? getString(stack.firstMetadata, 'FrameOfReferenceUID') : undefined;
}
