import { ARCHIVE_PROFILES, DEFAULT_STUDY_LIST_LIMIT, searchStudyList, studySearchUrl, toStudySummaries, todayInUtc, type StudyListPage, type ViewerConfig } from '@longview/dicomweb/plain';
import { earlyRequest, fetchJson, handOver, type EarlyRequest } from './earlyFetch';

/**
 * The study list's opening search (every study, newest first, the configured limit), run by the
 * page's boot script (boot/main.ts) on the study list's own page while the app's chunks are
 * still on their way: each archive without sign-in is searched whole, as ArchiveClient.searchStudyList
 * searches it (the same @longview/dicomweb searchStudyList, asking through fetch), the descending
 * StudyDate windows of an archive that holds more than a page included. The app takes each
 * archive's page once, inside its audited search (archives/queries.ts useStudySearch). The
 * further pages ("load more") and every search the reader changes are the app's alone.
 */

interface EarlyStudyList {
  /** The list query the boot script searched for, as the app writes it (the study list's opening search). */
  queryKey: string;
  /** Each archive's page, by archive ID, until the app takes it. */
  searches: Map<string, EarlyRequest>;
}

let early: EarlyStudyList | undefined;

/** The study list's opening search, as the app writes it (state/studySearchStore.ts, archives/queries.ts). */
function openingQueryOf(config: ViewerConfig): { limit: number } {
  return { limit: config.studyList?.limit ?? DEFAULT_STUDY_LIST_LIMIT };
}

/** Whether this page is the study list, opened without parameters (a launch's callback, say, carries some). */
export function isStudyListPage(location: Pick<Location, 'pathname' | 'search'>): boolean {
  return location.pathname === '/' && location.search === '';
}

/** Starts every open archive's opening search, once config.json has been read; once per page. */
export function startEarlyStudyList(config: ViewerConfig): void {
  if (early) return;
  const query = openingQueryOf(config);
  // As ArchiveClient.searchStudyList dates it: a window open towards the future splits at today.
  const today = todayInUtc();
  const searches = new Map<string, EarlyRequest>();
  for (const archive of config.archives) {
    if (archive.auth.kind !== 'none') continue;
    searches.set(
      archive.id,
      earlyRequest((signal) =>
        searchStudyList(ARCHIVE_PROFILES[archive.profile], query, today, async (params) => toStudySummaries(archive.id, await fetchJson(studySearchUrl(archive, params), archive.timeoutMs, signal))),
      ),
    );
  }
  early = { queryKey: JSON.stringify(query), searches };
}

/**
 * An archive's page of the study list's search `listQuery`, if the boot script searched for it
 * (the opening search only); once. `signal` is the app's: it cancels the early requests too.
 */
export function takeEarlyStudyList(archiveId: string, listQuery: object, signal?: AbortSignal): Promise<StudyListPage> | undefined {
  if (!early || JSON.stringify(listQuery) !== early.queryKey) return undefined;
  const taken = early.searches.get(archiveId);
  early.searches.delete(archiveId);
  return handOver(taken, signal) as Promise<StudyListPage> | undefined;
}
