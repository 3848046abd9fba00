import type { Vector3 } from '@longview/dicom-meta';

/**
 * How far apart two points may lie and still be the same place, in mm. Positions are written as
 * DS (at most 16 characters, so about 6 decimals for patient coordinates): two writers' copies
 * of one image position agree to a micrometre, while the smallest misplacement that matters, half
 * a pixel of a 512² CT, is a quarter of a millimetre. 0.01 mm lies well between the two.
 */
export const SAME_PLACE_MM = 0.01;

export function dot(a: Vector3, b: Vector3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function distance(a: Vector3, b: Vector3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export function unit(vector: Vector3): Vector3 | undefined {
  const length = Math.hypot(vector[0], vector[1], vector[2]);
  return length > 0 ? [vector[0] / length, vector[1] / length, vector[2] / length] : undefined;
}

/** A key for one plane of a stack: its offset along the normal, to the micrometre (see SAME_PLACE_MM). */
export function planeKey(point: Vector3, normal: Vector3): string {
  return (Math.round(dot(point, normal) * 1000) / 1000).toFixed(3);
}

/**
 * Of weighted offsets along a stack's normal, the index of the one nearest their weighted mean:
 * the slice a reader jumps to as an object's centre. The first wins a tie, so the answer does not
 * depend on floating-point noise between two equally near slices (both are equally right).
 */
export function nearestToWeightedMean(slices: readonly { offset: number; weight: number }[]): number | undefined {
  const totalWeight = slices.reduce((sum, slice) => sum + slice.weight, 0);
  if (slices.length === 0) return undefined;
  const mean =
    totalWeight > 0
      ? slices.reduce((sum, slice) => sum + slice.offset * slice.weight, 0) / totalWeight
      : slices.reduce((sum, slice) => sum + slice.offset, 0) / slices.length;
  let best = 0;
  slices.forEach((slice, index) => {
    if (Math.abs(slice.offset - mean) < Math.abs((slices[best] as { offset: number }).offset - mean)) best = index;
  });
  return best;
}
