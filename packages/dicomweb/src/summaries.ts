import { getNumber, getNumbers, getPersonName, getString, type DicomJson } from '@longview/dicom-meta';

/**
 * Normalised QIDO-RS results. Archives differ in what they include and how (numbers as
 * strings, missing optional attributes); this is the one place that absorbs it.
 */
/** A patient identifier as DICOM gives it: the ID and, where known, its assigning authority. */
export interface PatientIdentifier {
  patientId: string;
  issuerOfPatientId: string | undefined;
}

export interface StudySummary {
  archiveId: string;
  studyInstanceUid: string;
  patientName: string | undefined;
  patientId: string | undefined;
  issuerOfPatientId: string | undefined;
  patientBirthDate: string | undefined;
  patientSex: string | undefined;
  studyDate: string | undefined;
  studyTime: string | undefined;
  studyDescription: string | undefined;
  accessionNumber: string | undefined;
  modalities: string[];
  /** Body parts of the study's series where the archive says (Orthanc: of one instance). */
  bodyParts: string[];
  /** SOP classes in the study, where the archive says (PS3.18 Table 6.7.1-2: optional). */
  sopClassUids: string[];
  seriesCount: number | undefined;
  instanceCount: number | undefined;
  /**
   * OtherPatientIDsSequence when the archive returned it; `undefined` when it did not say
   * (Orthanc's QIDO never returns sequences), which is not the same as "no other IDs".
   */
  otherPatientIds: PatientIdentifier[] | undefined;
}

export interface SeriesSummary {
  archiveId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  modality: string | undefined;
  instanceCount: number | undefined;
}

export interface InstanceSummary {
  sopInstanceUid: string;
  /** Present in study-level instance searches (PS3.18 Table 6.7.1-2a). */
  seriesInstanceUid: string | undefined;
  sopClassUid: string | undefined;
  instanceNumber: number | undefined;
  numberOfFrames: number | undefined;
  imagePositionPatient: number[] | undefined;
  imageOrientationPatient: number[] | undefined;
  /** Image Type (0008,0008), only where the search asked for it (whole-slide label, overview). */
  imageType?: string[] | undefined;
}

/** Thrown when a response is not a list of DICOM JSON objects with the identifying UID. */
export class MalformedResponse extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'MalformedResponse';
  }
}

function asDatasets(response: unknown, requiredTag: string, what: string): DicomJson[] {
  if (!Array.isArray(response)) throw new MalformedResponse(`${what}: expected a JSON array`);
  return response.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new MalformedResponse(`${what}[${index}] is not an object`);
    }
    const dataset = item as DicomJson;
    const uid = dataset[requiredTag]?.Value?.[0];
    if (typeof uid !== 'string' || uid === '') throw new MalformedResponse(`${what}[${index}] has no UID`);
    return dataset;
  });
}

/**
 * DA as "YYYYMMDD" whatever the archive sent: some write the ISO-like "YYYY-MM-DD" or the old
 * ACR-NEMA "YYYY.MM.DD"; anything else is dropped rather than misplaced on a timeline.
 */
export function normaliseDicomDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4})[-.]?(\d{2})[-.]?(\d{2})$/.exec(value.trim()) : null;
  return match ? `${match[1]}${match[2]}${match[3]}` : undefined;
}

/** TM as "HHMMSS[.frac]", accepting the "HH:MM:SS" some archives write. */
export function normaliseDicomTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const compact = value.trim().replaceAll(':', '');
  return /^\d{2,6}(\.\d+)?$/.test(compact) ? compact : undefined;
}

function strings(dataset: DicomJson, tag: string): string[] {
  return (dataset[tag]?.Value ?? []).map((v) => String(v).trim()).filter((v) => v !== '');
}

/** Items of OtherPatientIDsSequence that name an ID; an item without an ID says nothing. */
export function toPatientIdentifiers(dataset: DicomJson): PatientIdentifier[] | undefined {
  const sequence = dataset['00101002'];
  if (!sequence) return undefined;
  return (sequence.Value ?? []).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const patientId = getString(item as DicomJson, 'PatientID');
    return patientId ? [{ patientId, issuerOfPatientId: getString(item as DicomJson, 'IssuerOfPatientID') }] : [];
  });
}

export function toStudySummaries(archiveId: string, response: unknown): StudySummary[] {
  return asDatasets(response, '0020000D', 'studies').map((study) => ({
    archiveId,
    studyInstanceUid: getString(study, 'StudyInstanceUID') as string,
    patientName: getPersonName(study, 'PatientName'),
    patientId: getString(study, 'PatientID'),
    issuerOfPatientId: getString(study, 'IssuerOfPatientID'),
    patientBirthDate: normaliseDicomDate(getString(study, 'PatientBirthDate')),
    patientSex: getString(study, 'PatientSex'),
    studyDate: normaliseDicomDate(getString(study, 'StudyDate')),
    studyTime: normaliseDicomTime(getString(study, 'StudyTime')),
    studyDescription: getString(study, 'StudyDescription'),
    accessionNumber: getString(study, 'AccessionNumber'),
    modalities: strings(study, '00080061').map((m) => m.toUpperCase()),
    bodyParts: strings(study, '00180015').map((b) => b.toUpperCase()),
    sopClassUids: strings(study, '00080062'),
    seriesCount: getNumber(study, 'NumberOfStudyRelatedSeries'),
    instanceCount: getNumber(study, 'NumberOfStudyRelatedInstances'),
    otherPatientIds: toPatientIdentifiers(study),
  }));
}

export function toSeriesSummaries(archiveId: string, studyInstanceUid: string, response: unknown): SeriesSummary[] {
  return asDatasets(response, '0020000E', 'series')
    .map((series) => ({
      archiveId,
      studyInstanceUid,
      seriesInstanceUid: getString(series, 'SeriesInstanceUID') as string,
      seriesNumber: getNumber(series, 'SeriesNumber'),
      seriesDescription: getString(series, 'SeriesDescription'),
      modality: getString(series, 'Modality'),
      instanceCount: getNumber(series, 'NumberOfSeriesRelatedInstances'),
    }))
    .sort((a, b) => (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER));
}

export function toInstanceSummaries(response: unknown): InstanceSummary[] {
  return asDatasets(response, '00080018', 'instances').map((instance) => ({
    sopInstanceUid: getString(instance, 'SOPInstanceUID') as string,
    seriesInstanceUid: getString(instance, 'SeriesInstanceUID'),
    sopClassUid: getString(instance, 'SOPClassUID'),
    instanceNumber: getNumber(instance, 'InstanceNumber'),
    numberOfFrames: getNumber(instance, 'NumberOfFrames'),
    imagePositionPatient: getNumbers(instance, 'ImagePositionPatient'),
    imageOrientationPatient: getNumbers(instance, 'ImageOrientationPatient'),
    imageType: instance['00080008']?.Value?.map(String),
  }));
}

/** Sorts newest study first; studies without a date go last rather than pretending to be old. */
export function byStudyDateDescending(a: StudySummary, b: StudySummary): number {
  const left = `${a.studyDate ?? ''}${a.studyTime ?? ''}`;
  const right = `${b.studyDate ?? ''}${b.studyTime ?? ''}`;
  if (left === right) return 0;
  if (left === '') return 1;
  if (right === '') return -1;
  return left < right ? 1 : -1;
}
