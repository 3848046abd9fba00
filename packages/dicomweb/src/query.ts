import { toDicomDate } from '@longview/dicom-meta';

/** What a user can search studies by. Dates are ISO (YYYY-MM-DD), as from a date input. */
export interface StudyQuery {
  studyInstanceUid?: string | undefined;
  patientId?: string | undefined;
  patientName?: string | undefined;
  /** Exact birth date, ISO (YYYY-MM-DD) or DICOM DA. */
  patientBirthDate?: string | undefined;
  accessionNumber?: string | undefined;
  modality?: string | undefined;
  studyDateFrom?: string | undefined;
  studyDateTo?: string | undefined;
  limit?: number | undefined;
}

/** Attributes the study list shows that QIDO-RS does not return by default (PS3.18 Table 6.7.1-2). */
const STUDY_INCLUDE_FIELDS = [
  '00080061', // ModalitiesInStudy
  '00201206', // NumberOfStudyRelatedSeries
  '00201208', // NumberOfStudyRelatedInstances
  '00100030', // PatientBirthDate
  '00100040', // PatientSex
  '00100021', // IssuerOfPatientID
  '00081030', // StudyDescription
  '00180015', // BodyPartExamined (a series attribute; Orthanc answers it from an instance)
  '00080062', // SOPClassesInStudy
  '00101002', // OtherPatientIDsSequence (links a record to the patient's IDs elsewhere)
];

/**
 * A clinician types "longview", "Longview, Al" or "LONGVIEW^AL" and expects LONGVIEW^ALICE.
 * Name parts become wildcards rather than "^": prefix matching on each component, and
 * Orthanc 1.10 matches nothing when the query contains the component separator at all.
 */
export function toPatientNamePattern(typed: string): string {
  const pattern = typed.trim().replace(/[\s,^]+/g, '*');
  // A user who typed wildcards of their own said exactly what they want.
  return /[*?]/.test(typed) ? pattern : `${pattern}*`;
}

/** QIDO-RS matching: DICOM wildcard `*` for names, ranges "from-to" for dates (PS3.4 C.2.2.2). */
export function toStudyQueryParams(query: StudyQuery): Record<string, string> {
  const params: Record<string, string> = { includefield: STUDY_INCLUDE_FIELDS.join(',') };
  const patientId = query.patientId?.trim();
  const patientName = query.patientName?.trim();
  const accession = query.accessionNumber?.trim();
  const modality = query.modality?.trim().toUpperCase();
  if (query.studyInstanceUid) params.StudyInstanceUID = query.studyInstanceUid;
  if (patientId) params.PatientID = patientId;
  if (patientName) params.PatientName = toPatientNamePattern(patientName);
  if (query.patientBirthDate) params.PatientBirthDate = toDicomDate(query.patientBirthDate.trim());
  if (accession) params.AccessionNumber = accession;
  if (modality) params.ModalitiesInStudy = modality;
  if (query.studyDateFrom || query.studyDateTo) {
    const from = query.studyDateFrom ? toDicomDate(query.studyDateFrom) : '';
    const to = query.studyDateTo ? toDicomDate(query.studyDateTo) : '';
    params.StudyDate = `${from}-${to}`;
  }
  if (query.limit !== undefined) params.limit = String(query.limit);
  return params;
}

/** Series search fields beyond the required ones: NumberOfSeriesRelatedInstances. */
export const SERIES_INCLUDE_FIELDS = ['00201209'];

/** Attributes needed to order a stack and pick the first image, all cheap for an archive to index. */
export const INSTANCE_INCLUDE_FIELDS = [
  '00200013', // InstanceNumber
  '00200032', // ImagePositionPatient
  '00200037', // ImageOrientationPatient
  '00280008', // NumberOfFrames
];
