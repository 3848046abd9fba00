export { Tag, type DicomJson, type DicomJsonAttribute, type TagName } from './dicomJson';
export {
  getString,
  getNumber,
  getNumbers,
  getStrings,
  getFirstItem,
  getPersonName,
  formatPersonName,
  formatDicomDate,
  formatDicomTime,
  toDicomDate,
} from './values';
export {
  directionLabel,
  edgeLabels,
  edgeLabelsFromImageOrientation,
  sliceNormal,
  planeOf,
  type EdgeLabels,
  type Vector3,
  type PlaneName,
} from './orientation';
export {
  windowToVoiRange,
  voiRangeToWindow,
  windowAfterDrag,
  grayLevel,
  windowPresetsFor,
  MIN_WINDOW_WIDTH,
  type Window,
  type VoiRange,
  type WindowPreset,
} from './windowing';
export { orderStack, type PositionedInstance } from './stack';
export { describeTransferSyntax } from './transferSyntax';
export { storedWindows, storedWindowLabel, type StoredWindow } from './storedWindows';
export { cineFrameRate, DEFAULT_CINE_FPS, type CineFrameRate, type CineRateSource } from './cineFrameRate';
export { bodyRegion } from './bodyRegion';
