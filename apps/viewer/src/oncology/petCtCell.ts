import { getNumbers, getString, sliceNormal, storedWindows, type DicomJson, type VoiRange, type Window } from '@longview/dicom-meta';
import type { SuvScaling } from '@longview/pet';
import type { SeriesStack } from '../series/seriesStack';

/**
 * What the PET/CT cells (fusion, MIP) decide before asking the renderer: whether the two series
 * can be fused, where the CT's slices lie, and the PET range to show. Pure, so it is tested
 * without a browser.
 */

/** SUV shown from 0 to this in the fusion and MIP (a common board setting: lesions bright, liver mid). */
export const DEFAULT_SUV_UPPER = 6;
/** PET below this fraction of the range shows no colour over the CT (background is not painted). */
export const PET_THRESHOLD_FRACTION = 0.2;
export const DEFAULT_FUSION_OPACITY = 0.5;

/** Why a CT and a PET cannot be fused, or undefined when they can (one frame of reference, axial slices). */
export function whyNotFusable(ct: DicomJson, pet: DicomJson): string | undefined {
  if (getString(pet, 'Modality') !== 'PT') return 'The overlay series is not a PET.';
  const ctFrame = getString(ct, 'FrameOfReferenceUID');
  const petFrame = getString(pet, 'FrameOfReferenceUID');
  if (!ctFrame || !petFrame) return 'The CT or the PET does not state its frame of reference: they are not fused.';
  if (ctFrame !== petFrame) return 'The PET and the CT are in different frames of reference (not acquired together): they are not fused.';
  const ctNormal = sliceNormal(getNumbers(ct, 'ImageOrientationPatient') ?? []);
  const petNormal = sliceNormal(getNumbers(pet, 'ImageOrientationPatient') ?? []);
  if (!ctNormal || !petNormal) return 'The CT or the PET has no slice orientation.';
  const cos = Math.abs(ctNormal[0] * petNormal[0] + ctNormal[1] * petNormal[1] + ctNormal[2] * petNormal[2]);
  if (cos < 0.999) return 'The PET slices are not parallel to the CT slices.';
  return undefined;
}

/** Each CT slice's position along the slice normal (mm), in stack order, from the instance list. */
export function slicePositionsOf(stack: SeriesStack): { positions: number[]; normal: [number, number, number] } | undefined {
  const normal = sliceNormal(getNumbers(stack.firstMetadata, 'ImageOrientationPatient') ?? []);
  if (!normal) return undefined;
  const positions: number[] = [];
  for (const instance of stack.instances) {
    const position = instance.imagePositionPatient;
    if (position?.length !== 3) return undefined;
    positions.push((position[0] ?? 0) * normal[0] + (position[1] ?? 0) * normal[1] + (position[2] ?? 0) * normal[2]);
  }
  return { positions, normal: [normal[0], normal[1], normal[2]] };
}

/** The PET range the fusion and MIP show, with the words for it. */
export interface PetRange {
  range: VoiRange;
  /** "SUV 0–6", or the stored window's words. */
  label: string;
}

/**
 * SUV 0–6 when the series supports SUV (in stored Bq/ml: the volume holds Bq/ml), else the
 * window stored in the PET header, else none: the renderer's own default from the data.
 */
export function petRangeOf(scaling: SuvScaling | undefined, firstPet: DicomJson, anyFactor: number | undefined): PetRange | undefined {
  if (scaling?.kind === 'suv' && anyFactor !== undefined && anyFactor > 0) {
    return { range: { lower: 0, upper: DEFAULT_SUV_UPPER / anyFactor }, label: `SUV 0–${DEFAULT_SUV_UPPER}` };
  }
  const stored: Window | undefined = storedWindows(firstPet)[0];
  if (stored) {
    const units = scaling?.kind === 'unavailable' ? (scaling.storedUnits ?? '') : '';
    return { range: { lower: stored.center - stored.width / 2, upper: stored.center + stored.width / 2 }, label: `Stored window${units ? ` (${units})` : ''}` };
  }
  return undefined;
}
