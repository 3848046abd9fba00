import { describe, expect, it } from 'vitest';
import {
  IDENTITY_RESCALE,
  angleAt,
  chooseCalibration,
  formatNumber,
  lengthBetween,
  lengthUnitOf,
  modalityUnitOf,
  probeValue,
  regionStatistics,
  worldToImagePoint,
  imageToWorldPoint,
  type PixelGrid,
} from './measurementMath';

const CT = chooseCalibration({ pixelSpacing: [0.7, 0.7] });

describe('chooseCalibration', () => {
  it('prefers PixelSpacing (in the patient) over ImagerPixelSpacing', () => {
    expect(chooseCalibration({ pixelSpacing: [0.5, 0.4], imagerPixelSpacing: [0.6, 0.6] })).toEqual({ kind: 'patient', rowSpacing: 0.5, columnSpacing: 0.4 });
  });
  it('falls back to ImagerPixelSpacing, marked as at the detector', () => {
    const calibration = chooseCalibration({ imagerPixelSpacing: [0.143, 0.143] });
    expect(calibration).toEqual({ kind: 'detector', rowSpacing: 0.143, columnSpacing: 0.143 });
    expect(lengthUnitOf(calibration)).toEqual({ unit: 'mm', note: 'at detector' });
  });
  it('measures in pixels when nothing usable calibrates the image', () => {
    for (const spacing of [{}, { pixelSpacing: [0, 0] }, { pixelSpacing: [0.5] }, { imagerPixelSpacing: [Number.NaN, 1] }]) {
      expect(chooseCalibration(spacing)).toEqual({ kind: 'pixels' });
    }
    expect(lengthUnitOf({ kind: 'pixels' })).toEqual({ unit: 'px', note: 'uncalibrated' });
  });
});

describe('lengthBetween', () => {
  it('scales pixel steps by the spacing', () => {
    expect(lengthBetween({ column: 10, row: 10 }, { column: 13, row: 14 }, CT)).toBeCloseTo(3.5, 10);
  });
  it('uses row spacing vertically and column spacing horizontally', () => {
    const anisotropic = chooseCalibration({ pixelSpacing: [2, 0.5] });
    expect(lengthBetween({ column: 0, row: 0 }, { column: 4, row: 0 }, anisotropic)).toBeCloseTo(2, 10);
    expect(lengthBetween({ column: 0, row: 0 }, { column: 0, row: 4 }, anisotropic)).toBeCloseTo(8, 10);
  });
  it('is in pixels when uncalibrated', () => {
    expect(lengthBetween({ column: 0, row: 0 }, { column: 3, row: 4 }, { kind: 'pixels' })).toBe(5);
  });
});

describe('angleAt', () => {
  it('measures the angle at the vertex', () => {
    expect(angleAt({ column: 10, row: 0 }, { column: 0, row: 0 }, { column: 0, row: 10 }, CT)).toBeCloseTo(90, 10);
    expect(angleAt({ column: 10, row: 0 }, { column: 0, row: 0 }, { column: 10, row: 10 }, CT)).toBeCloseTo(45, 10);
    expect(angleAt({ column: 10, row: 0 }, { column: 0, row: 0 }, { column: -10, row: 0 }, CT)).toBeCloseTo(180, 10);
  });
  it('measures in the patient, not on the pixel grid, when pixels are not square', () => {
    // One pixel right and one down is 45° on the grid but atan(2/1) in millimetres.
    const tall = chooseCalibration({ pixelSpacing: [2, 1] });
    expect(angleAt({ column: 1, row: 0 }, { column: 0, row: 0 }, { column: 1, row: 1 }, tall)).toBeCloseTo((Math.atan(2) * 180) / Math.PI, 10);
  });
  it('is 0 for a degenerate arm instead of NaN', () => {
    expect(angleAt({ column: 0, row: 0 }, { column: 0, row: 0 }, { column: 1, row: 1 }, CT)).toBe(0);
  });
});

describe('worldToImagePoint', () => {
  it('projects onto an axial plane', () => {
    const plane = { origin: [-178.85, -178.85, -100] as const, columnDirection: [1, 0, 0] as const, rowDirection: [0, 1, 0] as const, columnSpacing: 0.7, rowSpacing: 0.7 };
    const point = worldToImagePoint([-178.85 + 7, -178.85 + 14, -100], plane);
    expect(point.column).toBeCloseTo(10, 10);
    expect(point.row).toBeCloseTo(20, 10);
  });
  it('projects onto a sagittal plane (columns along +y, rows along -z)', () => {
    const plane = { origin: [5, -100, 100] as const, columnDirection: [0, 1, 0] as const, rowDirection: [0, 0, -1] as const, columnSpacing: 0.9, rowSpacing: 0.9 };
    const point = worldToImagePoint([5, -100 + 9, 100 - 18], plane);
    expect(point.column).toBeCloseTo(10, 10);
    expect(point.row).toBeCloseTo(20, 10);
  });
});

describe('imageToWorldPoint', () => {
  it('places an image point on an oblique plane, and worldToImagePoint gives it back', () => {
    const c = Math.SQRT1_2;
    const plane = { origin: [12, -30, 45] as const, columnDirection: [c, c, 0] as const, rowDirection: [0, 0, -1] as const, columnSpacing: 0.8, rowSpacing: 1.25 };
    const world = imageToWorldPoint({ column: 10.5, row: 3.25 }, plane);
    expect(world[0]).toBeCloseTo(12 + c * 10.5 * 0.8, 10);
    expect(world[1]).toBeCloseTo(-30 + c * 10.5 * 0.8, 10);
    expect(world[2]).toBeCloseTo(45 - 3.25 * 1.25, 10);
    const back = worldToImagePoint(world, plane);
    expect(back.column).toBeCloseTo(10.5, 10);
    expect(back.row).toBeCloseTo(3.25, 10);
  });
});

/** A 20×20 grid holding stored value 1024 + HU, with a 4×4 block of +100 HU at columns/rows 8–11. */
function gridWithBlock(): PixelGrid {
  const values = new Int16Array(20 * 20).fill(1024 + 40);
  for (let row = 8; row < 12; row += 1) for (let column = 8; column < 12; column += 1) values[row * 20 + column] = 1024 + 140;
  return { columns: 20, rows: 20, values };
}

const CT_RESCALE = { slope: 1, intercept: -1024 };

describe('regionStatistics', () => {
  it('gives the modality values of the pixels inside a rectangle, through the rescale', () => {
    const stats = regionStatistics(
      gridWithBlock(),
      { kind: 'rectangle', corners: [{ column: 8, row: 8 }, { column: 11, row: 11 }] },
      CT_RESCALE,
      CT,
    );
    expect(stats).toMatchObject({ count: 16, mean: 140, standardDeviation: 0, min: 140, max: 140 });
    expect(stats?.area).toBeCloseTo(3 * 0.7 * 3 * 0.7, 10);
  });
  it('mixes values with their population standard deviation', () => {
    // Columns 6–9 of rows 8–11: half at 40 HU, half at 140 HU.
    const stats = regionStatistics(gridWithBlock(), { kind: 'rectangle', corners: [{ column: 6, row: 8 }, { column: 9, row: 11 }] }, CT_RESCALE, CT);
    expect(stats).toMatchObject({ count: 16, mean: 90, standardDeviation: 50, min: 40, max: 140 });
  });
  it('takes the pixels whose centre lies inside an ellipse', () => {
    const grid: PixelGrid = { columns: 9, rows: 9, values: new Float32Array(81).map((_, i) => i) };
    const stats = regionStatistics(grid, { kind: 'ellipse', center: { column: 4, row: 4 }, semiAxisA: { column: 1, row: 0 }, semiAxisB: { column: 0, row: 1 } }, IDENTITY_RESCALE, CT);
    // The centre and its four neighbours: indices 40, 31, 49, 39, 41.
    expect(stats?.count).toBe(5);
    expect(stats?.mean).toBe(40);
    expect(stats?.min).toBe(31);
    expect(stats?.max).toBe(49);
    expect(stats?.area).toBeCloseTo(Math.PI * 0.7 * 0.7, 10);
  });
  it('handles a rotated ellipse', () => {
    const grid: PixelGrid = { columns: 9, rows: 9, values: new Float32Array(81).fill(1) };
    // Semi-axes of length 3√2 and √2 along the diagonals.
    const stats = regionStatistics(grid, { kind: 'ellipse', center: { column: 4, row: 4 }, semiAxisA: { column: 3, row: 3 }, semiAxisB: { column: -1, row: 1 } }, IDENTITY_RESCALE, { kind: 'pixels' });
    expect(stats?.area).toBeCloseTo(Math.PI * 3 * Math.SQRT2 * Math.SQRT2, 10);
    // (2,2), (6,6) and their neighbours along the major axis are inside; (2,6) is not.
    expect(stats?.count).toBeGreaterThan(9);
    const cornerOnly = regionStatistics(grid, { kind: 'ellipse', center: { column: 2, row: 6 }, semiAxisA: { column: 0.1, row: 0.1 }, semiAxisB: { column: -0.1, row: 0.1 } }, IDENTITY_RESCALE, CT);
    expect(cornerOnly?.count).toBe(1);
  });
  it('clips to the image and is undefined when nothing is inside', () => {
    const grid = gridWithBlock();
    expect(regionStatistics(grid, { kind: 'rectangle', corners: [{ column: -5, row: -5 }, { column: 0, row: 0 }] }, CT_RESCALE, CT)?.count).toBe(1);
    expect(regionStatistics(grid, { kind: 'rectangle', corners: [{ column: 30, row: 30 }, { column: 40, row: 40 }] }, CT_RESCALE, CT)).toBeUndefined();
  });
});

describe('probeValue', () => {
  it('reads the nearest pixel through the rescale', () => {
    expect(probeValue(gridWithBlock(), { column: 9.4, row: 8.6 }, CT_RESCALE)).toBe(140);
    expect(probeValue(gridWithBlock(), { column: 2, row: 2 }, { slope: 2, intercept: -2048 })).toBe(80);
    expect(probeValue(gridWithBlock(), { column: 20, row: 2 }, CT_RESCALE)).toBeUndefined();
  });
});

describe('modalityUnitOf', () => {
  it('is HU for CT, the named rescale type elsewhere, else nothing', () => {
    expect(modalityUnitOf('CT', undefined)).toBe('HU');
    expect(modalityUnitOf('PT', 'BQML')).toBe('BQML');
    expect(modalityUnitOf('PT', undefined, 'BQML')).toBe('Bq/ml');
    expect(modalityUnitOf('PT', undefined, 'CNTS')).toBe('counts');
    expect(modalityUnitOf('MR', 'US')).toBe('');
    expect(modalityUnitOf('MR', undefined)).toBe('');
  });
});

describe('formatNumber', () => {
  it('rounds and never shows minus zero', () => {
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(-0.04)).toBe('0.0');
    expect(formatNumber(7.5, 0)).toBe('8');
  });
});
