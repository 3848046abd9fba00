import { describe, expect, it } from 'vitest';
import { cineFrameRate, DEFAULT_CINE_FPS } from './cineFrameRate';
import type { DicomJson } from './dicomJson';

const FRAME_TIME = '00181063';
const CINE_RATE = '00180040';
const RECOMMENDED = '00082144';
const VECTOR = '00181065';

function header(values: Record<string, unknown[]>): DicomJson {
  return Object.fromEntries(Object.entries(values).map(([tag, Value]) => [tag, { vr: 'DS', Value }]));
}

describe('cineFrameRate', () => {
  it('prefers FrameTime over every other source', () => {
    const rate = cineFrameRate(header({ [FRAME_TIME]: ['40'], [CINE_RATE]: [30], [RECOMMENDED]: [15], [VECTOR]: [0, 20, 20] }));
    expect(rate).toEqual({ framesPerSecond: 25, source: 'FrameTime' });
  });

  it('keeps the unrounded rate of a 33.33 ms frame time', () => {
    expect(cineFrameRate(header({ [FRAME_TIME]: [33.33] })).framesPerSecond).toBeCloseTo(30.003, 3);
  });

  it('falls back to CineRate, then RecommendedDisplayFrameRate', () => {
    expect(cineFrameRate(header({ [CINE_RATE]: [24], [RECOMMENDED]: [12] }))).toEqual({ framesPerSecond: 24, source: 'CineRate' });
    expect(cineFrameRate(header({ [RECOMMENDED]: [12] }))).toEqual({ framesPerSecond: 12, source: 'RecommendedDisplayFrameRate' });
  });

  it('averages FrameTimeVector intervals, ignoring the leading zero', () => {
    expect(cineFrameRate(header({ [VECTOR]: [0, 50, 50, 100, 0] }))).toEqual({ framesPerSecond: 1000 / (200 / 3), source: 'FrameTimeVector' });
  });

  it('skips zero, negative and implausible values to the next source', () => {
    expect(cineFrameRate(header({ [FRAME_TIME]: [0], [CINE_RATE]: [20] })).source).toBe('CineRate');
    expect(cineFrameRate(header({ [FRAME_TIME]: [0.0333], [CINE_RATE]: [-3], [RECOMMENDED]: [10] })).source).toBe('RecommendedDisplayFrameRate');
  });

  it('says "default" when the object gives no rate', () => {
    expect(cineFrameRate(header({}))).toEqual({ framesPerSecond: DEFAULT_CINE_FPS, source: 'default' });
    expect(cineFrameRate(undefined).source).toBe('default');
  });
});
