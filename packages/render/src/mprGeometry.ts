/**
 * Whether a series can be stacked into a volume for MPR, decided from its DICOM geometry
 * before anything is loaded. A reconstruction from slices that are not parallel, not evenly
 * spaced or sheared (gantry tilt) would place anatomy wrongly in the other planes, so such a
 * series is refused with the reason rather than shown distorted.
 */
import type { Vector3 } from './measurementMath';

export interface SliceGeometry {
  imagePositionPatient: readonly number[] | undefined;
  imageOrientationPatient: readonly number[] | undefined;
  pixelSpacing: readonly number[] | undefined;
  rows: number | undefined;
  columns: number | undefined;
}

export type VolumeGeometry =
  | { kind: 'reconstructable'; sliceCount: number; sliceSpacing: number }
  | { kind: 'not-reconstructable'; reason: string };

/** Below this many slices the other planes would be a few lines tall. */
export const MIN_SLICES_FOR_MPR = 3;
const ORIENTATION_TOLERANCE = 1e-3;
/** Gaps may differ by this fraction of their mean (rounding in the stored positions). */
const SPACING_TOLERANCE = 0.01;
/** mm an origin may stray off the stack's normal line before the stack counts as sheared. */
const SHEAR_TOLERANCE_MM = 0.05;

function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}

function sameNumbers(a: readonly number[], b: readonly number[], tolerance: number): boolean {
  return a.length === b.length && a.every((value, i) => Math.abs(value - (b[i] as number)) <= tolerance);
}

function refuse(reason: string): VolumeGeometry {
  return { kind: 'not-reconstructable', reason };
}

export function volumeGeometryOf(slices: readonly SliceGeometry[]): VolumeGeometry {
  if (slices.length < MIN_SLICES_FOR_MPR) return refuse(`it has ${slices.length} image${slices.length === 1 ? '' : 's'}; at least ${MIN_SLICES_FOR_MPR} are needed`);
  const first = slices[0] as SliceGeometry;
  const orientation = first.imageOrientationPatient;
  if (slices.some((s) => s.imageOrientationPatient?.length !== 6 || !s.imagePositionPatient || s.imagePositionPatient.length !== 3)) {
    return refuse('some images have no position or orientation in the patient');
  }
  if (slices.some((s) => !s.pixelSpacing || s.pixelSpacing.length < 2)) return refuse('some images have no pixel spacing');
  if (slices.some((s) => !sameNumbers(s.imageOrientationPatient as number[], orientation as number[], ORIENTATION_TOLERANCE))) {
    return refuse('its images are not all parallel (orientation differs)');
  }
  if (slices.some((s) => s.rows !== first.rows || s.columns !== first.columns || !sameNumbers(s.pixelSpacing as number[], first.pixelSpacing as number[], 1e-4))) {
    return refuse('its images differ in size or pixel spacing');
  }
  const o = orientation as number[];
  const normal = cross([o[0] as number, o[1] as number, o[2] as number], [o[3] as number, o[4] as number, o[5] as number]);
  const origin = first.imagePositionPatient as number[];
  const distances = slices.map((s) => dot(s.imagePositionPatient as number[], normal));
  for (const slice of slices) {
    const p = slice.imagePositionPatient as number[];
    const along = dot(p, normal) - dot(origin, normal);
    const offset = [0, 1, 2].map((i) => (p[i] as number) - (origin[i] as number) - along * (normal[i] as number));
    if (Math.hypot(...offset) > SHEAR_TOLERANCE_MM) return refuse('its slices are offset sideways (tilted gantry or a sheared stack)');
  }
  const sorted = [...distances].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((d, i) => d - (sorted[i] as number));
  const meanGap = ((sorted[sorted.length - 1] as number) - (sorted[0] as number)) / gaps.length;
  if (gaps.some((gap) => gap < 1e-3)) return refuse('two of its images are at the same position');
  if (gaps.some((gap) => Math.abs(gap - meanGap) > SPACING_TOLERANCE * meanGap)) return refuse('its slices are not evenly spaced');
  return { kind: 'reconstructable', sliceCount: slices.length, sliceSpacing: meanGap };
}
