/**
 * Window/level (VOI) arithmetic. Width and center are in modality units (after
 * RescaleSlope/Intercept), e.g. Hounsfield units for CT.
 */
export interface Window {
  width: number;
  center: number;
}

export interface VoiRange {
  lower: number;
  upper: number;
}

/** Narrowest window we allow: a width of 1 is a hard threshold, anything less is meaningless. */
export const MIN_WINDOW_WIDTH = 1;

/**
 * The value range a window spans, per the DICOM linear VOI function (PS3.3 C.11.2.1.2.1):
 * values ≤ c − 0.5 − (w − 1)/2 are black, values > c − 0.5 + (w − 1)/2 white. Cornerstone
 * uses the same definition, so a typed "W 1500 L −600" reads back unchanged.
 */
export function windowToVoiRange({ width, center }: Window): VoiRange {
  return { lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 };
}

export function voiRangeToWindow({ lower, upper }: VoiRange): Window {
  return { width: Math.max(MIN_WINDOW_WIDTH, Math.abs(upper - lower) + 1), center: (lower + upper + 1) / 2 };
}

/**
 * Window after a mouse drag: horizontal movement changes width, vertical movement changes
 * level (dragging down raises the center, the convention of most PACS workstations).
 * Sensitivity scales with the current width so fine windows stay controllable.
 */
export function windowAfterDrag(start: Window, dx: number, dy: number): Window {
  const unitsPerPixel = Math.max(start.width / 256, 0.5);
  return {
    width: Math.max(MIN_WINDOW_WIDTH, start.width + dx * unitsPerPixel),
    center: start.center + dy * unitsPerPixel,
  };
}

/**
 * The gray level (0..255) a modality value gets under a linear window, per the DICOM linear
 * VOI function (PS3.3 C.11.2.1.2.1). Used by tests to predict rendered pixels.
 */
export function grayLevel(value: number, { width, center }: Window): number {
  if (width <= 1) return value < center - 0.5 ? 0 : 255;
  const lowerEdge = center - 0.5 - (width - 1) / 2;
  const upperEdge = center - 0.5 + (width - 1) / 2;
  if (value <= lowerEdge) return 0;
  if (value > upperEdge) return 255;
  return ((value - (center - 0.5)) / (width - 1) + 0.5) * 255;
}

export interface WindowPreset extends Window {
  id: string;
  label: string;
  /** Key that applies the preset (1–9), shown in the UI. */
  key: string;
}

const CT_PRESETS: readonly WindowPreset[] = [
  { id: 'lung', label: 'Lung', width: 1500, center: -600, key: '1' },
  { id: 'mediastinum', label: 'Mediastinum', width: 350, center: 50, key: '2' },
  { id: 'abdomen', label: 'Abdomen', width: 400, center: 40, key: '3' },
  { id: 'liver', label: 'Liver', width: 150, center: 30, key: '4' },
  { id: 'bone', label: 'Bone', width: 2000, center: 400, key: '5' },
  { id: 'brain', label: 'Brain', width: 80, center: 40, key: '6' },
  { id: 'stroke', label: 'Stroke', width: 40, center: 40, key: '7' },
];

/** Presets that make sense for a modality; MR and others have no absolute scale, so none. */
export function windowPresetsFor(modality: string | undefined): readonly WindowPreset[] {
  return modality === 'CT' ? CT_PRESETS : [];
}
