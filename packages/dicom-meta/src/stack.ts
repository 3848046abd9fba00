import { sliceNormal } from './orientation';

export interface PositionedInstance {
  instanceNumber?: number | undefined;
  imagePositionPatient?: readonly number[] | undefined;
  imageOrientationPatient?: readonly number[] | undefined;
}

/**
 * Orders the images of a stack the way a radiologist scrolls them: by position along the
 * slice normal when every image has geometry and they share one orientation, otherwise by
 * InstanceNumber (which archives do not guarantee to be spatial, hence geometry first).
 * Returns a new array; the input is left untouched.
 */
export function orderStack<T extends PositionedInstance>(instances: readonly T[]): T[] {
  const reference = instances[0]?.imageOrientationPatient;
  const normal = reference ? sliceNormal(reference) : undefined;
  const hasGeometry =
    normal !== undefined &&
    instances.every(
      (i) =>
        i.imagePositionPatient?.length === 3 &&
        i.imageOrientationPatient?.length === 6 &&
        i.imageOrientationPatient.every((v, k) => Math.abs(v - (reference?.[k] ?? 0)) < 1e-3),
    );
  if (hasGeometry && normal) {
    const distance = (i: T) => {
      const p = i.imagePositionPatient as readonly number[];
      return (p[0] ?? 0) * normal[0] + (p[1] ?? 0) * normal[1] + (p[2] ?? 0) * normal[2];
    };
    // Descending distance along row×column: for axial images (normal +z, head) this puts the
    // most cranial slice first, the order chest CT is read in.
    return [...instances].sort((a, b) => distance(b) - distance(a) || byInstanceNumber(a, b));
  }
  return [...instances].sort(byInstanceNumber);
}

function byInstanceNumber(a: PositionedInstance, b: PositionedInstance): number {
  return (a.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.instanceNumber ?? Number.MAX_SAFE_INTEGER);
}
