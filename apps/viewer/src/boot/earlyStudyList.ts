import { ARCHIVE_PROFILES, DEFAULT_STUDY_LIST_LIMIT, firstStudySearchParams, studyListFirstQuery, studySearchUrl, type ViewerConfig } from '@longview/dicomweb/plain';
import { earlyRequest, fetchJson, handOver, type EarlyRequest } from './earlyFetch';

/**
 * The study list's first searches, started by the page's boot script (boot/main.ts) on the
 * study list's own page while its chunks are still on their way: each archive without sign-in
 * is asked the first request of the list's opening search (every study, newest first, the
 * configured limit), as ArchiveClient.searchStudyList asks it (studyListFirstQuery,
 * firstStudySearchParams). The app takes each answer once, inside its audited search
 * (archives/queries.ts useStudySearch), and carries the search on from it: the further pages
 * and date windows are the app's. A search the reader changes is the app's alone.
 */

interface EarlyStudyList {
  /** The list query the boot script asked for, as the app writes it (the study list's opening search). */
  queryKey: string;
  /** Each archive's first answer, by archive ID, until the app takes it. */
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

/** Starts every open archive's first request of the study list's opening search, once config.json has been read; once per page. */
export function startEarlyStudyList(config: ViewerConfig): void {
  if (early) return;
  const query = openingQueryOf(config);
  const searches = new Map<string, EarlyRequest>();
  for (const archive of config.archives) {
    if (archive.auth.kind !== 'none') continue;
    const profile = ARCHIVE_PROFILES[archive.profile];
    const url = studySearchUrl(archive, firstStudySearchParams(profile, studyListFirstQuery(profile, query)));
    searches.set(archive.id, earlyRequest((signal) => fetchJson(url, archive.timeoutMs, signal)));
  }
  early = { queryKey: JSON.stringify(query), searches };
}

/**
 * An archive's answer to the first request of the study list's search `listQuery`, if the boot
 * script asked it (the opening search only); once. `signal` is the app's: it cancels the early
 * request too.
 */
export function takeEarlyStudyList(archiveId: string, listQuery: object, signal?: AbortSignal): Promise<unknown> | undefined {
  if (!early || JSON.stringify(listQuery) !== early.queryKey) return undefined;
  const taken = early.searches.get(archiveId);
  early.searches.delete(archiveId);
  return handOver(taken, signal);
}
