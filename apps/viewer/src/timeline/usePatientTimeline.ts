import { useQueries, useQuery, useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import { ArchiveError, type ArchiveClient, type PatientIdentifier as DicomIdentifier, type StudySummary } from '@longview/dicomweb';
import {
  followLinks,
  IdentitySourceError,
  launchAnchorOf,
  localKeyOf,
  localRecordKey,
  mpiLinkGroups,
  mpiStatus,
  newestStudyPerRecord,
  possibleOthersOf,
  reconcile,
  recordOf,
  seedsOf,
  type CrossReferences,
  type IdentitySource,
  type MpiTimelineStatus,
  type PatientIdentifier,
  type PatientRecord,
  type PossibleOtherRecord,
  type QualifiedIdentifier,
  type Reconciliation,
} from '@longview/patient-identity';
import { timelineEntriesOf, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { useRecordAudit } from '../audit/AuditContext';
import { useStudy } from '../archives/queries';
import type { LaunchedPatient } from '../launch/launchContext';

// The reading grid and the timeline route name the timeline's studies by this hook.
export type { TimelineStudy };

/**
 * Whose timeline: the patient of a study (opened from the study list or the viewer), or a
 * patient an EHR launch named by identifiers (undefined when the launch is not known here).
 */
export type TimelineAnchor =
  | { kind: 'study'; archive: ArchiveClient | undefined; studyUid: string }
  | { kind: 'launch'; patient: LaunchedPatient | undefined };

/** How an archive's part of the timeline stands. */
export interface ArchiveTimelineStatus {
  archive: ArchiveClient;
  state: 'searching' | 'retrying' | 'answered' | 'failed';
  /** What went wrong (also while retrying). */
  error: ArchiveError | undefined;
  /** Attempts that failed so far. */
  failureCount: number;
  studyCount: number;
  /** The archive's studies on screen are from an earlier answer: it failed since. */
  isStale: boolean;
  answeredAt: number | undefined;
}

export interface PatientTimeline {
  /** The study the timeline was opened from; a disabled query for a launched patient. */
  anchorStudy: UseQueryResult<StudySummary | undefined>;
  /** The record the banner is about: the anchor study's, or the first launch record found. */
  anchor: PatientRecord | undefined;
  reconciliation: Reconciliation | undefined;
  entries: TimelineStudy[];
  archives: ArchiveTimelineStatus[];
  /** The master patient index's chip; undefined when none is configured. */
  mpi: MpiTimelineStatus | undefined;
  possibleOthers: PossibleOtherRecord<StudySummary>[];
  /** Asks an archive again now, without waiting for the next automatic attempt. */
  retryArchive: (archiveId: string) => void;
  /** Asks the master patient index again what it could not answer. */
  retryMpi: () => void;
  /** Asks every archive again (new studies may have arrived); what is shown stays until then. */
  refresh: () => void;
  /** Every search and link lookup has answered or failed for good: nothing more is coming. */
  isComplete: boolean;
}

/** Automatic retries of an archive that is down: 1, 2, 4, 8 s, then every 10 s, 8 times in all. */
const MAX_ATTEMPTS = 8;
export const retryDelayMs = (attempt: number) => Math.min(1000 * 2 ** attempt, 10_000);
const shouldRetry = (failureCount: number, error: unknown) =>
  error instanceof ArchiveError && error.isRetryable && failureCount < MAX_ATTEMPTS;
/**
 * The MPI is retried twice (1 s, 2 s) and then says it failed, with Retry: what the data links
 * is on screen all along, and a reader who needs the rest asks again when the MPI is back.
 */
const MPI_AUTOMATIC_RETRIES = 2;
const shouldRetryMpi = (failureCount: number, error: unknown) =>
  error instanceof IdentitySourceError && error.isRetryable && failureCount < MPI_AUTOMATIC_RETRIES;

function mpiKey(identifier: QualifiedIdentifier) {
  return ['mpi-cross-references', identifier.issuer, identifier.patientId] as const;
}

function linksKey(study: StudySummary) {
  return ['patient-links', study.archiveId, study.studyInstanceUid] as const;
}

/**
 * Everything imaged for one patient, from every configured archive: the patient of a study,
 * or a patient an EHR launch named.
 *
 * Starting from the anchor study's record (or the launch's records, joined as asserted links),
 * every archive is searched (in parallel, each on its own) for every identifier known to
 * belong to the patient; each record found brings its OtherPatientIDs, which may name
 * identifiers to search for next (`followLinks`), and the master patient index (when
 * configured) is asked about every linked identifier: its answers join records the data links
 * one way or not at all. Which found records are the patient is decided by `reconcile` alone —
 * never by name. Each archive's answer, and the MPI's, shows as it arrives; one that fails is
 * retried and never holds the others back.
 *
 * `withNameHints: false` leaves out the "possible other records" searches by name and birth
 * date: a reading that only needs the patient's prior does not ask archives (and the audit
 * trail) for other people's names.
 */
export function usePatientTimeline(timelineAnchor: TimelineAnchor, { withNameHints = true }: { withNameHints?: boolean } = {}): PatientTimeline {
  const { all: archives, byId, identityRules, identitySource } = useArchives();
  const queryClient = useQueryClient();
  const recordAudit = useRecordAudit();
  const anchorArchive = timelineAnchor.kind === 'study' ? timelineAnchor.archive : undefined;
  const anchorStudyUid = timelineAnchor.kind === 'study' ? timelineAnchor.studyUid : '';
  const isLaunch = timelineAnchor.kind === 'launch';
  // Identifiers the EHR asserts are one patient: joined like links in the data.
  const launched: PatientIdentifier[] = timelineAnchor.kind === 'launch' ? (timelineAnchor.patient?.records ?? []) : [];
  const assertedLinks = launched.length > 0 ? [launched] : [];
  const { anchorStudy, anchorLinks, studyAnchor } = useAnchorStudy(anchorArchive, anchorStudyUid);

  // One search per archive and identifier.
  const searchPairs = (patientIds: readonly string[]) =>
    archives.flatMap((archive) => patientIds.map((patientId) => ({ archive, patientId })));

  // The identifiers to search for come from reconciling what was already found, read from the
  // query cache; every new answer re-renders this hook, which may then link (and search) more.
  // It settles when an answer links nothing new.
  const cachedStudies = (patientIds: readonly string[]) =>
    searchPairs(patientIds).flatMap(
      ({ archive, patientId }) => queryClient.getQueryData<StudySummary[]>(['patient-studies', archive.id, patientId]) ?? [],
    );
  const cachedLinks = (study: StudySummary) => queryClient.getQueryData<DicomIdentifier[]>(linksKey(study));
  const cachedCrossReferences = (identifier: QualifiedIdentifier) =>
    identitySource ? queryClient.getQueryData<CrossReferences>(mpiKey(identifier)) : undefined;
  const { seeds, seedIds } = seedsOf(isLaunch ? { kind: 'launch', launched } : { kind: 'study', record: studyAnchor }, identityRules);
  // A launch's banner patient is the first of its records found, else the first record the MPI
  // names for them (a launch whose own record holds no images).
  const anchorOf = (records: readonly PatientRecord[], candidates: readonly PatientIdentifier[]) =>
    isLaunch ? launchAnchorOf(records, candidates, identityRules) : studyAnchor;
  const followed = followLinks({
    seeds,
    seedIds,
    anchorOf,
    assertedLinks,
    rules: identityRules,
    cachedStudies,
    cachedLinks,
    cachedCrossReferences,
  });
  const pairs = searchPairs(followed.patientIds);

  // The MPI is asked about every identifier linked so far (the anchor's at once), each question
  // on its own; its answers join records like links in the data, and lead to more searches.
  const mpiQuestions = identitySource ? followed.linked : [];
  const { crossReferences, mpiLinks } = useCrossReferences(identitySource, mpiQuestions);
  const allAssertedLinks = [...assertedLinks, ...mpiLinks];

  const searches = useQueries({
    queries: pairs.map(({ archive, patientId }) => ({
      queryKey: ['patient-studies', archive.id, patientId],
      queryFn: ({ signal }: { signal: AbortSignal }) => auditedStudySearch(recordAudit, archive, { patientId }, signal),
      retry: shouldRetry,
      retryDelay: retryDelayMs,
    })),
  });
  const foundStudies = searches.flatMap((search) => search.data ?? []);
  const newestPerRecord = newestStudyPerRecord(foundStudies, identityRules);

  const { links, records } = useRecordLinks(newestPerRecord, byId);
  const anchor = anchorOf(records, [...launched, ...mpiLinks.flat()]);
  const reconciliation = anchor ? reconcile(anchor, records, identityRules, allAssertedLinks) : undefined;

  // A launch that found none of its records is complete (with nothing) once every search ended.
  const isComplete =
    (isLaunch ? launched.length > 0 : studyAnchor !== undefined && !anchorLinks.isPending) &&
    searches.every((q) => !q.isPending) &&
    // Identifiers linked by an answer become searches in this same render (pairs is derived
    // from the cache), and a new search starts out pending: nothing to check beyond this.
    links.every((q) => !q.isPending) &&
    crossReferences.every((q) => !q.isPending);

  const namesakes = useNamesakes(archives, anchor, isComplete && withNameHints);

  const memberKeys = new Set(reconciliation?.members.map((m) => localKeyOf(m, identityRules)));
  const isMemberStudy = (study: StudySummary) => memberKeys.has(localRecordKey(study, identityRules) ?? '');

  const statuses = archives.map((archive) => archiveStatusOf(archive, searches.filter((_, index) => pairs[index]?.archive.id === archive.id), isMemberStudy));
  const staleArchives = new Set(statuses.filter((s) => s.isStale).map((s) => s.archive.id));

  const withoutMpi = anchor && identitySource ? reconcile(anchor, records, identityRules, assertedLinks) : undefined;
  const mpi = identitySource ? mpiStatus(identitySource.name, crossReferences, withoutMpi, reconciliation) : undefined;

  const entries = timelineEntriesOf(foundStudies.filter(isMemberStudy), staleArchives, (archiveId) => byId(archiveId)?.config.department);

  const possibleOthers = reconciliation ? possibleOthersOf(reconciliation, namesakes.flatMap((q) => q.data ?? []), identityRules) : [];

  const { retryArchive, retryMpi, refresh } = timelineRetries(queryClient);

  return { anchorStudy, anchor, reconciliation, entries, archives: statuses, mpi, possibleOthers, retryArchive, retryMpi, refresh, isComplete };
}

/**
 * The study the timeline starts from, and its OtherPatientIDs: asked at once, beside the study's
 * own search (the URL already names the study), since its links decide which identifiers the
 * second round searches for.
 */
function useAnchorStudy(anchorArchive: ArchiveClient | undefined, anchorStudyUid: string) {
  const anchorStudy = useStudy(anchorArchive, anchorStudyUid);
  const anchorLinks = useQuery({
    queryKey: ['patient-links', anchorArchive?.id, anchorStudyUid],
    queryFn: ({ signal }) =>
      (anchorArchive as ArchiveClient).otherPatientIds({ studyInstanceUid: anchorStudyUid, otherPatientIds: undefined }, signal),
    enabled: anchorArchive !== undefined,
    retry: shouldRetry,
    retryDelay: retryDelayMs,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const studyAnchor = anchorStudy.data ? recordOf(anchorStudy.data, anchorLinks.data) : undefined;
  return { anchorStudy, anchorLinks, studyAnchor };
}

/** Each found record's OtherPatientIDs, asked of its newest study, and the records they make. */
function useRecordLinks(newestPerRecord: ReadonlyMap<string, StudySummary>, byId: (archiveId: string) => ArchiveClient | undefined) {
  const links = useQueries({
    queries: [...newestPerRecord.values()].map((study) => ({
      queryKey: linksKey(study),
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

/** One archive's part of the timeline, from its searches: answered, searching, retrying or failed. */
function archiveStatusOf(archive: ArchiveClient, mine: ReadonlyArray<UseQueryResult<StudySummary[]>>, isMemberStudy: (study: StudySummary) => boolean): ArchiveTimelineStatus {
  const failed = mine.find((q) => q.status === 'error' && q.fetchStatus === 'idle');
  // Failing but trying again, whether or not an earlier answer is still on screen.
  const retrying = mine.find((q) => q.failureCount > 0 && q.fetchStatus === 'fetching');
  const isSearching = mine.length === 0 || mine.some((q) => q.status === 'pending');
  const studyCount = new Set(
    mine.flatMap((q) => (q.data ?? []).filter(isMemberStudy).map((s) => s.studyInstanceUid)),
  ).size;
  const error = (failed?.error ?? retrying?.failureReason ?? undefined) as ArchiveError | undefined;
  const answeredAt = Math.max(0, ...mine.map((q) => q.dataUpdatedAt)) || undefined;
  return {
    archive,
    state: failed ? 'failed' : retrying ? 'retrying' : isSearching ? 'searching' : 'answered',
    error: error instanceof ArchiveError ? error : undefined,
    failureCount: Math.max(0, ...mine.map((q) => q.failureCount)),
    studyCount,
    isStale: mine.some((q) => q.isRefetchError || (q.data !== undefined && q.failureCount > 0)),
    answeredAt,
  };
}

/**
 * "Possible other records": same family/given name and birth date, searched deliberately
 * apart, shown only as a hint. Asked once the timeline is complete (`isWanted`), so that these
 * searches (name matching is the slowest kind) never hold up the patient's own studies.
 */
function useNamesakes(archives: readonly ArchiveClient[], anchor: PatientRecord | undefined, isWanted: boolean) {
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
function useCrossReferences(identitySource: IdentitySource | undefined, mpiQuestions: readonly QualifiedIdentifier[]) {
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
function timelineRetries(queryClient: QueryClient) {
  return {
    retryArchive: (archiveId: string) => {
      void queryClient.refetchQueries({ queryKey: ['patient-studies', archiveId] });
      void queryClient.refetchQueries({ queryKey: ['patient-links', archiveId], type: 'all', predicate: (q) => q.state.status === 'error' });
    },
    retryMpi: () => void queryClient.refetchQueries({ queryKey: ['mpi-cross-references'], type: 'all', predicate: (q) => q.state.status === 'error' }),
    refresh: () => void queryClient.refetchQueries({ queryKey: ['patient-studies'] }),
  };
}
