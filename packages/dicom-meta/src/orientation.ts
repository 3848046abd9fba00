/**
 * Orientation markers. DICOM patient coordinates are LPS (PS3.3 C.7.6.2.1.1):
 * +x points to the patient's Left, +y to Posterior, +z to Head.
 */
export type Vector3 = readonly [number, number, number];

export interface EdgeLabels {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

/**
 * Components smaller than this are ignored, so a slightly oblique axial still reads "L"
 * rather than "LPH"; larger ones are kept, strongest first, so a 45° oblique reads "LA".
 */
const OBLIQUE_THRESHOLD = 0.25;

const AXIS_LETTERS: ReadonlyArray<readonly [positive: string, negative: string]> = [
  ['L', 'R'],
  ['P', 'A'],
  ['H', 'F'],
];

/** The letters naming where a direction (in LPS) points, e.g. [1,0,0] → "L", [0,-0.7,0.7] → "AH". */
export function directionLabel(direction: Vector3): string {
  const length = Math.hypot(direction[0], direction[1], direction[2]);
  if (!(length > 0)) return '';
  return direction
    .map((component, axis) => ({ magnitude: Math.abs(component) / length, component, axis }))
    .filter(({ magnitude }) => magnitude >= OBLIQUE_THRESHOLD)
    .sort((a, b) => b.magnitude - a.magnitude)
    .map(({ component, axis }) => {
      const letters = AXIS_LETTERS[axis];
      return letters ? (component > 0 ? letters[0] : letters[1]) : '';
    })
    .join('');
}

function negate(v: Vector3): Vector3 {
  return [-v[0], -v[1], -v[2]];
}

/**
 * Labels for the four viewport edges, given where screen-right and screen-down point in
 * patient space. The right edge shows where screen-right points; the left edge the opposite.
 */
export function edgeLabels(screenRight: Vector3, screenDown: Vector3): EdgeLabels {
  return {
    right: directionLabel(screenRight),
    left: directionLabel(negate(screenRight)),
    bottom: directionLabel(screenDown),
    top: directionLabel(negate(screenDown)),
  };
}

/**
 * Edge labels for an image shown as stored: screen-right is the row direction (first triplet of
 * ImageOrientationPatient), screen-down the column direction (second triplet).
 */
export function edgeLabelsFromImageOrientation(imageOrientation: readonly number[]): EdgeLabels | undefined {
  if (imageOrientation.length !== 6 || !imageOrientation.every(Number.isFinite)) return undefined;
  const [rx, ry, rz, cx, cy, cz] = imageOrientation as [number, number, number, number, number, number];
  return edgeLabels([rx, ry, rz], [cx, cy, cz]);
}

/** Slice normal = row × column; the axis along which a stack is ordered. */
export function sliceNormal(imageOrientation: readonly number[]): Vector3 | undefined {
  if (imageOrientation.length !== 6) return undefined;
  const [rx, ry, rz, cx, cy, cz] = imageOrientation as [number, number, number, number, number, number];
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

export type PlaneName = 'axial' | 'sagittal' | 'coronal' | 'oblique';

/** The anatomical plane an image lies in, from its normal's dominant axis. */
export function planeOf(imageOrientation: readonly number[]): PlaneName | undefined {
  const normal = sliceNormal(imageOrientation);
  if (!normal) return undefined;
  const magnitudes = normal.map(Math.abs);
  const max = Math.max(...magnitudes);
  if (max < 0.9) return 'oblique';
  if (magnitudes[0] === max) return 'sagittal';
  if (magnitudes[1] === max) return 'coronal';
  return 'axial';
}
