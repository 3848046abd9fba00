import type { UseQueryResult } from '@tanstack/react-query';
import { ArchiveError, type ArchiveClient, type StudySummary } from '@longview/dicomweb';

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

/** One archive's part of the timeline, from its searches: answered, searching, retrying or failed. */
export function archiveStatusOf(archive: ArchiveClient, mine: ReadonlyArray<UseQueryResult<StudySummary[]>>, isMemberStudy: (study: StudySummary) => boolean): ArchiveTimelineStatus {
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
