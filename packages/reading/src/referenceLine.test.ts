import { describe, expect, it } from 'vitest';
import { referenceLine, type ImagePlane } from './referenceLine';

// The demo MR brain: axial 192² at 1.2 mm centred on x = y = 0; sagittal 192² with rows
// running anterior → posterior and columns head → feet, top row at z = 110.
const origin = -(191 * 1.2) / 2;
const axialAt = (z: number): ImagePlane => ({
  imagePositionPatient: [origin, origin, z], imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing: [1.2, 1.2], rows: 192, columns: 192,
});
const sagittalAt = (x: number): ImagePlane => ({
  imagePositionPatient: [x, origin, 110], imageOrientationPatient: [0, 1, 0, 0, 0, -1], pixelSpacing: [1.2, 1.2], rows: 192, columns: 192,
});

describe('referenceLine', () => {
  it('draws an axial slice as a horizontal line across the sagittal at its z', () => {
    const line = referenceLine(axialAt(20), sagittalAt(-5));
    expect(line).toBeDefined();
    const [a, b] = line ?? [];
    // Both ends at the sagittal's x and the axial's z, spanning the sagittal's full width (y).
    for (const end of [a, b]) {
      expect(end?.[0]).toBeCloseTo(-5, 6);
      expect(end?.[2]).toBeCloseTo(20, 6);
    }
    expect(Math.abs((a?.[1] ?? 0) - (b?.[1] ?? 0))).toBeCloseTo(192 * 1.2, 6);
  });

  it('draws a sagittal slice as a vertical line on the axial at its x', () => {
    const [a, b] = referenceLine(sagittalAt(30), axialAt(0)) ?? [];
    expect(a?.[0]).toBeCloseTo(30, 6);
    expect(b?.[0]).toBeCloseTo(30, 6);
    expect(Math.abs((a?.[1] ?? 0) - (b?.[1] ?? 0))).toBeCloseTo(192 * 1.2, 6);
  });

  it('gives no line for parallel planes or a plane that misses the image', () => {
    expect(referenceLine(axialAt(0), axialAt(10))).toBeUndefined();
    expect(referenceLine(axialAt(500), sagittalAt(0))).toBeUndefined(); // far above the sagittal's top
  });

  it('clips an oblique plane to the image edges', () => {
    const s = Math.SQRT1_2;
    // A plane tilted 45° about x through the image centre: enters and leaves through edges.
    const oblique: ImagePlane = { imagePositionPatient: [0, 0, 0], imageOrientationPatient: [1, 0, 0, 0, s, s], pixelSpacing: [1, 1], rows: 10, columns: 10 };
    const [a, b] = referenceLine(oblique, sagittalAt(0)) ?? [];
    expect(a && b).toBeTruthy();
    // On that plane y = z (normal (0, −s, s)), and both ends inside the sagittal image.
    for (const end of [a, b]) {
      expect((end?.[1] ?? 0) - (end?.[2] ?? 0)).toBeCloseTo(0, 6);
      expect(end?.[2]).toBeLessThanOrEqual(110.6 + 1e-9);
    }
  });
});
