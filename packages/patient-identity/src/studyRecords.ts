/**
 * Patient records as study searches describe them. Archives answer with studies, not patients:
 * a record is one archive's (PatientID, issuer) read off its studies, and its OtherPatientIDs
 * are read from its newest study (the one most likely to carry the links made since).
 */
import { possibleOtherRecords, recordKey, type IdentityRules, type PatientRecord, type Reconciliation } from './reconcile';

/**
 * What a study search answer says about the study's patient, and when the study was made.
 * Declared here rather than imported from the archive client so that identity stays pure
 * logic; `StudySummary` from @longview/dicomweb fits it.
 */
export interface PatientStudy {
  archiveId: string;
  studyInstanceUid: string;
  patientId: string | undefined;
  issuerOfPatientId: string | undefined;
  patientName: string | undefined;
  patientBirthDate: string | undefined;
  patientSex: string | undefined;
  studyDate: string | undefined;
  studyTime: string | undefined;
}

/** One item of OtherPatientIDsSequence as an archive answers it. */
export interface OtherPatientId {
  patientId: string;
  issuerOfPatientId: string | undefined;
}

/** A namesake's record that is not the patient's, with its studies. */
export interface PossibleOtherRecord<Study extends PatientStudy = PatientStudy> {
  record: PatientRecord;
  studies: Study[];
}

/**
 * The record a study belongs to; undefined without a patient ID. `otherIds` undefined means the
 * links are not known yet, which is not the same as "no other IDs".
 */
export function recordOf(study: PatientStudy, otherIds: readonly OtherPatientId[] | undefined): PatientRecord | undefined {
  if (!study.patientId) return undefined;
  return {
    archiveId: study.archiveId,
    patientId: study.patientId,
    issuer: study.issuerOfPatientId,
    name: study.patientName,
    birthDate: study.patientBirthDate,
    sex: study.patientSex,
    otherIds: otherIds?.map((id) => ({ patientId: id.patientId, issuer: id.issuerOfPatientId })),
  };
}

/** Which local record a record is: its archive and identity key (one record may be found by several searches). */
export function localKeyOf(record: PatientRecord, rules: IdentityRules): string {
  return `${record.archiveId}|${recordKey(record, rules)}`;
}

/** Which local record (archive + identity key) a study belongs to; undefined without a patient ID. */
export function localRecordKey(study: PatientStudy, rules: IdentityRules): string | undefined {
  const record = recordOf(study, undefined);
  return record ? localKeyOf(record, rules) : undefined;
}

/** The newest study of each local record: where its links are read from. */
export function newestStudyPerRecord<Study extends PatientStudy>(studies: readonly Study[], rules: IdentityRules): Map<string, Study> {
  const newest = new Map<string, Study>();
  for (const study of studies) {
    const key = localRecordKey(study, rules);
    if (key === undefined) continue;
    const current = newest.get(key);
    if (!current || `${study.studyDate ?? ''}${study.studyTime ?? ''}` > `${current.studyDate ?? ''}${current.studyTime ?? ''}`) {
      newest.set(key, study);
    }
  }
  return newest;
}

/** The namesakes' records that are not the patient's, each with its studies: a hint, never joined. */
export function possibleOthersOf<Study extends PatientStudy>(
  reconciliation: Reconciliation,
  candidateStudies: readonly Study[],
  rules: IdentityRules,
): PossibleOtherRecord<Study>[] {
  const candidates = candidateStudies.map((s) => recordOf(s, undefined)).filter((r): r is PatientRecord => r !== undefined);
  return possibleOtherRecords(reconciliation, candidates, rules).map((record) => {
    const key = localKeyOf(record, rules);
    return { record, studies: candidateStudies.filter((s) => localRecordKey(s, rules) === key) };
  });
}
