import type { DicomJson } from './dicomJson';
import { getNumber, getNumbers } from './values';

/** Where a cine's playback speed came from, so the viewer can say so next to the fps. */
export type CineRateSource = 'FrameTime' | 'CineRate' | 'RecommendedDisplayFrameRate' | 'FrameTimeVector' | 'default';

export interface CineFrameRate {
  /** Frames per second, unrounded (FrameTime 33.33 ms gives 30.003). */
  framesPerSecond: number;
  source: CineRateSource;
}

/** What the viewer plays when the object does not say: a calm stack-scroll speed. */
export const DEFAULT_CINE_FPS = 15;

/** Fastest rate believed from the header; anything faster is a unit error (µs written as ms). */
const MAX_PLAUSIBLE_FPS = 1000;

function plausible(fps: number): boolean {
  return Number.isFinite(fps) && fps > 0 && fps <= MAX_PLAUSIBLE_FPS;
}

/**
 * The rate a multi-frame was acquired at (PS3.3 C.7.6.5 Cine Module), in the order of
 * preference: FrameTime (the nominal time between frames, ms) describes the acquisition
 * itself; CineRate and RecommendedDisplayFrameRate are what the modality suggests for display;
 * FrameTimeVector (per-frame increments, the first usually 0) is averaged as a last resort.
 */
export function cineFrameRate(metadata: DicomJson | undefined): CineFrameRate {
  if (metadata) {
    const frameTime = getNumber(metadata, 'FrameTime');
    if (frameTime !== undefined && plausible(1000 / frameTime)) return { framesPerSecond: 1000 / frameTime, source: 'FrameTime' };
    const cineRate = getNumber(metadata, 'CineRate');
    if (cineRate !== undefined && plausible(cineRate)) return { framesPerSecond: cineRate, source: 'CineRate' };
    const recommended = getNumber(metadata, 'RecommendedDisplayFrameRate');
    if (recommended !== undefined && plausible(recommended)) return { framesPerSecond: recommended, source: 'RecommendedDisplayFrameRate' };
    // The vector's first entry is the time to the first frame (0): the intervals follow it.
    const intervals = getNumbers(metadata, 'FrameTimeVector')?.slice(1).filter((ms) => ms > 0);
    if (intervals && intervals.length > 0) {
      const mean = intervals.reduce((sum, ms) => sum + ms, 0) / intervals.length;
      if (plausible(1000 / mean)) return { framesPerSecond: 1000 / mean, source: 'FrameTimeVector' };
    }
  }
  return { framesPerSecond: DEFAULT_CINE_FPS, source: 'default' };
}
