import { describe, expect, it } from 'vitest';
import { imageNumberText } from './imageNumber';

describe('imageNumberText', () => {
  it('counts the only image of a series whose decode failed (the viewer holds none)', () => {
    expect(imageNumberText({ imageIndex: 0, frame: undefined, viewerImageCount: 0, stackSize: 1, isMultiframe: false })).toBe('Im 1/1');
  });
  it('gives the position in the stack on screen', () => {
    expect(imageNumberText({ imageIndex: 41, frame: undefined, viewerImageCount: 120, stackSize: 120, isMultiframe: false })).toBe('Im 42/120');
  });
  it('counts frames within a multi-frame instance', () => {
    expect(imageNumberText({ imageIndex: 4, frame: 5, viewerImageCount: 30, stackSize: 30, isMultiframe: true })).toBe('Fr 5/30');
    expect(imageNumberText({ imageIndex: 4, frame: undefined, viewerImageCount: 30, stackSize: 30, isMultiframe: true })).toBe('Fr 5/30');
  });
});
