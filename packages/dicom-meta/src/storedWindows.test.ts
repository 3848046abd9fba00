import { describe, expect, it } from 'vitest';
import { storedWindowLabel, storedWindows } from './storedWindows';

describe('storedWindows', () => {
  it('pairs centers and widths with their explanations, in order', () => {
    const windows = storedWindows({
      '00281050': { vr: 'DS', Value: [0, 40, '-600'] },
      '00281051': { vr: 'DS', Value: [2000, 400, '1500'] },
      '00281055': { vr: 'LO', Value: ['FULL RANGE', 'MEDIASTINUM', 'LUNG'] },
    });
    expect(windows).toEqual([
      { center: 0, width: 2000, explanation: 'FULL RANGE' },
      { center: 40, width: 400, explanation: 'MEDIASTINUM' },
      { center: -600, width: 1500, explanation: 'LUNG' },
    ]);
  });
  it('ignores unpaired values, widths below 1 and absent explanations', () => {
    expect(
      storedWindows({
        '00281050': { vr: 'DS', Value: [100, 50, 7] },
        '00281051': { vr: 'DS', Value: [200, 0] },
      }),
    ).toEqual([{ center: 100, width: 200, explanation: undefined }]);
  });
  it('gives nothing for an image without windows', () => {
    expect(storedWindows({})).toEqual([]);
  });
});

describe('storedWindowLabel', () => {
  it('title-cases the explanation, or shows the values', () => {
    expect(storedWindowLabel({ center: 0, width: 2000, explanation: 'FULL RANGE' })).toBe('Full Range');
    expect(storedWindowLabel({ center: 40.4, width: 399.6, explanation: undefined })).toBe('W 400 L 40');
  });
});
