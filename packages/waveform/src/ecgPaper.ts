/**
 * ECG paper: the grid and scales a reader measures on. Standard paper has 1 mm minor and 5 mm
 * major squares, runs at 25 mm/s and draws 10 mm per mV; a reader doubles or halves the gain
 * for small or large complexes and doubles the speed to separate fast events. Everything here
 * is in millimetres of paper; a view turns mm into pixels with pixelsPerMm.
 */
export const GAINS_MM_PER_MV = [5, 10, 20] as const;
export const SPEEDS_MM_PER_S = [25, 50] as const;
export type GainMmPerMv = (typeof GAINS_MM_PER_MV)[number];
export type SpeedMmPerS = (typeof SPEEDS_MM_PER_S)[number];

export const MINOR_SQUARE_MM = 1;
export const MAJOR_SQUARE_MM = 5;

/** CSS pixels per millimetre: CSS defines 96 px per inch, 25.4 mm per inch. */
export function pixelsPerMm(dpi = 96): number {
  return dpi / 25.4;
}

/** Height in mm above the baseline of `mv` millivolts (negative: below). */
export function millimetresOfVoltage(mv: number, gain: GainMmPerMv): number {
  return mv * gain;
}

/** Width in mm of `seconds` of recording. */
export function millimetresOfTime(seconds: number, speed: SpeedMmPerS): number {
  return seconds * speed;
}

/** One trace on the paper: which lead, which part of the recording, where it sits. */
export interface TracePlacement {
  lead: string;
  /** Seconds into the recording. */
  fromS: number;
  toS: number;
  /** Where the trace's start and baseline lie, in mm from the paper's top left. */
  xMm: number;
  baselineMm: number;
  /** The trace shows the rhythm strip (the whole recording of one lead). */
  isRhythm: boolean;
}

export interface EcgPaperLayout {
  widthMm: number;
  heightMm: number;
  traces: TracePlacement[];
}

/** The 3 × 4 arrangement printed by every 12-lead cart: each column shows 2.5 s of three leads. */
const STANDARD_COLUMNS = [
  ['I', 'II', 'III'],
  ['aVR', 'aVL', 'aVF'],
  ['V1', 'V2', 'V3'],
  ['V4', 'V5', 'V6'],
] as const;

/** Space for a 1 mV calibration pulse at the left of each row. */
export const CALIBRATION_MARGIN_MM = 10;

/**
 * The standard layout: 3 rows × 4 columns of 2.5 s each, then lead II as a rhythm strip over
 * the whole recording. Rows are `rowHeightMm` apart (enough for ±1.5 mV at the chosen gain and
 * never less than 25 mm, five major squares). Leads the recording lacks are left out; a
 * recording that is not a 12-lead (other labels) gets one row per lead over its whole length.
 */
export function ecgLayout(leads: readonly string[], durationS: number, gain: GainMmPerMv, speed: SpeedMmPerS): EcgPaperLayout {
  const rowHeightMm = Math.max(25, Math.ceil((3 * gain) / MAJOR_SQUARE_MM) * MAJOR_SQUARE_MM);
  const available = new Set(leads);
  const isTwelveLead = STANDARD_COLUMNS.flat().every((lead) => available.has(lead));
  const stripWidthMm = millimetresOfTime(durationS, speed);
  const baselineOfRow = (row: number) => row * rowHeightMm + rowHeightMm / 2;
  if (!isTwelveLead) {
    return {
      widthMm: CALIBRATION_MARGIN_MM + stripWidthMm,
      heightMm: leads.length * rowHeightMm,
      traces: leads.map((lead, row) => ({ lead, fromS: 0, toS: durationS, xMm: CALIBRATION_MARGIN_MM, baselineMm: baselineOfRow(row), isRhythm: true })),
    };
  }
  const columnS = durationS / STANDARD_COLUMNS.length;
  const traces: TracePlacement[] = STANDARD_COLUMNS.flatMap((column, c) =>
    column.map((lead, row) => ({
      lead,
      fromS: c * columnS,
      toS: (c + 1) * columnS,
      xMm: CALIBRATION_MARGIN_MM + millimetresOfTime(c * columnS, speed),
      baselineMm: baselineOfRow(row),
      isRhythm: false,
    })),
  );
  traces.push({ lead: 'II', fromS: 0, toS: durationS, xMm: CALIBRATION_MARGIN_MM, baselineMm: baselineOfRow(3), isRhythm: true });
  return { widthMm: CALIBRATION_MARGIN_MM + stripWidthMm, heightMm: 4 * rowHeightMm, traces };
}

/**
 * The polyline of one trace in mm: x from time, y down the page from voltage (up is positive
 * on paper, down is positive on screen). `values` in mV at `samplingFrequencyHz`.
 */
export function tracePoints(values: ArrayLike<number>, samplingFrequencyHz: number, placement: TracePlacement, gain: GainMmPerMv, speed: SpeedMmPerS): number[] {
  const from = Math.max(0, Math.round(placement.fromS * samplingFrequencyHz));
  const to = Math.min(values.length, Math.round(placement.toS * samplingFrequencyHz) + 1);
  const points: number[] = [];
  for (let n = from; n < to; n++) {
    points.push(placement.xMm + millimetresOfTime((n - from) / samplingFrequencyHz, speed), placement.baselineMm - millimetresOfVoltage(values[n] ?? 0, gain));
  }
  return points;
}
