import { useRef } from 'react';
import { replaceEqualDeep, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import {
  followLinks,
  launchAnchorOf,
  localKeyOf,
  localRecordKey,
  mpiStatus,
  newestStudyPerRecord,
  possibleOthersOf,
  reconcile,
  seedsOf,
  type MpiTimelineStatus,
  type PatientIdentifier,
  type PatientRecord,
  type PossibleOtherRecord,
  type Reconciliation,
} from '@longview/patient-identity';
import { attachResultsStudies, timelineEntriesOf, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import type { LaunchedPatient } from '../launch/launchContext';
import { archiveStatusOf, type ArchiveTimelineStatus } from './archiveTimelineStatus';
import {
  cachedAnswers,
  searchPairsOf,
  timelineRetries,
  useAnchorStudy,
  useCrossReferences,
  useNamesakes,
  usePatientSearches,
  useRecordLinks,
  useResultsReferences,
} from './timelineQueries';

// The reading grid and the timeline route name the timeline's studies by this hook.
export type { TimelineStudy };

/**
 * Whose timeline: the patient of a study (opened from the study list or the viewer), or a
 * patient an EHR launch named by identifiers (undefined when the launch is not known here).
 */
export type TimelineAnchor =
  | { kind: 'study'; archive: ArchiveClient | undefined; studyUid: string }
  | { kind: 'launch'; patient: LaunchedPatient | undefined };

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
  const anchorArchive = timelineAnchor.kind === 'study' ? timelineAnchor.archive : undefined;
  const anchorStudyUid = timelineAnchor.kind === 'study' ? timelineAnchor.studyUid : '';
  const isLaunch = timelineAnchor.kind === 'launch';
  // Identifiers the EHR asserts are one patient: joined like links in the data.
  const launched: PatientIdentifier[] = timelineAnchor.kind === 'launch' ? (timelineAnchor.patient?.records ?? []) : [];
  const assertedLinks = launched.length > 0 ? [launched] : [];
  const { anchorStudy, anchorLinks, studyAnchor } = useAnchorStudy(anchorArchive, anchorStudyUid);

  // The identifiers to search for come from reconciling what was already found, read from the
  // query cache; every new answer re-renders this hook, which may then link (and search) more.
  // It settles when an answer links nothing new.
  const { cachedStudies, cachedLinks, cachedCrossReferences } = cachedAnswers(queryClient, archives, identitySource);
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
  const pairs = searchPairsOf(archives, followed.patientIds);

  // The MPI is asked about every identifier linked so far (the anchor's at once), each question
  // on its own; its answers join records like links in the data, and lead to more searches.
  const mpiQuestions = identitySource ? followed.linked : [];
  const { crossReferences, mpiLinks } = useCrossReferences(identitySource, mpiQuestions);
  const allAssertedLinks = [...assertedLinks, ...mpiLinks];

  const searches = usePatientSearches(pairs);
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

  const studies = timelineEntriesOf(foundStudies.filter(isMemberStudy), staleArchives, (archiveId) => byId(archiveId)?.config.department);
  // Results stored in a study of their own are attached to the study they describe, not cards.
  const resultsReferences = useResultsReferences(studies, byId);
  const entries = useStructurallyShared(attachResultsStudies(studies, resultsReferences.referencesOf));

  const possibleOthers = reconciliation ? possibleOthersOf(reconciliation, namesakes.flatMap((q) => q.data ?? []), identityRules) : [];

  const { retryArchive, retryMpi, refresh } = timelineRetries(queryClient);

  return {
    anchorStudy,
    anchor,
    reconciliation,
    entries,
    archives: statuses,
    mpi,
    possibleOthers,
    retryArchive,
    retryMpi,
    refresh,
    isComplete: isComplete && resultsReferences.isSettled,
  };
}

/**
 * `value`, keeping the previous render's objects wherever they are deeply equal (as TanStack
 * Query does with each query's data): every archive's answer re-renders the timeline, and a
 * study whose entry kept its identity is not drawn again (TimelineEntryButton is memoised).
 */
function useStructurallyShared<T>(value: T): T {
  const previous = useRef(value);
  previous.current = replaceEqualDeep(previous.current, value);
  return previous.current;
}
