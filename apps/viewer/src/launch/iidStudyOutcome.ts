/**
 * What an IID STUDY request opens, once every archive has answered (or failed): one study in
 * the viewer, several studies of one patient on that patient's timeline, or a refusal / a
 * "no images" message. Pure, so that each safety rule has a unit test.
 */
import type { IdentityConfig, PatientIdentifier as DicomIdentifier, StudySummary } from '@longview/dicomweb';
import { checkStudyMatchesPatient, resolveIssuer, type LaunchRecord } from '@longview/launch';
import { reconcile, recordKey, type IdentityRules, type PatientRecord } from '@longview/patient-identity';
import type { LaunchedPatient } from './launchContext';

export interface FoundStudy {
  study: StudySummary;
  archiveName: string;
  /** The archive's configured patientIdIssuer. */
  archiveIssuer: string | undefined;
  /** OtherPatientIDsSequence of the study's record; undefined when not asked. */
  otherIds: DicomIdentifier[] | undefined;
}

/** One archive's answer, in configuration order. */
export type ArchiveAnswer =
  | { archiveId: string; archiveName: string; state: 'answered'; found: FoundStudy[] }
  | { archiveId: string; archiveName: string; state: 'failed'; message: string };

export type StudyLaunchOutcome =
  | { kind: 'open-study'; archiveId: string; studyUid: string }
  | { kind: 'open-patient'; patient: LaunchedPatient }
  | { kind: 'no-images'; searched: string[]; failed: { archiveName: string; message: string }[] }
  | { kind: 'refused'; reason: string };

function patientRecordOf(found: FoundStudy): PatientRecord | undefined {
  const { study } = found;
  if (!study.patientId) return undefined;
  return {
    archiveId: study.archiveId,
    patientId: study.patientId,
    issuer: study.issuerOfPatientId,
    name: undefined,
    birthDate: undefined,
    sex: undefined,
    otherIds: found.otherIds?.map((id) => ({ patientId: id.patientId, issuer: id.issuerOfPatientId })),
  };
}

function namesOf(found: readonly FoundStudy[]): string {
  return [...new Set(found.map((f) => f.archiveName))].join(' and ');
}

/**
 * Decides what the request opens. `launchRecord`: the patient the request also named
 * (patientID), whose records every study must belong to.
 */
export function decideStudyLaunch(
  answers: readonly ArchiveAnswer[],
  launchRecord: LaunchRecord | undefined,
  identity: IdentityConfig,
  archiveIssuers: Readonly<Record<string, string | undefined>>,
): StudyLaunchOutcome {
  const rules: IdentityRules = { archiveIssuers, issuerAliases: identity.issuerAliases };
  const found = answers.flatMap((answer) => (answer.state === 'answered' ? answer.found : []));
  if (found.length === 0) {
    return {
      kind: 'no-images',
      searched: answers.filter((a) => a.state === 'answered').map((a) => a.archiveName),
      failed: answers.flatMap((a) => (a.state === 'failed' ? [{ archiveName: a.archiveName, message: a.message }] : [])),
    };
  }

  // One record per found study; a study without a patient ID cannot be placed safely.
  const records = found.map(patientRecordOf);
  if (records.some((r) => r === undefined)) {
    return { kind: 'refused', reason: 'A study the EHR named has no patient ID, so whose it is cannot be checked. It is not shown.' };
  }
  const keyOf = (index: number) => recordKey(records[index] as PatientRecord, rules);

  // The same study UID in two archives must be the same patient's: otherwise one of them is
  // mislabelled, and showing either could put one patient's images under another's banner.
  const byUid = new Map<string, number[]>();
  found.forEach((f, index) => byUid.set(f.study.studyInstanceUid, [...(byUid.get(f.study.studyInstanceUid) ?? []), index]));
  for (const indexes of byUid.values()) {
    const keys = new Set(indexes.map(keyOf));
    if (keys.size > 1) {
      return {
        kind: 'refused',
        reason: `The study is held by ${namesOf(indexes.map((i) => found[i] as FoundStudy))} for different patients. It is not shown: ask the archive administrators which record is right.`,
      };
    }
  }

  if (launchRecord) {
    for (const f of found) {
      const verdict = checkStudyMatchesPatient(
        { patientId: f.study.patientId, issuer: f.study.issuerOfPatientId, archiveIssuer: f.archiveIssuer, otherIds: patientRecordOf(f)?.otherIds },
        [launchRecord],
        identity,
      );
      if (verdict.kind === 'refused') return verdict;
    }
  }

  const uids = [...byUid.keys()];
  if (uids.length === 1) {
    const first = found[0] as FoundStudy;
    return { kind: 'open-study', archiveId: first.study.archiveId, studyUid: first.study.studyInstanceUid };
  }

  // Several studies: shown together only when they are one patient's, by identifiers (the
  // launch's patient, or links in the data), never because names agree.
  const distinct = [...new Map(records.map((r, index) => [keyOf(index), r as PatientRecord])).values()];
  if (!launchRecord) {
    const joined = reconcile(distinct[0] as PatientRecord, distinct, rules);
    if (joined.members.length !== distinct.length) {
      return { kind: 'refused', reason: 'The studies the EHR named belong to different patients, as far as their identifiers tell. Open them one at a time.' };
    }
  }
  const launchRecords: LaunchRecord[] = [];
  const add = (record: LaunchRecord) => {
    if (!launchRecords.some((r) => r.patientId === record.patientId && r.issuer === record.issuer)) launchRecords.push(record);
  };
  if (launchRecord) add(launchRecord);
  for (const record of distinct) {
    const issuer = record.issuer ?? archiveIssuers[record.archiveId];
    if (issuer === undefined) {
      return { kind: 'refused', reason: 'A study the EHR named gives no issuer for its patient ID, so it cannot be shown with the others. Open the studies one at a time.' };
    }
    add({ patientId: record.patientId, issuer: resolveIssuer(issuer, identity) });
  }
  return {
    kind: 'open-patient',
    patient: { records: launchRecords, source: 'iid', highlightedStudies: found.map((f) => `${f.study.archiveId}/${f.study.studyInstanceUid}`) },
  };
}
