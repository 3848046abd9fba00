import type { ArchiveReference, AuditOutcome, PatientReference } from '@longview/audit';
import { ArchiveError, isRequestCancelled, toStudyQueryParams, type ArchiveClient, type StudyListPage, type StudyQuery, type StudySummary } from '@longview/dicomweb';
import type { RecordAudit } from './AuditContext';

/** The archive as an audit event names it: id, display name and the DICOMweb root. */
export function archiveReference(archive: ArchiveClient): ArchiveReference {
  return { id: archive.id, name: archive.config.name, url: archive.config.qidoRoot };
}

/** A study's patient: its ID under the issuer the data names, else the archive's configured one. */
export function patientOf(archive: ArchiveClient, study: Pick<StudySummary, 'patientId' | 'issuerOfPatientId'> | undefined): PatientReference | undefined {
  if (!study?.patientId) return undefined;
  return { value: study.patientId, issuer: study.issuerOfPatientId ?? archive.config.patientIdIssuer };
}

/** How a failed request ends up in the audit record: the error kind, never its message. */
export function failureOf(error: unknown): AuditOutcome {
  return error instanceof ArchiveError
    ? { kind: 'failure', errorKind: error.kind, status: error.status }
    : { kind: 'failure', errorKind: 'unexpected' };
}

/**
 * Runs a QIDO-RS study search (`search`, which answers the studies its answer disclosed and
 * whatever the caller shows of them) and records it as a patient query (DCM 110112): the
 * patients and studies the answer disclosed, or its failure, stored before the answer is
 * returned. A search the viewer cancelled itself disclosed nothing and is not recorded.
 */
async function auditedSearch<Answer>(
  recordAudit: RecordAudit,
  archive: ArchiveClient,
  query: StudyQuery,
  search: () => Promise<Answer>,
  disclosedBy: (answer: Answer) => StudySummary[],
): Promise<Answer> {
  const base = { kind: 'patient-query' as const, archive: archiveReference(archive), query: toStudyQueryParams(query) };
  let answer: Answer;
  try {
    answer = await search();
  } catch (error) {
    if (!isRequestCancelled(error)) {
      const asked = query.patientId ? [{ value: query.patientId, issuer: archive.config.patientIdIssuer }] : [];
      await recordAudit({ ...base, patients: asked, studyUids: [], outcome: failureOf(error) });
    }
    throw error;
  }
  const studies = disclosedBy(answer);
  const patients = new Map<string, PatientReference>();
  for (const study of studies) {
    const patient = patientOf(archive, study);
    if (patient) patients.set(`${patient.issuer ?? ''}|${patient.value}`, patient);
  }
  // Stored before the answer is shown: a reader who leaves the page at once must not take the
  // record of what was disclosed with them (the queue delivers it from the next page).
  await recordAudit({ ...base, patients: [...patients.values()], studyUids: studies.map((s) => s.studyInstanceUid), outcome: { kind: 'success' } });
  return answer;
}

/**
 * A study search, audited (see auditedSearch): every study the archive answered. `search` is how
 * the answer is had, asking the archive unless the caller has it already (a launch's search the
 * page's boot script made): recorded the same either way.
 */
export function auditedStudySearch(
  recordAudit: RecordAudit,
  archive: ArchiveClient,
  query: StudyQuery,
  signal: AbortSignal,
  search: () => Promise<StudySummary[]> = () => archive.searchStudies(query, signal),
): Promise<StudySummary[]> {
  return auditedSearch(recordAudit, archive, query, search, (studies) => studies);
}

/**
 * The study list's search, audited: the list shows at most `limit` studies, but the record
 * names every study the answer carried (the one beyond the limit, or all of an archive that
 * ignores the limit), since the browser received them. `earlyPage` is the same search as the
 * boot script ran it, where it did (boot/earlyStudyList.ts): recorded the same.
 */
export function auditedStudyListSearch(
  recordAudit: RecordAudit,
  archive: ArchiveClient,
  query: StudyQuery & { limit: number },
  signal: AbortSignal,
  earlyPage?: Promise<StudyListPage>,
): Promise<StudyListPage> {
  return auditedSearch(recordAudit, archive, query, () => archive.searchStudyList(query, signal, earlyPage), (page) => page.received);
}
