import { describe, expect, it } from 'vitest';
import { directionLabel, edgeLabels, edgeLabelsFromImageOrientation, planeOf, sliceNormal } from './orientation';

describe('directionLabel', () => {
  it('names the six cardinal LPS directions', () => {
    expect(directionLabel([1, 0, 0])).toBe('L');
    expect(directionLabel([-1, 0, 0])).toBe('R');
    expect(directionLabel([0, 1, 0])).toBe('P');
    expect(directionLabel([0, -1, 0])).toBe('A');
    expect(directionLabel([0, 0, 1])).toBe('H');
    expect(directionLabel([0, 0, -1])).toBe('F');
  });

  it('lists oblique components strongest first and ignores tiny ones', () => {
    expect(directionLabel([0.2, -0.8, 0.56])).toBe('AH');
    expect(directionLabel([0.99, 0.1, 0])).toBe('L');
    expect(directionLabel([0, -0.7071, -0.7071])).toMatch(/^(AF|FA)$/);
  });

  it('does not depend on the vector length', () => {
    expect(directionLabel([0, 0, -5])).toBe('F');
  });

  it('gives nothing for a zero or non-finite vector', () => {
    expect(directionLabel([0, 0, 0])).toBe('');
    expect(directionLabel([Number.NaN, 0, 0])).toBe('');
  });
});

describe('edge labels from ImageOrientationPatient', () => {
  it('axial CT as stored: R on the left, A on top (radiological convention)', () => {
    expect(edgeLabelsFromImageOrientation([1, 0, 0, 0, 1, 0])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('sagittal MR (rows anterior→posterior, columns head→feet): A left, H top', () => {
    expect(edgeLabelsFromImageOrientation([0, 1, 0, 0, 0, -1])).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
  });

  it('coronal: R left, H top', () => {
    expect(edgeLabelsFromImageOrientation([1, 0, 0, 0, 0, -1])).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
  });

  it('rejects malformed orientation instead of guessing', () => {
    expect(edgeLabelsFromImageOrientation([1, 0, 0])).toBeUndefined();
    expect(edgeLabelsFromImageOrientation([1, 0, 0, 0, Number.NaN, 0])).toBeUndefined();
  });

  it('follows the screen vectors when the view is flipped horizontally', () => {
    // Flipping swaps what screen-right points at; the labels must swap with it.
    expect(edgeLabels([-1, 0, 0], [0, 1, 0])).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
  });
});

describe('planes', () => {
  it('computes the slice normal as row × column', () => {
    expect(sliceNormal([1, 0, 0, 0, 1, 0])).toEqual([0, 0, 1]);
    expect(sliceNormal([0, 1, 0, 0, 0, -1])).toEqual([-1, 0, 0]);
  });

  it('names axial, sagittal, coronal and oblique planes', () => {
    expect(planeOf([1, 0, 0, 0, 1, 0])).toBe('axial');
    expect(planeOf([0, 1, 0, 0, 0, -1])).toBe('sagittal');
    expect(planeOf([1, 0, 0, 0, 0, -1])).toBe('coronal');
    expect(planeOf([1, 0, 0, 0, 0.7071, -0.7071])).toBe('oblique');
  });
});
