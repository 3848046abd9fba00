import { sliceNormal, type Vector3 } from '@longview/dicom-meta';

/** Where the images of one stack lie in patient space (LPS, mm), in display order. */
export interface StackGeometry {
  frameOfReferenceUid: string | undefined;
  /** Unit normal of the stack's image planes (row × column direction). */
  normal: Vector3;
  /** ImagePositionPatient of each image, in display order. */
  positions: readonly Vector3[];
}

/** What an image brings to the geometry; undefined fields make the stack unsyncable. */
export interface PositionedImage {
  imagePositionPatient: readonly number[] | undefined;
  imageOrientationPatient: readonly number[] | undefined;
}

/** Planes within this angle count as parallel: a few degrees of gantry tilt still sync. */
const PARALLEL_TOLERANCE_DEGREES = 15;

const dot = (a: Vector3, b: readonly number[]) => a[0] * (b[0] ?? 0) + a[1] * (b[1] ?? 0) + a[2] * (b[2] ?? 0);

/**
 * The geometry of a stack, or undefined when an image lacks position or orientation or the
 * images do not share one orientation (a localizer series, a stack of projections).
 */
export function stackGeometry(images: readonly PositionedImage[], frameOfReferenceUid: string | undefined): StackGeometry | undefined {
  const orientation = images[0]?.imageOrientationPatient;
  if (!orientation || orientation.length !== 6) return undefined;
  const positions: Vector3[] = [];
  for (const image of images) {
    const position = image.imagePositionPatient;
    const sameOrientation = image.imageOrientationPatient?.length === 6 && image.imageOrientationPatient.every((v, k) => Math.abs(v - (orientation[k] ?? 0)) < 1e-3);
    if (position?.length !== 3 || !sameOrientation) return undefined;
    positions.push([position[0] ?? 0, position[1] ?? 0, position[2] ?? 0]);
  }
  const normal = sliceNormal(orientation);
  const length = normal ? Math.hypot(normal[0], normal[1], normal[2]) : 0;
  if (!normal || !(length > 0) || positions.length === 0) return undefined;
  return { frameOfReferenceUid, normal: [normal[0] / length, normal[1] / length, normal[2] / length], positions };
}

/** How two stacks are tied: by their shared frame of reference, or by an offset the reader set. */
export type SliceLink =
  | { kind: 'same-frame' }
  /** Added to the source's position along the target's normal (mm); from `linkAt`. */
  | { kind: 'offset'; offsetMm: number };

/** Whether two stacks' planes are parallel enough to scroll together. */
export function areParallel(a: StackGeometry, b: StackGeometry): boolean {
  const cosine = Math.abs(dot(a.normal, b.normal));
  return cosine >= Math.cos((PARALLEL_TOLERANCE_DEGREES * Math.PI) / 180);
}

/** The link two stacks have without the reader's help: only a shared frame of reference. */
export function defaultLink(source: StackGeometry, target: StackGeometry): SliceLink | undefined {
  const sameFrame = source.frameOfReferenceUid !== undefined && source.frameOfReferenceUid === target.frameOfReferenceUid;
  return sameFrame ? { kind: 'same-frame' } : undefined;
}

/**
 * "Link here": the offset that makes the two images on screen correspond, for stacks in
 * different frames of reference (another scanner, another visit) whose anatomy the reader has
 * aligned by eye. Scrolling then keeps that anatomical offset.
 */
export function linkAt(source: StackGeometry, sourceIndex: number, target: StackGeometry, targetIndex: number): SliceLink | undefined {
  const from = source.positions[sourceIndex];
  const to = target.positions[targetIndex];
  if (!from || !to) return undefined;
  return { kind: 'offset', offsetMm: dot(target.normal, to) - dot(target.normal, from) };
}

/**
 * The image of `target` at the patient position of `source`'s image `sourceIndex`: the one whose
 * ImagePositionPatient, projected on the target's normal, is nearest. Undefined when the planes
 * are not parallel (that is a reference line, not a sync), or when the position lies outside the
 * target stack by more than half a slice (the prior did not cover that level: better no image
 * than a wrong one). Works whatever the order, spacing or gaps of either stack.
 */
export function matchingSlice(source: StackGeometry, sourceIndex: number, target: StackGeometry, link: SliceLink): number | undefined {
  const from = source.positions[sourceIndex];
  if (!from || !areParallel(source, target)) return undefined;
  const wanted = dot(target.normal, from) + (link.kind === 'offset' ? link.offsetMm : 0);
  const distances = target.positions.map((position) => dot(target.normal, position));
  let nearest = -1;
  for (let i = 0; i < distances.length; i++) {
    if (nearest < 0 || Math.abs((distances[i] as number) - wanted) < Math.abs((distances[nearest] as number) - wanted)) nearest = i;
  }
  if (nearest < 0) return undefined;
  const sorted = [...distances].sort((a, b) => a - b);
  const low = sorted[0] as number;
  const high = sorted[sorted.length - 1] as number;
  const halfSlice = sorted.length > 1 ? (high - low) / (sorted.length - 1) / 2 : 0.5;
  if (wanted < low - halfSlice - 1e-6 || wanted > high + halfSlice + 1e-6) return undefined;
  return nearest;
}
