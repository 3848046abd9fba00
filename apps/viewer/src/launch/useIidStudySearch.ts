import { useQueries } from '@tanstack/react-query';
import { ArchiveError, type ArchiveClient, type StudySummary } from '@longview/dicomweb';
import type { IidStudyRequest } from '@longview/launch';
import { useArchives } from '../archives/ArchivesContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { adoptOrAsk, takeEarlyIidStudySearch } from '../boot/earlyOpen';
import { useRecordAudit, type RecordAudit } from '../audit/AuditContext';
import type { ArchiveAnswer, FoundStudy } from './iidStudyOutcome';

const retryOnce = (failureCount: number, error: unknown) => error instanceof ArchiveError && error.isRetryable && failureCount < 1;

/** Studies of one archive that the request names, by UID or accession number, exactly. */
async function findRequestedStudies(
  recordAudit: RecordAudit,
  archive: ArchiveClient,
  request: IidStudyRequest,
  withLinks: boolean,
  signal: AbortSignal,
): Promise<FoundStudy[]> {
  const answers = await Promise.all([
    ...request.studyUids.map((uid) =>
      auditedStudySearch(recordAudit, archive, { studyInstanceUid: uid }, signal, () =>
        // The boot script asked already when the launch names this one study (boot/earlyOpen.ts).
        adoptOrAsk(
          takeEarlyIidStudySearch(archive.id, uid),
          (answer) => archive.studySummariesOf(answer),
          () => archive.searchStudies({ studyInstanceUid: uid }, signal),
        ),
      ).then((studies) => studies.filter((s) => s.studyInstanceUid === uid)),
    ),
    ...request.accessionNumbers.map((accession) =>
      auditedStudySearch(recordAudit, archive, { accessionNumber: accession }, signal).then((studies) => studies.filter((s) => s.accessionNumber === accession)),
    ),
  ]);
  const unique = new Map<string, StudySummary>();
  for (const study of answers.flat()) unique.set(study.studyInstanceUid, study);
  return Promise.all(
    [...unique.values()].map(async (study) => ({
      study,
      archiveName: archive.config.name,
      archiveIssuer: archive.config.patientIdIssuer,
      // The links decide whether several studies (or a study and the named patient) are one
      // person's; a single study opened without a patient needs none.
      otherIds: withLinks ? await archive.otherPatientIds(study, signal) : undefined,
    })),
  );
}

/**
 * Every archive searched for the studies an IID STUDY request names (none asked without a
 * request), and each archive's answer once every search has ended (`isSettled`).
 */
export function useIidStudySearch(studyRequest: IidStudyRequest | undefined, withLinks: boolean): { answers: ArchiveAnswer[]; isSettled: boolean } {
  const { all: archives } = useArchives();
  const recordAudit = useRecordAudit();
  const searches = useQueries({
    queries: archives.map((archive) => ({
      queryKey: ['iid-studies', archive.id, studyRequest?.studyUids, studyRequest?.accessionNumbers, withLinks],
      queryFn: ({ signal }: { signal: AbortSignal }) => findRequestedStudies(recordAudit, archive, studyRequest as IidStudyRequest, withLinks, signal),
      enabled: studyRequest !== undefined,
      retry: retryOnce,
    })),
  });
  const isSettled = studyRequest !== undefined && searches.every((s) => !s.isPending);
  const answers: ArchiveAnswer[] = archives.map((archive, index) => {
    const search = searches[index];
    return search?.data
      ? { archiveId: archive.id, archiveName: archive.config.name, state: 'answered', found: search.data }
      : {
          archiveId: archive.id,
          archiveName: archive.config.name,
          state: 'failed',
          message: search?.error instanceof ArchiveError ? search.error.userMessage : `${archive.config.name} could not be searched.`,
        };
  });
  return { answers, isSettled };
}
