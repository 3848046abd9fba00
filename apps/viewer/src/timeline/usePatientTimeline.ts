import { useQueries, useQuery, useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import { ArchiveError, type ArchiveClient, type PatientIdentifier as DicomIdentifier, type StudySummary } from '@longview/dicomweb';
import {
  canonicalIssuer,
  identifierKey,
  IdentitySourceError,
  possibleOtherRecords,
  reconcile,
  recordKey,
  type CrossReferences,
  type IdentityKey,
  type IdentityRules,
  type IdentitySource,
  type PatientIdentifier,
  type PatientRecord,
  type QualifiedIdentifier,
  type Reconciliation,
} from '@longview/patient-identity';
import { classifySpecialty, type TimelineEntry } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { useRecordAudit } from '../audit/AuditContext';
import { useStudy } from '../archives/queries';
import type { LaunchedPatient } from '../launch/launchContext';

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

/** How the master patient index's part of the timeline stands (one chip, like an archive's). */
export interface MpiTimelineStatus {
  name: string;
  state: 'searching' | 'retrying' | 'answered' | 'failed';
  error: IdentitySourceError | undefined;
  failureCount: number;
  /** Identifiers the MPI joined that nothing in the data or the launch had. */
  addedKeys: IdentityKey[];
  /** Identifier systems in its answers that config.json maps to no issuer: left out. */
  ignoredSystems: string[];
}

export interface TimelineStudy extends TimelineEntry {
  /** The local record (archive's own patient ID) the study belongs to. */
  patientId: string | undefined;
  isStale: boolean;
}

export interface PossibleOtherRecord {
  record: PatientRecord;
  studies: StudySummary[];
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
  possibleOthers: PossibleOtherRecord[];
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

/** An identifier the MPI can be asked about: one with an issuer (from the data or the archive's domain). */
function qualifiedIdentifierOf(record: PatientRecord, rules: IdentityRules): QualifiedIdentifier | undefined {
  const issuer = canonicalIssuer(record.issuer ?? rules.archiveIssuers[record.archiveId], rules);
  return issuer === undefined ? undefined : { patientId: record.patientId.trim(), issuer };
}

function uniqueIdentifiers(identifiers: readonly QualifiedIdentifier[]): QualifiedIdentifier[] {
  const seen = new Set<string>();
  return identifiers.filter((identifier) => {
    const key = `${identifier.issuer}\u0000${identifier.patientId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each answered MPI question as a group of identifiers it asserts are one patient. */
function mpiLinkGroups(
  asked: readonly QualifiedIdentifier[],
  answerOf: (identifier: QualifiedIdentifier) => CrossReferences | undefined,
): QualifiedIdentifier[][] {
  return asked.flatMap((identifier) => {
    const answer = answerOf(identifier);
    return answer && answer.identifiers.length > 0 ? [[identifier, ...answer.identifiers]] : [];
  });
}

function recordOf(study: StudySummary, otherIds: readonly DicomIdentifier[] | undefined): PatientRecord | undefined {
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

/** Which local record (archive + identity key) a study belongs to; undefined without a patient ID. */
function localRecordKey(study: StudySummary, rules: IdentityRules): string | undefined {
  const record = recordOf(study, undefined);
  return record ? localKeyOf(record, rules) : undefined;
}

function localKeyOf(record: PatientRecord, rules: IdentityRules): string {
  return `${record.archiveId}|${recordKey(record, rules)}`;
}

/** The newest study of each local record: where its links are read from. */
function newestStudyPerRecord(studies: readonly StudySummary[], rules: IdentityRules): Map<string, StudySummary> {
  const newest = new Map<string, StudySummary>();
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

function linksKey(study: StudySummary) {
  return ['patient-links', study.archiveId, study.studyInstanceUid] as const;
}

/**
 * The first record (in the launch's order) that is one of the launched patient's: the banner's
 * patient. Any would do for joining, since the launch asserts all its records as one patient.
 */
function launchAnchorOf(records: readonly PatientRecord[], launched: readonly PatientIdentifier[], rules: IdentityRules): PatientRecord | undefined {
  for (const identifier of launched) {
    const key = identifierKey(identifier, rules);
    const found = records.find((record) => recordKey(record, rules) === key);
    if (found) return found;
  }
  return undefined;
}

/**
 * Everything imaged for one patient, from every configured archive: the patient of a study,
 * or a patient an EHR launch named.
 *
 * Starting from the anchor study's record (or the launch's records, joined as asserted links),
 * every archive is searched (in parallel, each on its own) for every identifier known to
 * belong to the patient; each record found brings its
 * OtherPatientIDs, which may name identifiers to search for next, and the master patient index
 * (when configured) is asked about every linked identifier: its answers join records the data
 * links one way or not at all. Which found records are the patient is decided by `reconcile`
 * alone — never by name. Each archive's answer, and the MPI's, shows as it arrives; one that
 * fails is retried and never holds the others back.
 */
/**
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
  const { seeds, seedIds } = seedsOf(isLaunch, launched, studyAnchor, identityRules);
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

/** Where following links starts: the launch's identifiers (those with an issuer, for the MPI), or the anchor study's record. */
function seedsOf(isLaunch: boolean, launched: readonly PatientIdentifier[], studyAnchor: PatientRecord | undefined, rules: IdentityRules) {
  const studyAnchorIdentifier = studyAnchor ? qualifiedIdentifierOf(studyAnchor, rules) : undefined;
  const seeds: QualifiedIdentifier[] = isLaunch
    ? uniqueIdentifiers(launched.flatMap((identifier) => (identifier.issuer ? [{ patientId: identifier.patientId, issuer: identifier.issuer }] : [])))
    : studyAnchorIdentifier
      ? [studyAnchorIdentifier]
      : [];
  const seedIds = isLaunch ? [...new Set(launched.map((identifier) => identifier.patientId))] : studyAnchor ? [studyAnchor.patientId] : [];
  return { seeds, seedIds };
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

/** The patient's studies as timeline entries, each once (two searches may find the same study), in its specialty's lane. */
function timelineEntriesOf(memberStudies: readonly StudySummary[], staleArchives: ReadonlySet<string>, departmentOf: (archiveId: string) => string | undefined): TimelineStudy[] {
  const seen = new Set<string>();
  return memberStudies.flatMap((study): TimelineStudy[] => {
    const key = `${study.archiveId}/${study.studyInstanceUid}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        key,
        archiveId: study.archiveId,
        studyInstanceUid: study.studyInstanceUid,
        studyDate: study.studyDate,
        studyTime: study.studyTime,
        description: study.studyDescription,
        modalities: study.modalities,
        bodyParts: study.bodyParts,
        seriesCount: study.seriesCount,
        instanceCount: study.instanceCount,
        specialty: classifySpecialty({
          modalities: study.modalities,
          sopClassUids: study.sopClassUids,
          bodyParts: study.bodyParts,
          department: departmentOf(study.archiveId),
        }),
        patientId: study.patientId,
        isStale: staleArchives.has(study.archiveId),
      },
    ];
  });
}

/** The namesakes' records that are not the patient's, each with its studies: a hint, never joined. */
function possibleOthersOf(reconciliation: Reconciliation, candidateStudies: readonly StudySummary[], rules: IdentityRules): PossibleOtherRecord[] {
  const candidates = candidateStudies.map((s) => recordOf(s, undefined)).filter((r): r is PatientRecord => r !== undefined);
  return possibleOtherRecords(reconciliation, candidates, rules).map((record) => {
    const key = localKeyOf(record, rules);
    return { record, studies: candidateStudies.filter((s) => localRecordKey(s, rules) === key) };
  });
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

/**
 * The MPI chip: failed once a question failed for good, retrying while one is tried again,
 * searching while any is out; and which identifiers only the MPI joined (against what the data
 * and the launch join without it).
 */
function mpiStatus(
  name: string,
  questions: readonly UseQueryResult<CrossReferences>[],
  withoutMpi: Reconciliation | undefined,
  withMpi: Reconciliation | undefined,
): MpiTimelineStatus {
  const failed = questions.find((q) => q.status === 'error' && q.fetchStatus === 'idle');
  const retrying = questions.find((q) => q.failureCount > 0 && q.fetchStatus === 'fetching');
  // Nothing to ask (a record whose IDs have no issuer) is an answer too, once the anchor is known.
  const isSearching = questions.some((q) => q.status === 'pending') || (questions.length === 0 && withMpi === undefined);
  const error = failed?.error ?? retrying?.failureReason ?? undefined;
  const known = new Set(withoutMpi?.identifiers.map((identifier) => identifier.key));
  return {
    name,
    state: failed ? 'failed' : retrying ? 'retrying' : isSearching ? 'searching' : 'answered',
    error: error instanceof IdentitySourceError ? error : undefined,
    failureCount: Math.max(0, ...questions.map((q) => q.failureCount)),
    addedKeys: (withMpi?.identifiers ?? []).map((identifier) => identifier.key).filter((key) => !known.has(key)),
    ignoredSystems: [...new Set(questions.flatMap((q) => q.data?.ignoredSystems ?? []))],
  };
}

interface FollowLinksInput {
  /** Identifiers the timeline starts from (the anchor's, or the launch's), issuer-qualified. */
  seeds: readonly QualifiedIdentifier[];
  seedIds: readonly string[];
  anchorOf: (records: readonly PatientRecord[], candidates: readonly PatientIdentifier[]) => PatientRecord | undefined;
  assertedLinks: readonly (readonly PatientIdentifier[])[];
  rules: IdentityRules;
  cachedStudies: (patientIds: readonly string[]) => StudySummary[];
  cachedLinks: (study: StudySummary) => readonly DicomIdentifier[] | undefined;
  cachedCrossReferences: (identifier: QualifiedIdentifier) => CrossReferences | undefined;
}

/**
 * What to ask next, from what has been found (read from the query cache): the patient IDs to
 * search every archive for, and the issuer-qualified identifiers linked to the patient (to ask
 * the MPI about). Starts from the seeds; every pass reconciles the records found with the links
 * in their data, the launch's and the MPI's answers, until nothing new is linked.
 */
function followLinks({ seeds, seedIds, anchorOf, assertedLinks, rules, cachedStudies, cachedLinks, cachedCrossReferences }: FollowLinksInput): {
  patientIds: string[];
  linked: QualifiedIdentifier[];
} {
  let patientIds = [...new Set(seedIds)];
  let linked = [...seeds];
  // A few passes reach every record a chain of links leads to; each pass only reads the cache.
  for (let pass = 0; pass < 8 && patientIds.length > 0; pass += 1) {
    const mpiLinks = mpiLinkGroups(linked, cachedCrossReferences);
    const studies = cachedStudies(patientIds);
    const newest = newestStudyPerRecord(studies, rules);
    const records = [...newest.values()]
      .map((study) => recordOf(study, cachedLinks(study)))
      .filter((r): r is PatientRecord => r !== undefined);
    const anchor = anchorOf(records, [...linked, ...mpiLinks.flat()]);
    const identifiers = anchor ? reconcile(anchor, records, rules, [...assertedLinks, ...mpiLinks]).identifiers : [];
    const nextLinked = uniqueIdentifiers([
      ...linked,
      // What the MPI says about a linked identifier is linked too, found in an archive or not.
      ...mpiLinks.flat(),
      ...identifiers.flatMap((identifier) => (identifier.issuer ? [{ patientId: identifier.patientId, issuer: identifier.issuer }] : [])),
    ]);
    const nextIds = [...new Set([...patientIds, ...identifiers.map((identifier) => identifier.patientId), ...nextLinked.map((identifier) => identifier.patientId)])];
    if (nextIds.length === patientIds.length && nextLinked.length === linked.length) break;
    patientIds = nextIds;
    linked = nextLinked;
  }
  return { patientIds, linked };
}
