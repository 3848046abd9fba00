export {
  readMultiplexGroups,
  decodeMultiplexGroup,
  millivoltsPerUnit,
  WaveformDecodeError,
  type MultiplexGroup,
  type ChannelDefinition,
  type DecodedChannel,
} from './waveform';
export {
  GAINS_MM_PER_MV,
  SPEEDS_MM_PER_S,
  MINOR_SQUARE_MM,
  MAJOR_SQUARE_MM,
  CALIBRATION_MARGIN_MM,
  pixelsPerMm,
  millimetresOfVoltage,
  millimetresOfTime,
  ecgLayout,
  tracePoints,
  type GainMmPerMv,
  type SpeedMmPerS,
  type TracePlacement,
  type EcgPaperLayout,
} from './ecgPaper';
export { detectRPeaks, heartRateOf, type HeartRate } from './heartRate';
