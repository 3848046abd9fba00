import { describe, expect, it } from 'vitest';
import { exportFileName } from './exportFormat';

describe('exportFileName', () => {
  it('names the export by format, scope and time only', () => {
    const now = new Date('2025-03-04T05:06:07.890Z');
    expect(exportFileName('dicom-deidentified', 'series', now)).toBe('longview-deidentified-series-20250304-050607.zip');
    expect(exportFileName('png', 'study', now)).toBe('longview-image-20250304-050607.png');
  });
});
