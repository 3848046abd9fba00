import { calculateSUVScalingFactors, type InstanceMetadata } from '@cornerstonejs/calculate-suv';
import { getFirstItem, getNumber, getString, getStrings, type DicomJson } from '@longview/dicom-meta';

/**
 * SUVbw for a PET series (issue 27): body-weight standardised uptake value in g/ml, the number a
 * tumour board compares between a staging and a restaging scan. The arithmetic (decay of the
 * injected dose from injection to scan start, vendor quirks) is @cornerstonejs/calculate-suv's;
 * this module decides whether the header supports a value at all, because a wrong SUV is worse
 * than none, and says why not in words a reader understands.
 */

/** The series' values can be shown as SUVbw: stored value × rescale gives Bq/ml, × factor gives g/ml. */
export interface SuvAvailable {
  kind: 'suv';
  /** g/ml per Bq/ml, by SOP Instance UID (one factor per instance: a library may refine per frame timing). */
  factorBySopInstanceUid: ReadonlyMap<string, number>;
}

/** The series' values cannot be shown as SUV; they are shown in their stored units, with the reason. */
export interface SuvUnavailable {
  kind: 'unavailable';
  /** The stored units as a reader reads them ("Bq/ml", "counts"), or the raw code, or undefined when none is stated. */
  storedUnits: string | undefined;
  /** Why, as the end of "SUV not available: …", e.g. "the series has no patient weight". */
  reason: string;
}

export type SuvScaling = SuvAvailable | SuvUnavailable;

/** The message a viewport shows for a PET series without SUV. */
export function suvUnavailableMessage(scaling: SuvUnavailable): string {
  return `SUV not available: ${scaling.reason}`;
}

const STORED_UNITS: Record<string, string> = {
  BQML: 'Bq/ml',
  CNTS: 'counts',
  GML: 'g/ml',
  PROPCNTS: 'proportional counts',
  NONE: 'no units',
};

/** A PET series' Units (0054,1001) as readers write them ("Bq/ml" for BQML). */
export function petUnitsLabel(units: string | undefined): string | undefined {
  if (units === undefined) return undefined;
  return STORED_UNITS[units] ?? units;
}

/** The header fields SUV depends on, read from one instance's DICOM JSON. */
interface PetHeader {
  sopInstanceUid: string | undefined;
  units: string | undefined;
  decayCorrection: string | undefined;
  correctedImage: string[];
  patientWeightKg: number | undefined;
  patientSizeM: number | undefined;
  patientSex: string | undefined;
  seriesDate: string | undefined;
  seriesTime: string | undefined;
  acquisitionDate: string | undefined;
  acquisitionTime: string | undefined;
  totalDoseBq: number | undefined;
  halfLifeS: number | undefined;
  startTime: string | undefined;
  startDateTime: string | undefined;
}

function petHeaderOf(json: DicomJson): PetHeader {
  const isotope = getFirstItem(json, 'RadiopharmaceuticalInformationSequence');
  return {
    sopInstanceUid: getString(json, 'SOPInstanceUID'),
    units: getString(json, 'Units')?.toUpperCase(),
    decayCorrection: getString(json, 'DecayCorrection')?.toUpperCase(),
    correctedImage: (getStrings(json, 'CorrectedImage') ?? []).map((value) => value.toUpperCase()),
    patientWeightKg: getNumber(json, 'PatientWeight'),
    patientSizeM: getNumber(json, 'PatientSize'),
    patientSex: getString(json, 'PatientSex'),
    seriesDate: getString(json, 'SeriesDate'),
    seriesTime: getString(json, 'SeriesTime'),
    acquisitionDate: getString(json, 'AcquisitionDate'),
    acquisitionTime: getString(json, 'AcquisitionTime'),
    totalDoseBq: isotope ? getNumber(isotope, 'RadionuclideTotalDose') : undefined,
    halfLifeS: isotope ? getNumber(isotope, 'RadionuclideHalfLife') : undefined,
    startTime: isotope ? getString(isotope, 'RadiopharmaceuticalStartTime') : undefined,
    startDateTime: isotope ? getString(isotope, 'RadiopharmaceuticalStartDateTime') : undefined,
  };
}

/**
 * What is missing or wrong for SUVbw, checked before the library is asked: it reads absent
 * values as zero or skips checks (it does not look at Decay Correction at all, and an image
 * decay-corrected to the administration time would get a second decay correction).
 */
function whySuvIsUnsupported(header: PetHeader): string | undefined {
  if (header.units === undefined) return 'the series does not state its units';
  if (header.units !== 'BQML') {
    if (header.units === 'CNTS') return 'the series stores counts (CNTS), not activity concentration in Bq/ml';
    return `the series stores ${petUnitsLabel(header.units)}, not activity concentration in Bq/ml`;
  }
  if (!header.patientWeightKg || header.patientWeightKg <= 0) return 'the series has no patient weight';
  if (header.totalDoseBq === undefined || header.totalDoseBq <= 0) return 'the series has no injected dose';
  if (header.halfLifeS === undefined || header.halfLifeS <= 0) return 'the series has no radionuclide half-life';
  if (header.startTime === undefined && header.startDateTime === undefined) return 'the series has no injection time';
  if (header.decayCorrection === undefined) return 'the series does not state its decay correction';
  if (header.decayCorrection !== 'START') {
    return `the series is decay corrected to ${header.decayCorrection === 'ADMIN' ? 'the injection time' : header.decayCorrection}, not to the scan start`;
  }
  if (!header.correctedImage.includes('DECY')) return 'the series is not marked as decay corrected (Corrected Image lacks DECY)';
  if (!header.correctedImage.includes('ATTN')) return 'the series is not attenuation corrected';
  if (!header.seriesDate || !header.seriesTime) return 'the series has no series date and time';
  if (!header.acquisitionDate || !header.acquisitionTime) return 'the series has no acquisition date and time';
  return undefined;
}

/** The series-level fields, which must agree across instances for one SUV scale. */
function seriesKey(header: PetHeader): string {
  return JSON.stringify([
    header.units, header.decayCorrection, header.correctedImage, header.patientWeightKg, header.totalDoseBq, header.halfLifeS,
    header.startTime, header.startDateTime, header.seriesDate, header.seriesTime,
  ]);
}

function libraryInputOf(header: PetHeader): InstanceMetadata {
  return {
    CorrectedImage: header.correctedImage,
    Units: header.units ?? '',
    RadionuclideHalfLife: header.halfLifeS ?? 0,
    RadionuclideTotalDose: header.totalDoseBq ?? 0,
    DecayCorrection: header.decayCorrection ?? '',
    PatientWeight: header.patientWeightKg ?? 0,
    SeriesDate: header.seriesDate ?? '',
    SeriesTime: header.seriesTime ?? '',
    AcquisitionDate: header.acquisitionDate ?? '',
    AcquisitionTime: header.acquisitionTime ?? '',
    RadiopharmaceuticalStartTime: header.startTime,
    RadiopharmaceuticalStartDateTime: header.startDateTime,
    // Size and sex only feed SUVlbm/SUVbsa, which Longview does not show; leaving them out keeps
    // the library from rejecting a series over a sex it cannot read.
  };
}

/** The library's refusals, in the reader's words (its messages are for developers). */
function reasonOfLibraryError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/less than zero/i.test(message)) return 'the scan time is before the injection time';
  if (/invalid (DA|TM|date|time)|could not be parsed/i.test(message)) return 'the series dates or times cannot be read';
  return 'the header does not support it';
}

/**
 * SUVbw scaling for the instances of one PET series (all of them: the scan time is the earliest
 * acquisition when the series time is later). Never throws: a series SUV cannot be computed for
 * is `unavailable` with the reason.
 */
export function suvScalingOf(instances: readonly DicomJson[]): SuvScaling {
  const headers = instances.map(petHeaderOf);
  const first = headers[0];
  if (!first) return { kind: 'unavailable', storedUnits: undefined, reason: 'the series has no instances' };
  const storedUnits = petUnitsLabel(first.units);
  for (const header of headers) {
    const reason = whySuvIsUnsupported(header);
    if (reason) return { kind: 'unavailable', storedUnits, reason };
  }
  const key = seriesKey(first);
  if (headers.some((header) => seriesKey(header) !== key)) {
    return { kind: 'unavailable', storedUnits, reason: 'its instances disagree on weight, dose, times or units' };
  }
  if (headers.some((header) => header.sopInstanceUid === undefined)) {
    return { kind: 'unavailable', storedUnits, reason: 'an instance has no SOP Instance UID' };
  }
  let factors: Array<{ suvbw: number }>;
  try {
    factors = calculateSUVScalingFactors(headers.map(libraryInputOf));
  } catch (error) {
    return { kind: 'unavailable', storedUnits, reason: reasonOfLibraryError(error) };
  }
  const factorBySopInstanceUid = new Map<string, number>();
  for (const [index, header] of headers.entries()) {
    const factor = factors[index]?.suvbw;
    if (factor === undefined || !Number.isFinite(factor) || factor <= 0) {
      return { kind: 'unavailable', storedUnits, reason: 'the header does not support it' };
    }
    factorBySopInstanceUid.set(header.sopInstanceUid as string, factor);
  }
  return { kind: 'suv', factorBySopInstanceUid };
}
