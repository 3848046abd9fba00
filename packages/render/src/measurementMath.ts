/**
 * The arithmetic behind every number the measurement panel shows, kept free of Cornerstone so
 * it can be checked against hand-worked cases. Points are image pixel coordinates: `column`
 * grows to the right, `row` downwards, and (0, 0) is the centre of the first pixel.
 */

export interface ImagePoint {
  column: number;
  row: number;
}

export type Vector3 = readonly [number, number, number];

/**
 * How a distance in pixels becomes a distance in millimetres (PS3.3 10.7.1.3):
 * - `patient`: PixelSpacing, in the patient (cross-sectional images, or a projection image
 *   corrected for magnification);
 * - `detector`: only ImagerPixelSpacing, at the detector face: the object is magnified by the
 *   beam's divergence, so the value is larger than the anatomy and is shown with a note;
 * - `pixels`: nothing calibrates the image.
 * Spacings are [between rows (vertical), between columns (horizontal)], as DICOM orders them.
 */
export type Calibration =
  | { kind: 'patient'; rowSpacing: number; columnSpacing: number }
  | { kind: 'detector'; rowSpacing: number; columnSpacing: number }
  | { kind: 'pixels' };

function isUsableSpacing(spacing: readonly number[] | undefined): spacing is readonly [number, number] {
  return spacing !== undefined && spacing.length >= 2 && spacing.slice(0, 2).every((s) => Number.isFinite(s) && s > 0);
}

export function chooseCalibration(spacing: { pixelSpacing?: readonly number[] | undefined; imagerPixelSpacing?: readonly number[] | undefined }): Calibration {
  if (isUsableSpacing(spacing.pixelSpacing)) {
    return { kind: 'patient', rowSpacing: spacing.pixelSpacing[0], columnSpacing: spacing.pixelSpacing[1] };
  }
  if (isUsableSpacing(spacing.imagerPixelSpacing)) {
    return { kind: 'detector', rowSpacing: spacing.imagerPixelSpacing[0], columnSpacing: spacing.imagerPixelSpacing[1] };
  }
  return { kind: 'pixels' };
}

export type LengthUnit = 'mm' | 'px';

/** The unit lengths come out in, and the note a detector-plane value carries. */
export function lengthUnitOf(calibration: Calibration): { unit: LengthUnit; note: string | undefined } {
  if (calibration.kind === 'pixels') return { unit: 'px', note: 'uncalibrated' };
  return { unit: 'mm', note: calibration.kind === 'detector' ? 'at detector' : undefined };
}

/** Millimetres (or pixels) per pixel step along columns (x) and rows (y). */
function stepSizes(calibration: Calibration): { x: number; y: number } {
  return calibration.kind === 'pixels' ? { x: 1, y: 1 } : { x: calibration.columnSpacing, y: calibration.rowSpacing };
}

/** The physical offset from a to b (in the calibration's unit), so anisotropic pixels are handled. */
function physicalOffset(a: ImagePoint, b: ImagePoint, calibration: Calibration): [number, number] {
  const step = stepSizes(calibration);
  return [(b.column - a.column) * step.x, (b.row - a.row) * step.y];
}

/** Distance between two points, in the calibration's unit. */
export function lengthBetween(a: ImagePoint, b: ImagePoint, calibration: Calibration): number {
  const [dx, dy] = physicalOffset(a, b, calibration);
  return Math.hypot(dx, dy);
}

/**
 * The angle at `vertex` between the rays to `a` and `c`, in degrees (0–180). Measured after
 * scaling to physical units: on non-square pixels the angle on screen in pixels is not the
 * angle in the patient.
 */
export function angleAt(a: ImagePoint, vertex: ImagePoint, c: ImagePoint, calibration: Calibration): number {
  const [ux, uy] = physicalOffset(vertex, a, calibration);
  const [vx, vy] = physicalOffset(vertex, c, calibration);
  const lengths = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  if (lengths === 0) return 0;
  const cosine = Math.min(1, Math.max(-1, (ux * vx + uy * vy) / lengths));
  return (Math.acos(cosine) * 180) / Math.PI;
}

/**
 * An image plane as Cornerstone places it in world space (mm): where the first pixel's centre
 * is, the directions of increasing column and row (PS3.3 C.7.6.2.1.1: the row direction
 * cosine, along which the column index grows, comes first), and the pixel steps.
 */
export interface ImagePlane {
  origin: Vector3;
  columnDirection: Vector3;
  rowDirection: Vector3;
  /** mm between columns (horizontal step). */
  columnSpacing: number;
  /** mm between rows (vertical step). */
  rowSpacing: number;
}

function dot(a: Vector3, b: Vector3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** A world point projected onto an image plane, in pixel coordinates. */
export function worldToImagePoint(world: Vector3, plane: ImagePlane): ImagePoint {
  const offset: Vector3 = [world[0] - plane.origin[0], world[1] - plane.origin[1], world[2] - plane.origin[2]];
  return { column: dot(offset, plane.columnDirection) / plane.columnSpacing, row: dot(offset, plane.rowDirection) / plane.rowSpacing };
}

/** The patient-space point of an image point: the inverse of worldToImagePoint. */
export function imageToWorldPoint(point: ImagePoint, plane: ImagePlane): Vector3 {
  const at = (i: 0 | 1 | 2) =>
    plane.origin[i] + plane.columnDirection[i] * point.column * plane.columnSpacing + plane.rowDirection[i] * point.row * plane.rowSpacing;
  return [at(0), at(1), at(2)];
}

/** Stored pixel value → modality value (PS3.3 C.11.1.1.2): HU for CT. */
export interface Rescale {
  slope: number;
  intercept: number;
}

export const IDENTITY_RESCALE: Rescale = { slope: 1, intercept: 0 };

/** PET Units (0054,1001) as readers write them. */
const PET_UNITS: Record<string, string> = { BQML: 'Bq/ml', CNTS: 'counts', GML: 'g/ml' };

/**
 * The unit modality values are in: HU for CT (its rescale gives Hounsfield units by
 * definition), a PET series' Units, the RescaleType where the image names one, else none (raw
 * stored values).
 */
export function modalityUnitOf(modality: string | undefined, rescaleType: string | undefined, petUnits?: string): string {
  if (modality === 'CT') return 'HU';
  if (modality === 'PT' && petUnits) return PET_UNITS[petUnits.toUpperCase()] ?? petUnits;
  const named = rescaleType?.trim();
  if (named && named !== 'US') return named; // 'US' means "unspecified" (PS3.3 C.11.1.1.2)
  return '';
}

/** A region of an image, in pixel coordinates. */
export type Region =
  | { kind: 'rectangle'; corners: readonly ImagePoint[] }
  /** An ellipse given by its centre and the two semi-axis vectors (perpendicular, any angle). */
  | { kind: 'ellipse'; center: ImagePoint; semiAxisA: ImagePoint; semiAxisB: ImagePoint };

export interface PixelGrid {
  columns: number;
  rows: number;
  /** Row-major samples, stored or already rescaled (see `rescale`). */
  values: ArrayLike<number>;
}

export interface RegionStatistics {
  /** Pixels whose centre lies inside the region. */
  count: number;
  mean: number;
  standardDeviation: number;
  min: number;
  max: number;
  /** Geometric area of the shape, in the calibration's unit squared. */
  area: number;
}

function isInside(region: Region, column: number, row: number): boolean {
  if (region.kind === 'rectangle') return true; // the bounding box is the rectangle
  const u = { column: column - region.center.column, row: row - region.center.row };
  const project = (axis: ImagePoint) => {
    const axisLengthSquared = axis.column ** 2 + axis.row ** 2;
    return axisLengthSquared === 0 ? Infinity : (u.column * axis.column + u.row * axis.row) ** 2 / axisLengthSquared ** 2;
  };
  return project(region.semiAxisA) + project(region.semiAxisB) <= 1;
}

function boundsOf(region: Region): { minColumn: number; maxColumn: number; minRow: number; maxRow: number } {
  if (region.kind === 'ellipse') {
    // A rotated ellipse's box is not spanned by its axis ends: take the longest semi-axis all
    // round so no inside pixel is skipped (isInside decides).
    const reach = Math.max(Math.hypot(region.semiAxisA.column, region.semiAxisA.row), Math.hypot(region.semiAxisB.column, region.semiAxisB.row));
    const { column, row } = region.center;
    return { minColumn: column - reach, maxColumn: column + reach, minRow: row - reach, maxRow: row + reach };
  }
  const columns = region.corners.map((p) => p.column);
  const rows = region.corners.map((p) => p.row);
  return { minColumn: Math.min(...columns), maxColumn: Math.max(...columns), minRow: Math.min(...rows), maxRow: Math.max(...rows) };
}

function areaOf(region: Region, calibration: Calibration): number {
  const step = stepSizes(calibration);
  if (region.kind === 'ellipse') {
    const a = Math.hypot(region.semiAxisA.column * step.x, region.semiAxisA.row * step.y);
    const b = Math.hypot(region.semiAxisB.column * step.x, region.semiAxisB.row * step.y);
    return Math.PI * a * b;
  }
  const { minColumn, maxColumn, minRow, maxRow } = boundsOf(region);
  return (maxColumn - minColumn) * step.x * (maxRow - minRow) * step.y;
}

/**
 * Mean, standard deviation (population), minimum and maximum of the modality values of the
 * pixels whose centre lies in the region, clipped to the image. `rescale` maps the grid's
 * values to modality values; pass IDENTITY_RESCALE when they already are.
 */
export function regionStatistics(grid: PixelGrid, region: Region, rescale: Rescale, calibration: Calibration): RegionStatistics | undefined {
  const bounds = boundsOf(region);
  const firstColumn = Math.max(0, Math.ceil(bounds.minColumn));
  const lastColumn = Math.min(grid.columns - 1, Math.floor(bounds.maxColumn));
  const firstRow = Math.max(0, Math.ceil(bounds.minRow));
  const lastRow = Math.min(grid.rows - 1, Math.floor(bounds.maxRow));
  let count = 0;
  let sum = 0;
  let sumOfSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let row = firstRow; row <= lastRow; row += 1) {
    for (let column = firstColumn; column <= lastColumn; column += 1) {
      if (!isInside(region, column, row)) continue;
      const value = (grid.values[row * grid.columns + column] as number) * rescale.slope + rescale.intercept;
      count += 1;
      sum += value;
      sumOfSquares += value * value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (count === 0) return undefined;
  const mean = sum / count;
  const variance = Math.max(0, sumOfSquares / count - mean * mean);
  return { count, mean, standardDeviation: Math.sqrt(variance), min, max, area: areaOf(region, calibration) };
}

/** The modality value of the pixel under a point (nearest pixel centre), or undefined off the image. */
export function probeValue(grid: PixelGrid, point: ImagePoint, rescale: Rescale): number | undefined {
  const column = Math.round(point.column);
  const row = Math.round(point.row);
  if (column < 0 || row < 0 || column >= grid.columns || row >= grid.rows) return undefined;
  return (grid.values[row * grid.columns + column] as number) * rescale.slope + rescale.intercept;
}

/** Rounds for display: one decimal for lengths and modality values, none for large areas. */
export function formatNumber(value: number, decimals = 1): string {
  const rounded = value.toFixed(decimals);
  return rounded === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : rounded;
}
