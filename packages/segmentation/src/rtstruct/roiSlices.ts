import type { Vector3 } from '@longview/dicom-meta';
import { dot, nearestToWeightedMean, planeKey, unit } from '../geometry';
import type { Contour, Roi } from './model';

/** One plane an ROI has contours on: the image they name (the first contour's) and a point of the plane. */
export interface RoiSlice {
  readonly referencedSopInstanceUid: string | undefined;
  readonly pointOnPlane: Vector3;
}

/** The planes an ROI's contours lie on, in the order a stack is read (most cranial first for axial). */
export interface RoiSlices {
  /** The unit normal of the contours' planes, its largest component positive. */
  readonly normal: Vector3;
  readonly count: number;
  readonly first: RoiSlice;
  /** The plane nearest the ROI's area-weighted centroid along the normal: where "go to ROI" jumps. */
  readonly centre: RoiSlice;
  readonly last: RoiSlice;
}

const pointAt = (points: Float32Array, index: number): Vector3 => [points[3 * index] as number, points[3 * index + 1] as number, points[3 * index + 2] as number];

/**
 * A contour's area vector (Newell's method): normal to its plane, as long as twice its area. It
 * works for any orientation and any (non-self-intersecting) polygon, where the z of the first
 * point would assume an axial stack.
 */
function areaVector(contour: Contour): Vector3 {
  const count = contour.points.length / 3;
  let [x, y, z] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const [a, b] = [pointAt(contour.points, i), pointAt(contour.points, (i + 1) % count)];
    x += (a[1] - b[1]) * (a[2] + b[2]);
    y += (a[2] - b[2]) * (a[0] + b[0]);
    z += (a[0] - b[0]) * (a[1] + b[1]);
  }
  return [x, y, z];
}

/**
 * A contour's winding (clockwise or not) signs its area vector; the plane's normal is signed so
 * that its largest component is positive instead, so that for axial contours it points to the
 * head and "first" is the most cranial slice, as a stack is read.
 */
function positiveDominant(normal: Vector3): Vector3 {
  const dominant = normal.reduce((best, component) => (Math.abs(component) > Math.abs(best) ? component : best), 0);
  return dominant < 0 ? [-normal[0], -normal[1], -normal[2]] : normal;
}

/**
 * The planes of an ROI's contours, weighted by area: the same centre rule as a SEG segment's
 * (its voxels' centroid), so a GTV outlined in both jumps to the same slice. Undefined when no
 * contour encloses an area (points or lines only): there is no plane to order them along.
 */
export function roiSlices(roi: Roi): RoiSlices | undefined {
  const areas = roi.contours.map(areaVector);
  const found = areas.map(unit).find((candidate) => candidate !== undefined);
  if (!found) return undefined;
  const normal = positiveDominant(found);
  const planes = new Map<string, { slice: RoiSlice; offset: number; weight: number }>();
  roi.contours.forEach((contour, index) => {
    const point = pointAt(contour.points, 0);
    const key = planeKey(point, normal);
    const weight = Math.abs(dot(areas[index] as Vector3, normal)) / 2;
    const plane = planes.get(key);
    if (plane) plane.weight += weight;
    else planes.set(key, { slice: { referencedSopInstanceUid: contour.referencedSopInstanceUid, pointOnPlane: point }, offset: dot(point, normal), weight });
  });
  const ordered = [...planes.values()].sort((a, b) => b.offset - a.offset);
  const at = (index: number) => (ordered[index] as { slice: RoiSlice }).slice;
  return { normal, count: ordered.length, first: at(0), centre: at(nearestToWeightedMean(ordered) as number), last: at(ordered.length - 1) };
}
