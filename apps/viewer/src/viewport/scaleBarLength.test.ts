import { describe, expect, it } from 'vitest';
import { scaleBarLength } from './scaleBarLength';

describe('scaleBarLength', () => {
  it('picks the longest round length that fits', () => {
    // 0.7 mm per pixel: 50 mm = 71 px fits in 120, 100 mm = 143 px does not.
    expect(scaleBarLength(0.7, 120)).toEqual({ millimetres: 50, pixels: 50 / 0.7 });
  });
  it('shrinks as the user zooms in', () => {
    expect(scaleBarLength(0.1, 120)?.millimetres).toBe(10);
  });
  it('reaches micrometres for microscopy', () => {
    // A 40× slide at 1:1: 0.25 µm per screen pixel; 20 µm = 80 px fits in 120, 50 µm does not.
    expect(scaleBarLength(0.00025, 120)?.millimetres).toBe(0.02);
  });
  it('gives nothing without a usable calibration', () => {
    expect(scaleBarLength(0, 120)).toBeUndefined();
    expect(scaleBarLength(Number.NaN, 120)).toBeUndefined();
    expect(scaleBarLength(10, 5)).toBeUndefined();
  });
});
