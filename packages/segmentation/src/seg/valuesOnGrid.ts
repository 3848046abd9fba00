import type { Vector3 } from '@longview/dicom-meta';
import type { Segmentation } from './model';
import type { ValueVolume } from './segmentStatistics';

/** One slice of another series' values (a PET's, in SUV), placed in patient space. */
export interface PlacedSlice {
  readonly imagePositionPatient: Vector3;
  /** rows × columns, row-major, already in the unit the statistics are to be in. */
  readonly values: ArrayLike<number>;
}

/** A stack of parallel slices of one grid: the series whose values a segment is measured over. */
export interface PlacedStack {
  readonly frameOfReferenceUid: string | undefined;
  readonly rows: number;
  readonly columns: number;
  /** [between rows, between columns] in mm (PixelSpacing). */
  readonly pixelSpacing: readonly [number, number];
  readonly imageOrientationPatient: readonly number[];
  readonly slices: readonly PlacedSlice[];
}

const dot = (a: readonly number[], b: readonly number[]) => (a[0] as number) * (b[0] as number) + (a[1] as number) * (b[1] as number) + (a[2] as number) * (b[2] as number);
const cross = (a: readonly number[], b: readonly number[]): Vector3 => [
  (a[1] as number) * (b[2] as number) - (a[2] as number) * (b[1] as number),
  (a[2] as number) * (b[0] as number) - (a[0] as number) * (b[2] as number),
  (a[0] as number) * (b[1] as number) - (a[1] as number) * (b[0] as number),
];

/** Half the smallest distance between the slices' planes (in any order); 0.5 mm for one slice. */
function halfSliceSpacing(offsets: readonly number[]): number {
  const sorted = [...offsets].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((offset, i) => offset - (sorted[i] as number)).filter((gap) => gap > 1e-6);
  return gaps.length > 0 ? Math.min(...gaps) / 2 : 0.5;
}

/** The index of the slice whose plane is nearest `offset`, and how far it is. */
function nearestSlice(offsets: readonly number[], offset: number): { index: number; distance: number } {
  let best = { index: 0, distance: Number.POSITIVE_INFINITY };
  offsets.forEach((candidate, index) => {
    const distance = Math.abs(candidate - offset);
    if (distance < best.distance) best = { index, distance };
  });
  return best;
}

/** Which of the stack's slices the SEG's frames lie on (within half a slice): the only ones read. */
export function slicesUnderSegmentation(segmentation: Segmentation, stack: Pick<PlacedStack, 'imageOrientationPatient'> & { slices: ReadonlyArray<Pick<PlacedSlice, 'imagePositionPatient'>> }): Set<number> {
  const orientation = stack.imageOrientationPatient;
  if (orientation.length !== 6) return new Set();
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const offsets = stack.slices.map((slice) => dot(slice.imagePositionPatient, normal));
  const halfSpacing = halfSliceSpacing(offsets);
  const used = new Set<number>();
  for (const frame of segmentation.frames) {
    const { index, distance } = nearestSlice(offsets, dot(frame.imagePositionPatient, normal));
    if (distance <= halfSpacing + 1e-3) used.add(index);
  }
  return used;
}

/** Why the stack cannot be sampled, or undefined. */
function stackProblem(segmentation: Segmentation, stack: PlacedStack): string | undefined {
  if (segmentation.frameOfReferenceUid && stack.frameOfReferenceUid && segmentation.frameOfReferenceUid !== stack.frameOfReferenceUid) {
    return 'the values are in another frame of reference than the segmentation';
  }
  if (!segmentation.grid.pixelSpacing || !segmentation.grid.imageOrientationPatient || segmentation.grid.imageOrientationPatient.length !== 6) {
    return 'the segmentation does not say where its pixels lie (pixel spacing, orientation)';
  }
  if (stack.imageOrientationPatient.length !== 6 || stack.slices.length === 0) return 'the values have no slices or no orientation';
  return undefined;
}

/**
 * The stack's values on the SEG's own grid, at the voxels of its frames: for each voxel in any
 * segment, the value of the stack's voxel that contains its centre (nearest neighbour: a PET
 * voxel is one measured number, not to be blended), from the slice within half a slice spacing
 * of it. A voxel no slice covers gets NaN, so statistics over it are "unavailable", never a max
 * of the part that was covered. Voxels outside every segment are 0 (never read).
 */
export function valuesOnSegmentationGrid(segmentation: Segmentation, stack: PlacedStack): ValueVolume | { kind: 'unavailable'; reason: string } {
  const problem = stackProblem(segmentation, stack);
  if (problem) return { kind: 'unavailable', reason: problem };
  const [segRowSpacing, segColumnSpacing] = segmentation.grid.pixelSpacing as readonly [number, number];
  const segOrientation = segmentation.grid.imageOrientationPatient as readonly number[];
  const segAlongRow = segOrientation.slice(0, 3); // direction of increasing column
  const segAlongColumn = segOrientation.slice(3, 6); // direction of increasing row
  const orientation = stack.imageOrientationPatient;
  const alongRow = orientation.slice(0, 3);
  const alongColumn = orientation.slice(3, 6);
  const normal = cross(alongRow, alongColumn);
  const offsets = stack.slices.map((slice) => dot(slice.imagePositionPatient, normal));
  const halfSpacing = halfSliceSpacing(offsets);
  const [rowSpacing, columnSpacing] = stack.pixelSpacing;
  const pixels = segmentation.rows * segmentation.columns;
  const slices = new Map<string, Float32Array>();
  for (const frame of segmentation.frames) {
    if (frame.referencedSopInstanceUid === undefined) continue;
    let out = slices.get(frame.referencedSopInstanceUid);
    if (!out) slices.set(frame.referencedSopInstanceUid, (out = new Float32Array(pixels)));
    const origin = frame.imagePositionPatient;
    const nearest = nearestSlice(offsets, dot(origin, normal));
    const slice = nearest.distance <= halfSpacing + 1e-3 ? stack.slices[nearest.index] : undefined;
    for (let index = 0; index < pixels; index++) {
      if (frame.mask[index] === 0) continue;
      if (!slice) {
        out[index] = Number.NaN;
        continue;
      }
      const row = Math.floor(index / segmentation.columns);
      const column = index - row * segmentation.columns;
      const world = [0, 1, 2].map((axis) => (origin[axis] as number) + column * segColumnSpacing * (segAlongRow[axis] as number) + row * segRowSpacing * (segAlongColumn[axis] as number));
      const relative = world.map((value, axis) => value - (slice.imagePositionPatient[axis] as number));
      const stackColumn = Math.round(dot(relative, alongRow) / columnSpacing);
      const stackRow = Math.round(dot(relative, alongColumn) / rowSpacing);
      const isInside = stackColumn >= 0 && stackColumn < stack.columns && stackRow >= 0 && stackRow < stack.rows;
      out[index] = isInside ? (slice.values[stackRow * stack.columns + stackColumn] as number) : Number.NaN;
    }
  }
  return { frameOfReferenceUid: stack.frameOfReferenceUid, rows: segmentation.rows, columns: segmentation.columns, slices };
}
