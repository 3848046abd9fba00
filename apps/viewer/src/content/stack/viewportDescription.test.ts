import { describe, expect, it } from 'vitest';
import { viewportDescription } from './viewportDescription';

describe('viewportDescription', () => {
  it('says the series, the position in the stack (counted from 1) and the window', () => {
    expect(viewportDescription({ modality: 'CT', seriesDescription: 'Chest axial', imageIndex: 11, imageCount: 256, window: { width: 400, center: 40 } })).toBe(
      'CT Chest axial, image 12 of 256, window 400 level 40',
    );
  });

  it('rounds the window as the overlay does, and says frame for a multi-frame instance', () => {
    expect(viewportDescription({ modality: 'XA', seriesDescription: undefined, imageIndex: 0, imageCount: 30, isMultiframe: true, window: { width: 255.6, center: 127.4 } })).toBe(
      'XA, frame 1 of 30, window 256 level 127',
    );
  });

  it('says "Image" when the series has no modality or description, and leaves out what is not known yet', () => {
    expect(viewportDescription({ modality: undefined, seriesDescription: '  ', imageIndex: 0, imageCount: 0, window: undefined })).toBe('Image');
  });

  it('says why an image is not shown instead of a window that applies to nothing, and when the image is inverted', () => {
    expect(viewportDescription({ modality: 'MR', seriesDescription: 'T2', imageIndex: 4, imageCount: 20, window: { width: 1, center: 2 }, unavailableReason: 'the archive did not answer' })).toBe(
      'MR T2, image 5 of 20, not shown: the archive did not answer',
    );
    expect(viewportDescription({ modality: 'CR', seriesDescription: 'Chest PA', imageIndex: 0, imageCount: 1, window: { width: 4096, center: 2048 }, isInverted: true })).toBe(
      'CR Chest PA, image 1 of 1, window 4096 level 2048, inverted',
    );
  });
});
