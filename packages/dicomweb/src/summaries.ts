import { getNumber, getNumbers, getPersonName, getString, type DicomJson } from '@longview/dicom-meta';

/**
 * Normalised QIDO-RS results. Archives differ in what they include and how (numbers as
 * strings, missing optional attributes); this is the one place that absorbs it.
 */
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
  seriesCount: number | undefined;
  instanceCount: number | undefined;
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
  sopClassUid: string | undefined;
  instanceNumber: number | undefined;
  numberOfFrames: number | undefined;
  imagePositionPatient: number[] | undefined;
  imageOrientationPatient: number[] | undefined;
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

export function toStudySummaries(archiveId: string, response: unknown): StudySummary[] {
  return asDatasets(response, '0020000D', 'studies').map((study) => ({
    archiveId,
    studyInstanceUid: getString(study, 'StudyInstanceUID') as string,
    patientName: getPersonName(study, 'PatientName'),
    patientId: getString(study, 'PatientID'),
    issuerOfPatientId: getString(study, 'IssuerOfPatientID'),
    patientBirthDate: getString(study, 'PatientBirthDate'),
    patientSex: getString(study, 'PatientSex'),
    studyDate: getString(study, 'StudyDate'),
    studyTime: getString(study, 'StudyTime'),
    studyDescription: getString(study, 'StudyDescription'),
    accessionNumber: getString(study, 'AccessionNumber'),
    modalities: (study['00080061']?.Value ?? []).map(String).filter((m) => m.trim() !== ''),
    seriesCount: getNumber(study, 'NumberOfStudyRelatedSeries'),
    instanceCount: getNumber(study, 'NumberOfStudyRelatedInstances'),
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
    sopClassUid: getString(instance, 'SOPClassUID'),
    instanceNumber: getNumber(instance, 'InstanceNumber'),
    numberOfFrames: getNumber(instance, 'NumberOfFrames'),
    imagePositionPatient: getNumbers(instance, 'ImagePositionPatient'),
    imageOrientationPatient: getNumbers(instance, 'ImageOrientationPatient'),
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
