/**
 * Heart rate from R peaks of one lead: a simple amplitude detector, enough for a regular
 * rhythm's overlay figure. Not a diagnostic algorithm: the reader measures intervals on the
 * paper, and an irregular or noisy rhythm yields no figure rather than a wrong one.
 */
export interface HeartRate {
  bpm: number;
  /** Median R–R interval in ms. */
  rrMs: number;
  beats: number;
}

/** Refractory period: no two R peaks closer than this (a rate above 300/min is not sinus). */
const REFRACTORY_S = 0.2;

/** Sample indices of R peaks: local maxima above 60 % of the lead's largest deflection. */
export function detectRPeaks(valuesMv: ArrayLike<number>, samplingFrequencyHz: number): number[] {
  let max = 0;
  for (let n = 0; n < valuesMv.length; n++) max = Math.max(max, valuesMv[n] ?? 0);
  if (max <= 0) return [];
  const threshold = 0.6 * max;
  const refractory = Math.round(REFRACTORY_S * samplingFrequencyHz);
  const peaks: number[] = [];
  for (let n = 1; n < valuesMv.length - 1; n++) {
    const value = valuesMv[n] ?? 0;
    if (value < threshold || value < (valuesMv[n - 1] ?? 0) || value < (valuesMv[n + 1] ?? 0)) continue;
    const last = peaks[peaks.length - 1];
    if (last !== undefined && n - last < refractory) {
      if (value > (valuesMv[last] ?? 0)) peaks[peaks.length - 1] = n;
      continue;
    }
    peaks.push(n);
  }
  return peaks;
}

/** Rate from the median R–R interval; undefined with fewer than 3 beats or R–R varying by over 20 %. */
export function heartRateOf(valuesMv: ArrayLike<number>, samplingFrequencyHz: number): HeartRate | undefined {
  const peaks = detectRPeaks(valuesMv, samplingFrequencyHz);
  if (peaks.length < 3) return undefined;
  const intervals = peaks.slice(1).map((peak, i) => (peak - (peaks[i] ?? 0)) / samplingFrequencyHz);
  const sorted = [...intervals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (median <= 0 || sorted.some((rr) => Math.abs(rr - median) > 0.2 * median)) return undefined;
  return { bpm: Math.round(60 / median), rrMs: Math.round(median * 1000), beats: peaks.length };
}
