import { describe, expect, it } from 'vitest';
import { volumeGeometryOf, type SliceGeometry } from './mprGeometry';

const AXIAL = [1, 0, 0, 0, 1, 0];

function axialStack(zs: number[], overrides: (index: number) => Partial<SliceGeometry> = () => ({})): SliceGeometry[] {
  return zs.map((z, index) => ({ imagePositionPatient: [-100, -100, z], imageOrientationPatient: AXIAL, pixelSpacing: [0.7, 0.7], rows: 512, columns: 512, ...overrides(index) }));
}

describe('volumeGeometryOf', () => {
  it('accepts parallel, evenly spaced slices and gives their spacing (in any order)', () => {
    expect(volumeGeometryOf(axialStack([0, -1.25, -2.5, -3.75]))).toEqual({ kind: 'reconstructable', sliceCount: 4, sliceSpacing: 1.25 });
    expect(volumeGeometryOf(axialStack([-2.5, 0, -1.25]))).toMatchObject({ kind: 'reconstructable', sliceSpacing: 1.25 });
  });
  it('accepts a sagittal stack (normal along x)', () => {
    const slices = [0, 3, 6].map((x) => ({ imagePositionPatient: [x, -100, 100], imageOrientationPatient: [0, 1, 0, 0, 0, -1], pixelSpacing: [0.9, 0.9], rows: 256, columns: 256 }));
    expect(volumeGeometryOf(slices)).toMatchObject({ kind: 'reconstructable', sliceSpacing: 3 });
  });
  it('refuses too few images', () => {
    expect(volumeGeometryOf(axialStack([0, 1]))).toEqual({ kind: 'not-reconstructable', reason: 'it has 2 images; at least 3 are needed' });
  });
  it('refuses uneven spacing (a missing slice)', () => {
    expect(volumeGeometryOf(axialStack([0, 1, 2, 4]))).toEqual({ kind: 'not-reconstructable', reason: 'its slices are not evenly spaced' });
  });
  it('refuses slices that are not parallel', () => {
    const tilted = axialStack([0, 1, 2], (i) => (i === 1 ? { imageOrientationPatient: [1, 0, 0, 0, 0.9961947, -0.0871557] } : {}));
    expect(volumeGeometryOf(tilted)).toMatchObject({ kind: 'not-reconstructable', reason: 'its images are not all parallel (orientation differs)' });
  });
  it('refuses a sheared stack (gantry tilt)', () => {
    const sheared = axialStack([0, 1, 2], (i) => ({ imagePositionPatient: [-100, -100 + i * 0.5, i] }));
    expect(volumeGeometryOf(sheared)).toMatchObject({ kind: 'not-reconstructable', reason: expect.stringContaining('offset sideways') });
  });
  it('refuses images without geometry, of different sizes, or at the same position', () => {
    expect(volumeGeometryOf(axialStack([0, 1, 2], (i) => (i === 2 ? { imagePositionPatient: undefined } : {})))).toMatchObject({ reason: 'some images have no position or orientation in the patient' });
    expect(volumeGeometryOf(axialStack([0, 1, 2], (i) => (i === 2 ? { rows: 256 } : {})))).toMatchObject({ reason: 'its images differ in size or pixel spacing' });
    expect(volumeGeometryOf(axialStack([0, 1, 1, 2]))).toMatchObject({ reason: 'two of its images are at the same position' });
  });
});
