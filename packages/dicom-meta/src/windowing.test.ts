import { describe, expect, it } from 'vitest';
import { grayLevel, voiRangeToWindow, windowAfterDrag, windowPresetsFor, windowToVoiRange } from './windowing';

describe('window ↔ VOI range', () => {
  it('follows the DICOM linear function and converts both ways without drift', () => {
    expect(windowToVoiRange({ width: 1500, center: -600 })).toEqual({ lower: -1350, upper: 149 });
    expect(voiRangeToWindow({ lower: -1350, upper: 149 })).toEqual({ width: 1500, center: -600 });
    expect(voiRangeToWindow(windowToVoiRange({ width: 80, center: 40 }))).toEqual({ width: 80, center: 40 });
  });

  it('never produces a width below 1', () => {
    expect(voiRangeToWindow({ lower: 10, upper: 10 }).width).toBe(1);
    expect(voiRangeToWindow({ lower: 10, upper: 9.5 }).width).toBe(1.5);
  });
});

describe('windowAfterDrag', () => {
  it('widens to the right and raises the level downwards', () => {
    const start = { width: 400, center: 40 };
    const after = windowAfterDrag(start, 64, 32);
    expect(after.width).toBeGreaterThan(start.width);
    expect(after.center).toBeGreaterThan(start.center);
    expect(after.width).toBeCloseTo(400 + 64 * (400 / 256));
  });

  it('clamps the width at 1 when dragged far left', () => {
    expect(windowAfterDrag({ width: 10, center: 0 }, -10_000, 0).width).toBe(1);
  });
});

describe('grayLevel (PS3.3 C.11.2.1.2.1 linear function)', () => {
  const lung = { width: 1500, center: -600 };
  it('clips below and above the window', () => {
    expect(grayLevel(-2000, lung)).toBe(0);
    expect(grayLevel(1000, lung)).toBe(255);
  });
  it('maps the center to mid-gray', () => {
    expect(grayLevel(-600, lung)).toBeCloseTo(127.6, 0);
  });
  it('is monotonic inside the window', () => {
    expect(grayLevel(-1000, lung)).toBeLessThan(grayLevel(-900, lung));
  });
});

describe('presets', () => {
  it('offers lung, mediastinum, bone and brain for CT with distinct keys', () => {
    const presets = windowPresetsFor('CT');
    expect(presets.map((p) => p.id)).toEqual(expect.arrayContaining(['lung', 'mediastinum', 'bone', 'brain']));
    expect(new Set(presets.map((p) => p.key)).size).toBe(presets.length);
    expect(presets.find((p) => p.id === 'lung')).toMatchObject({ width: 1500, center: -600 });
  });
  it('offers none where units are not absolute', () => {
    expect(windowPresetsFor('MR')).toEqual([]);
    expect(windowPresetsFor(undefined)).toEqual([]);
  });
});
