// A synthetic 12-lead ECG with known amplitudes, so a test can check what the viewer draws
// against what was written: every wave is a Gaussian of known height and width, a sinus rhythm
// at a fixed rate. Leads I and III are defined; the other limb leads follow Einthoven and
// Goldberger (II = I + III, aVR = -(I + II)/2, aVL = (I - III)/2, aVF = (II + III)/2), so the
// tracing is as self-consistent as a real one. Lead II has no Q or S wave: its lowest point is
// the isoelectric line, its highest the R peak.

/** The 12 standard leads in display order, with their MDC codes (DICOM CID 3001). */
export const ECG_LEADS = [
  { label: 'I', code: '2:1', meaning: 'Lead I' },
  { label: 'II', code: '2:2', meaning: 'Lead II' },
  { label: 'III', code: '2:61', meaning: 'Lead III' },
  { label: 'aVR', code: '2:62', meaning: 'Lead aVR' },
  { label: 'aVL', code: '2:63', meaning: 'Lead aVL' },
  { label: 'aVF', code: '2:64', meaning: 'Lead aVF' },
  { label: 'V1', code: '2:3', meaning: 'Lead V1' },
  { label: 'V2', code: '2:4', meaning: 'Lead V2' },
  { label: 'V3', code: '2:5', meaning: 'Lead V3' },
  { label: 'V4', code: '2:6', meaning: 'Lead V4' },
  { label: 'V5', code: '2:7', meaning: 'Lead V5' },
  { label: 'V6', code: '2:8', meaning: 'Lead V6' },
];

export const ECG_RECORDING = {
  samplingFrequencyHz: 500,
  durationS: 10,
  heartRateBpm: 75,
  /** The first R peak; the others follow every 60 / heartRateBpm s. */
  firstRPeakS: 0.4,
  /** µV per stored unit (ChannelSensitivity): a 16-bit sample spans ±81.9 mV. */
  sensitivityUv: 2.5,
};

// Wave heights in mV per lead (P, Q, R, S, T). Limb leads I and III; chest leads directly.
const WAVES_OF = {
  I: { p: 0.1, q: 0, r: 0.8, s: 0, t: 0.25 },
  III: { p: 0.05, q: 0, r: 0.7, s: 0, t: 0.15 },
  V1: { p: 0.08, q: 0, r: 0.2, s: -1.0, t: -0.1 },
  V2: { p: 0.08, q: 0, r: 0.4, s: -1.4, t: 0.3 },
  V3: { p: 0.08, q: 0, r: 0.8, s: -0.8, t: 0.35 },
  V4: { p: 0.1, q: -0.05, r: 1.4, s: -0.4, t: 0.35 },
  V5: { p: 0.1, q: -0.08, r: 1.2, s: -0.2, t: 0.3 },
  V6: { p: 0.1, q: -0.08, r: 0.9, s: -0.1, t: 0.25 },
};

// Timing relative to the R peak (s) and width (Gaussian sigma, s) of each wave.
const SHAPE = {
  p: { at: -0.16, sigma: 0.02 },
  q: { at: -0.025, sigma: 0.008 },
  r: { at: 0, sigma: 0.01 },
  s: { at: 0.025, sigma: 0.008 },
  t: { at: 0.28, sigma: 0.04 },
};

/** Voltage in mV of one lead defined by its wave heights, at time `t` (s). */
function definedLeadMv(waves, t, rPeaks) {
  let mv = 0;
  for (const peak of rPeaks) {
    for (const [wave, { at, sigma }] of Object.entries(SHAPE)) {
      const height = waves[wave];
      if (!height) continue;
      const dt = t - (peak + at);
      if (Math.abs(dt) > 6 * sigma) continue;
      mv += height * Math.exp(-(dt * dt) / (2 * sigma * sigma));
    }
  }
  return mv;
}

/** Every lead's voltage (mV) at time `t`. */
function leadsMv(t, rPeaks) {
  const lead = (name) => definedLeadMv(WAVES_OF[name], t, rPeaks);
  const i = lead('I');
  const iii = lead('III');
  const ii = i + iii;
  return {
    I: i, II: ii, III: iii,
    aVR: -(i + ii) / 2, aVL: (i - iii) / 2, aVF: (ii + iii) / 2,
    V1: lead('V1'), V2: lead('V2'), V3: lead('V3'), V4: lead('V4'), V5: lead('V5'), V6: lead('V6'),
  };
}

/** Times (s) of the R peaks in the recording. */
export function rPeakTimes({ durationS, heartRateBpm, firstRPeakS } = ECG_RECORDING) {
  const rr = 60 / heartRateBpm;
  const peaks = [];
  for (let t = firstRPeakS; t < durationS; t += rr) peaks.push(Number(t.toFixed(6)));
  return peaks;
}

/** The R-peak height (mV) of every lead: its value at an R peak. */
export function rPeakMv() {
  const values = leadsMv(ECG_RECORDING.firstRPeakS, rPeakTimes());
  return Object.fromEntries(Object.entries(values).map(([label, mv]) => [label, Number(mv.toFixed(4))]));
}

/**
 * The recording as stored samples: Int16Array of samples × 12 channels, interleaved (sample
 * 0 of every channel, then sample 1, ...), in units of `sensitivityUv` µV (PS3.3 C.10.9.1.5).
 */
export function ecgSamples() {
  const { samplingFrequencyHz, durationS, sensitivityUv } = ECG_RECORDING;
  const count = samplingFrequencyHz * durationS;
  const rPeaks = rPeakTimes();
  const data = new Int16Array(count * ECG_LEADS.length);
  for (let n = 0; n < count; n++) {
    const mv = leadsMv(n / samplingFrequencyHz, rPeaks);
    ECG_LEADS.forEach(({ label }, channel) => {
      data[n * ECG_LEADS.length + channel] = Math.round((mv[label] * 1000) / sensitivityUv);
    });
  }
  return { data, samplesPerChannel: count };
}
