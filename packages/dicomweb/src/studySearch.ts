import { toDicomDate } from '@longview/dicom-meta';
import { collectNewestFirst } from './dateWindows';
import { SHORTEST_ARCHIVE_CAP, collectPages, firstStudySearchParams, matchingStudiesOf, studyDateRangeOf, studyListFirstQuery, studyListPageOf, type ArchiveProfile, type StudyListPage } from './profiles';
import { toStudyQueryParams, type StudyQuery } from './query';
import { byStudyDateDescending, type StudySummary } from './summaries';

/**
 * How a study search asks, with no client in it: ArchiveClient asks through dicomweb-client, and
 * the page's boot script (apps/viewer/src/boot) through plain fetch before the app has loaded.
 * Both run these same functions, so the boot script's answer is the one the app would have had.
 */

/** One QIDO-RS study search request, by its query parameters: the studies it answered. */
export type AskStudies = (queryParams: Record<string, string>) => Promise<StudySummary[]>;

export interface MatchingStudies {
  studies: StudySummary[];
  /** Some answer held more studies than asked for (the archive ignores `limit`). */
  sentMoreThanAsked: boolean;
}

/**
 * The studies matching `query`, as one kind of archive answers them: the whole static tree
 * filtered here, the search itself from an archive that cannot page, limit/offset pages from
 * one that can (collectPages). `longestAnswer` is the most studies one answer of this archive
 * has held so far: a shorter page cannot be its cap.
 */
export async function searchMatchingStudies(profile: ArchiveProfile, query: StudyQuery, ask: AskStudies, longestAnswer = 0): Promise<MatchingStudies> {
  const { pageSize, filtersOnServer } = profile;
  const firstParams = firstStudySearchParams(profile, query);
  if (!filtersOnServer) return { studies: matchingStudiesOf(profile, query, await ask(firstParams)), sentMoreThanAsked: false };
  if (pageSize === undefined) {
    const answer = await ask(firstParams);
    return { studies: answer, sentMoreThanAsked: query.limit !== undefined && answer.length > query.limit };
  }
  let sentMoreThanAsked = false;
  const params = toStudyQueryParams(query);
  const studies = await collectPages(
    pageSize,
    query.limit,
    async (size, offset) => {
      const page = await ask(offset === 0 ? firstParams : { ...params, limit: String(size), offset: String(offset) });
      if (page.length > size) sentMoreThanAsked = true;
      return page;
    },
    { shortestCap: Math.max(SHORTEST_ARCHIVE_CAP, longestAnswer) },
  );
  return { studies, sentMoreThanAsked };
}

/** Today's date in UTC (YYYY-MM-DD): the `today` of every study list search, the boot script's and the app's alike. */
export function todayInUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The study list's search: the `limit` newest studies and whether the archive holds more
 * (asked with one beyond the limit), or answered more than asked. An archive that holds more
 * than the limit is asked in descending StudyDate windows (dateWindows.ts), since QIDO-RS has
 * no sort and its own first page need not hold the newest. A static tree returns everything
 * and is sorted and cut here; it cannot page, so "more" there means "narrow the search".
 * `today` (YYYY-MM-DD or DA) is where a window open towards the future splits.
 */
export async function searchStudyList(profile: ArchiveProfile, query: StudyQuery & { limit: number }, today: string, ask: AskStudies): Promise<StudyListPage> {
  const range = studyDateRangeOf(query);
  if (!profile.filtersOnServer || range === undefined) {
    const { studies, sentMoreThanAsked } = await searchMatchingStudies(profile, studyListFirstQuery(profile, query), ask);
    // A static tree sends everything at once: sorted here, newest first, before the cut.
    const sorted = profile.filtersOnServer ? studies : [...studies].sort(byStudyDateDescending).slice(0, query.limit + 1);
    return studyListPageOf(sorted, query.limit, sentMoreThanAsked);
  }
  // Each window's pages know how long an answer of this archive has been (a shorter one is no cap).
  let longestAnswer = 0;
  const askRemembering: AskStudies = async (params) => {
    const answer = await ask(params);
    longestAnswer = Math.max(longestAnswer, answer.length);
    return answer;
  };
  // Newest first, truly: asked in descending StudyDate windows, the first of them the search's
  // own range (studyListFirstQuery's request, the one the boot script asks first).
  const answer = await collectNewestFirst({
    wanted: query.limit,
    range,
    today: toDicomDate(today),
    fetchWindow: async (window, limit) => (await searchMatchingStudies(profile, { ...query, studyDateFrom: window.from, studyDateTo: window.to, limit }, askRemembering, longestAnswer)).studies,
  });
  return { studies: answer.studies, moreExist: answer.moreExist, sentMoreThanAsked: answer.sentMoreThanAsked, received: answer.received, requests: answer.requests };
}
