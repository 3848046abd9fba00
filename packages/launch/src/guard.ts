/**
 * The mismatch guard: a launch names a patient, and a study is shown only if its patient is one
 * of that patient's records. The EHR's link can be stale or wrong (a study UID pasted into the
 * wrong chart); showing the images under the launched patient's context would be worse than
 * showing nothing.
 */
import type { IdentityConfig, PatientIdentifier as DicomIdentifier } from '@longview/dicomweb';
import { canonicalIssuer, identifierKey, type IdentityRules, type PatientIdentifier } from '@longview/patient-identity';
import type { LaunchRecord } from './identifiers';

/** Who a study belongs to, as its archive describes it. */
export interface StudyPatient {
  patientId: string | undefined;
  /** IssuerOfPatientID from the data; undefined when the data does not say. */
  issuer: string | undefined;
  /** The archive's configured patientIdIssuer: the authority of IDs whose data names none. */
  archiveIssuer?: string | undefined;
  /**
   * The record's OtherPatientIDsSequence, where known: the same links the timeline joins
   * records through, so that the guard and the timeline agree on who the patient is. Either
   * as ArchiveClient.otherPatientIds gives them or as @longview/patient-identity writes them.
   */
  otherIds?: readonly (PatientIdentifier | DicomIdentifier)[] | undefined;
}

export type GuardResult = { kind: 'ok' } | { kind: 'refused'; reason: string };

function rulesOf(identity: IdentityConfig): IdentityRules {
  return { archiveIssuers: {}, issuerAliases: identity.issuerAliases };
}

/** Reasons name issuers and never patient IDs: they may end up in a message or a log. */
export function checkStudyMatchesPatient(study: StudyPatient, launchRecords: readonly LaunchRecord[], identity: IdentityConfig): GuardResult {
  const rules = rulesOf(identity);
  if (!study.patientId?.trim()) {
    return { kind: 'refused', reason: 'The study has no patient ID, so it cannot be shown as belonging to the patient the EHR opened.' };
  }
  // An ID without an authority is only ever compared through the archive's own configured
  // issuer: the same string from another authority is another person.
  const issuer = study.issuer?.trim() || study.archiveIssuer?.trim() || undefined;
  if (issuer === undefined) {
    return {
      kind: 'refused',
      reason: 'The study gives no issuer for its patient ID and its archive has no configured one, so it cannot be matched to the patient the EHR opened.',
    };
  }
  const launchKeys = new Set(launchRecords.map((record) => identifierKey(record, rules)));
  const ownKey = identifierKey({ patientId: study.patientId, issuer }, rules);
  if (launchKeys.has(ownKey)) return { kind: 'ok' };
  const isLinked = (study.otherIds ?? []).some((other) => {
    const issuerOfOther = 'issuerOfPatientId' in other ? other.issuerOfPatientId : other.issuer;
    const key = identifierKey({ patientId: other.patientId, issuer: issuerOfOther }, rules);
    return key !== undefined && launchKeys.has(key);
  });
  if (isLinked) return { kind: 'ok' };
  const launchIssuers = [...new Set(launchRecords.map((r) => r.issuer))].join(', ') || 'none';
  return {
    kind: 'refused',
    reason: `This study belongs to a different patient: its ${canonicalIssuer(issuer, rules)} record is not one of the records the EHR named (${launchIssuers}).`,
  };
}
