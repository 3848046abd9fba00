import { sliceNormal, type Vector3 } from '@longview/dicom-meta';

/** One image plane in patient space (LPS, mm). */
export interface ImagePlane {
  imagePositionPatient: Vector3;
  /** Row direction (along a row, columns increase) then column direction (rows increase). */
  imageOrientationPatient: readonly number[];
  /** PixelSpacing: between rows, then between columns (PS3.3 10.7.1.3). */
  pixelSpacing: readonly [number, number];
  rows: number;
  columns: number;
}

/** Below this sine of the angle between planes they count as parallel: no line. */
const PARALLEL_SINE = Math.sin((20 * Math.PI) / 180);

const dot = (a: readonly number[], b: readonly number[]) => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

/**
 * Where the plane of `source` cuts the image `target`, as a segment between two points in
 * patient space on the target image's outer edges, for drawing the classic reference line
 * (e.g. the axial slice on a sagittal). Undefined when the planes are (nearly) parallel or the
 * source plane misses the target image. Both images must share a frame of reference.
 */
export function referenceLine(source: ImagePlane, target: ImagePlane): [Vector3, Vector3] | undefined {
  const normal = sliceNormal(source.imageOrientationPatient);
  const targetNormal = sliceNormal(target.imageOrientationPatient);
  if (!normal || !targetNormal) return undefined;
  const cross = [
    normal[1] * targetNormal[2] - normal[2] * targetNormal[1],
    normal[2] * targetNormal[0] - normal[0] * targetNormal[2],
    normal[0] * targetNormal[1] - normal[1] * targetNormal[0],
  ];
  if (Math.hypot(cross[0] ?? 0, cross[1] ?? 0, cross[2] ?? 0) < PARALLEL_SINE) return undefined;
  const rowDirection = target.imageOrientationPatient.slice(0, 3);
  const columnDirection = target.imageOrientationPatient.slice(3, 6);
  const [rowSpacing, columnSpacing] = target.pixelSpacing;
  // A target pixel (c, r) lies at P = IPP + c·columnSpacing·rowDirection + r·rowSpacing·columnDirection;
  // it is on the source plane where a·c + b·r + k = 0.
  const a = columnSpacing * dot(rowDirection, normal);
  const b = rowSpacing * dot(columnDirection, normal);
  const k = dot(target.imagePositionPatient, normal) - dot(source.imagePositionPatient, normal);
  // The image's outer edges: half a pixel beyond the first and last pixel centres.
  const c0 = -0.5;
  const c1 = target.columns - 0.5;
  const r0 = -0.5;
  const r1 = target.rows - 0.5;
  const hits: Array<[number, number]> = [];
  const inside = (value: number, low: number, high: number) => value >= low - 1e-9 && value <= high + 1e-9;
  if (Math.abs(b) > 1e-12) {
    for (const c of [c0, c1]) {
      const r = -(a * c + k) / b;
      if (inside(r, r0, r1)) hits.push([c, r]);
    }
  }
  if (Math.abs(a) > 1e-12) {
    for (const r of [r0, r1]) {
      const c = -(b * r + k) / a;
      if (inside(c, c0, c1)) hits.push([c, r]);
    }
  }
  // Two distinct crossings of the rectangle (a corner is found twice).
  const first = hits[0];
  const second = hits.find((hit) => first && Math.hypot(hit[0] - first[0], hit[1] - first[1]) > 1e-6);
  if (!first || !second) return undefined;
  const toPatient = ([c, r]: [number, number]): Vector3 => {
    const p = target.imagePositionPatient;
    return [
      p[0] + c * columnSpacing * (rowDirection[0] ?? 0) + r * rowSpacing * (columnDirection[0] ?? 0),
      p[1] + c * columnSpacing * (rowDirection[1] ?? 0) + r * rowSpacing * (columnDirection[1] ?? 0),
      p[2] + c * columnSpacing * (rowDirection[2] ?? 0) + r * rowSpacing * (columnDirection[2] ?? 0),
    ];
  };
  return [toPatient(first), toPatient(second)];
}
