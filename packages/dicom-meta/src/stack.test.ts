import { describe, expect, it } from 'vitest';
import { orderStack } from './stack';

const axial = [1, 0, 0, 0, 1, 0];

describe('orderStack', () => {
  it('orders axial slices head first by position, not by instance number', () => {
    const slices = [
      { instanceNumber: 1, imagePositionPatient: [0, 0, -10], imageOrientationPatient: axial },
      { instanceNumber: 2, imagePositionPatient: [0, 0, 10], imageOrientationPatient: axial },
      { instanceNumber: 3, imagePositionPatient: [0, 0, 0], imageOrientationPatient: axial },
    ];
    expect(orderStack(slices).map((s) => s.instanceNumber)).toEqual([2, 3, 1]);
  });

  it('falls back to instance number when any slice lacks geometry', () => {
    const slices = [
      { instanceNumber: 3, imagePositionPatient: [0, 0, 0], imageOrientationPatient: axial },
      { instanceNumber: 1 },
      { instanceNumber: 2, imagePositionPatient: [0, 0, 5], imageOrientationPatient: axial },
    ];
    expect(orderStack(slices).map((s) => s.instanceNumber)).toEqual([1, 2, 3]);
  });

  it('falls back to instance number when orientations differ (a localizer mixed in)', () => {
    const slices = [
      { instanceNumber: 2, imagePositionPatient: [0, 0, 0], imageOrientationPatient: axial },
      { instanceNumber: 1, imagePositionPatient: [0, 0, 5], imageOrientationPatient: [0, 1, 0, 0, 0, -1] },
    ];
    expect(orderStack(slices).map((s) => s.instanceNumber)).toEqual([1, 2]);
  });

  it('does not mutate its input', () => {
    const slices = [{ instanceNumber: 2 }, { instanceNumber: 1 }];
    orderStack(slices);
    expect(slices.map((s) => s.instanceNumber)).toEqual([2, 1]);
  });
});
