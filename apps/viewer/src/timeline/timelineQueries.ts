import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import { ArchiveError, type ArchiveClient, type PatientIdentifier as DicomIdentifier, type StudySummary } from '@longview/dicomweb';
import { isResultsOnlyStudy, studiesReferencedBy, type StudyReferences, type TimelineStudy } from '@longview/timeline';
import {
  IdentitySourceError,
  mpiLinkGroups,
  recordOf,
  type CrossReferences,
  type IdentitySource,
  type PatientRecord,
  type QualifiedIdentifier,
} from '@longview/patient-identity';
import { auditedStudySearch } from '../audit/archiveAudit';
import { adoptOrAsk } from '../boot/earlyOpen';
import { takeEarlyAnchorLinks, takeEarlyPatientSearch } from '../boot/earlyTimeline';
import { useRecordAudit } from '../audit/AuditContext';
import { useStudy } from '../archives/queries';

// The queries behind usePatientTimeline: their keys, how each retries, and how the timeline asks
// again. The hook decides which to ask; this file is how they are asked.

/** Automatic retries of an archive that is down: 1, 2, 4, 8 s, then every 10 s, 8 times in all. */
const MAX_ATTEMPTS = 8;
const retryDelayMs = (attempt: number) => Math.min(1000 * 2 ** attempt, 10_000);
const shouldRetry = (failureCount: number, error: unknown) =>
  error instanceof ArchiveError && error.isRetryable && failureCount < MAX_ATTEMPTS;
/**
 * The MPI is retried twice (1 s, 2 s) and then says it failed, with Retry: what the data links
 * is on screen all along, and a reader who needs the rest asks again when the MPI is back.
 */
const MPI_AUTOMATIC_RETRIES = 2;
const shouldRetryMpi = (failureCount: number, error: unknown) =>
  error instanceof IdentitySourceError && error.isRetryable && failureCount < MPI_AUTOMATIC_RETRIES;

const STUDIES = 'patient-studies';
const LINKS = 'patient-links';
const MPI = 'mpi-cross-references';
const RESULTS_REFERENCES = 'results-study-references';

function studiesKey(archiveId: string, patientId: string) {
  return [STUDIES, archiveId, patientId] as const;
}

function linksKey(archiveId: string | undefined, studyUid: string) {
  return [LINKS, archiveId, studyUid] as const;
}

function mpiKey(identifier: QualifiedIdentifier) {
  return [MPI, identifier.issuer, identifier.patientId] as const;
}

/** One archive searched for one identifier. */
export interface SearchPair {
  archive: ArchiveClient;
  patientId: string;
}

/** One search per archive and identifier. */
export function searchPairsOf(archives: readonly ArchiveClient[], patientIds: readonly string[]): SearchPair[] {
  return archives.flatMap((archive) => patientIds.map((patientId) => ({ archive, patientId })));
}

/**
 * What the timeline's queries have answered so far, read from the query cache: the studies
 * found for some identifiers, a study's OtherPatientIDs, the MPI's answer about an identifier.
 */
export function cachedAnswers(queryClient: QueryClient, archives: readonly ArchiveClient[], identitySource: IdentitySource | undefined) {
  return {
    cachedStudies: (patientIds: readonly string[]) =>
      searchPairsOf(archives, patientIds).flatMap(
        ({ archive, patientId }) => queryClient.getQueryData<StudySummary[]>(studiesKey(archive.id, patientId)) ?? [],
      ),
    cachedLinks: (study: StudySummary) => queryClient.getQueryData<DicomIdentifier[]>(linksKey(study.archiveId, study.studyInstanceUid)),
    cachedCrossReferences: (identifier: QualifiedIdentifier) =>
      identitySource ? queryClient.getQueryData<CrossReferences>(mpiKey(identifier)) : undefined,
  };
}

/** The patient's studies in each archive, one search per archive and identifier, each on its own. */
export function usePatientSearches(pairs: readonly SearchPair[]) {
  const recordAudit = useRecordAudit();
  return useQueries({
    queries: pairs.map(({ archive, patientId }) => ({
      queryKey: studiesKey(archive.id, patientId),
      // The first request's answer may be the boot script's (boot/earlyTimeline.ts); audited all the same.
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        auditedStudySearch(recordAudit, archive, { patientId }, signal, () =>
          archive.searchStudies({ patientId }, signal, takeEarlyPatientSearch(archive.id, patientId, signal)),
        ),
      retry: shouldRetry,
      retryDelay: retryDelayMs,
    })),
  });
}

/**
 * The study the timeline starts from, and its OtherPatientIDs: asked at once, beside the study's
 * own search (the URL already names the study), since its links decide which identifiers the
 * second round searches for.
 */
export function useAnchorStudy(anchorArchive: ArchiveClient | undefined, anchorStudyUid: string) {
  const anchorStudy = useStudy(anchorArchive, anchorStudyUid);
  const anchorLinks = useQuery({
    queryKey: linksKey(anchorArchive?.id, anchorStudyUid),
    queryFn: ({ signal }) => {
      const client = anchorArchive as ArchiveClient;
      return adoptOrAsk(
        takeEarlyAnchorLinks({ archiveId: client.id, study: anchorStudyUid }, signal),
        (answer) => client.otherPatientIdsIn(answer),
        () => client.otherPatientIds({ studyInstanceUid: anchorStudyUid, otherPatientIds: undefined }, signal),
      );
    },
    enabled: anchorArchive !== undefined,
    retry: shouldRetry,
    retryDelay: retryDelayMs,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const studyAnchor = anchorStudy.data ? recordOf(anchorStudy.data, anchorLinks.data) : undefined;
  return { anchorStudy, anchorLinks, studyAnchor };
}

/** Each found record's OtherPatientIDs, asked of its newest study, and the records they make. */
export function useRecordLinks(newestPerRecord: ReadonlyMap<string, StudySummary>, byId: (archiveId: string) => ArchiveClient | undefined) {
  const links = useQueries({
    queries: [...newestPerRecord.values()].map((study) => ({
      queryKey: linksKey(study.archiveId, study.studyInstanceUid),
      queryFn: ({ signal }: { signal: AbortSignal }) => (byId(study.archiveId) as ArchiveClient).otherPatientIds(study, signal),
      retry: shouldRetry,
      retryDelay: retryDelayMs,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const linksByRecord = new Map<string, readonly DicomIdentifier[] | undefined>();
  [...newestPerRecord.keys()].forEach((key, index) => linksByRecord.set(key, links[index]?.data));
  const records = [...newestPerRecord.entries()]
    .map(([key, study]) => recordOf(study, linksByRecord.get(key)))
    .filter((r): r is PatientRecord => r !== undefined);
  return { links, records };
}

/**
 * "Possible other records": same family/given name and birth date, searched deliberately
 * apart, shown only as a hint. Asked once the timeline is complete (`isWanted`), so that these
 * searches (name matching is the slowest kind) never hold up the patient's own studies.
 */
export function useNamesakes(archives: readonly ArchiveClient[], anchor: PatientRecord | undefined, isWanted: boolean) {
  const recordAudit = useRecordAudit();
  const [family, given] = (anchor?.name ?? '').split('^');
  const looksLike = family && anchor?.birthDate ? { patientName: `${family}^${given ?? ''}`, patientBirthDate: anchor.birthDate } : undefined;
  return useQueries({
    queries: looksLike
      ? archives.map((archive) => ({
          queryKey: ['namesakes', archive.id, looksLike.patientName, looksLike.patientBirthDate],
          queryFn: ({ signal }: { signal: AbortSignal }) => auditedStudySearch(recordAudit, archive, looksLike, signal),
          enabled: isWanted,
          retry: false,
        }))
      : [],
  });
}

/**
 * The MPI's answer about each identifier linked so far, each question on its own; its answers
 * join records like links in the data (`mpiLinks`), and lead to more searches.
 */
export function useCrossReferences(identitySource: IdentitySource | undefined, mpiQuestions: readonly QualifiedIdentifier[]) {
  const crossReferences = useQueries({
    queries: mpiQuestions.map((identifier) => ({
      queryKey: mpiKey(identifier),
      queryFn: ({ signal }: { signal: AbortSignal }) => (identitySource as IdentitySource).crossReferences(identifier, signal),
      retry: shouldRetryMpi,
      retryDelay: retryDelayMs,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const answerOf = (identifier: QualifiedIdentifier) => {
    const index = mpiQuestions.findIndex((asked) => asked.issuer === identifier.issuer && asked.patientId === identifier.patientId);
    return crossReferences[index]?.data;
  };
  return { crossReferences, mpiLinks: mpiLinkGroups(mpiQuestions, answerOf) };
}

/** Trying again: one archive's searches (and its failed link queries), the MPI's failed questions, or every search. */
export function timelineRetries(queryClient: QueryClient) {
  return {
    retryArchive: (archiveId: string) => {
      void queryClient.refetchQueries({ queryKey: [STUDIES, archiveId] });
      void queryClient.refetchQueries({ queryKey: [LINKS, archiveId], type: 'all', predicate: (q) => q.state.status === 'error' });
    },
    retryMpi: () => void queryClient.refetchQueries({ queryKey: [MPI], type: 'all', predicate: (q) => q.state.status === 'error' }),
    refresh: () => void queryClient.refetchQueries({ queryKey: [STUDIES] }),
  };
}

/**
 * The studies each results-only study of the timeline names (resultsStudies.ts in
 * @longview/timeline), from one instance's metadata: QIDO-RS returns no sequences. One question
 * per results-only study, none for any other; `isSettled` once every one answered or failed.
 */
export function useResultsReferences(studies: readonly TimelineStudy[], byId: (archiveId: string) => ArchiveClient | undefined) {
  const resultsOnly = studies.filter((study) => isResultsOnlyStudy(study.modalities) && byId(study.archiveId) !== undefined);
  const answers = useQueries({
    queries: resultsOnly.map((study) => ({
      queryKey: [RESULTS_REFERENCES, study.archiveId, study.studyInstanceUid] as const,
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const metadata = await (byId(study.archiveId) as ArchiveClient).oneInstanceMetadata(study.studyInstanceUid, signal);
        return metadata ? studiesReferencedBy(metadata) : [];
      },
      retry: shouldRetry,
      retryDelay: retryDelayMs,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const byKey = new Map<string, StudyReferences>();
  resultsOnly.forEach((study, index) => {
    const answer = answers[index];
    byKey.set(study.key, answer?.isError ? 'unreadable' : answer?.data);
  });
  return {
    referencesOf: (study: TimelineStudy): StudyReferences => byKey.get(study.key),
    isSettled: answers.every((answer) => !answer.isPending),
  };
}
