import { toDicomDate } from '@longview/dicom-meta';
import type { ArchiveProfileName } from './config';
import { isDicomDate, type DateWindow } from './dateWindows';
import { toPatientNamePattern, toStudyQueryParams, type StudyQuery } from './query';
import type { StudySummary } from './summaries';

/**
 * What one kind of archive does with a QIDO-RS request. Every difference between DICOMweb
 * implementations that the viewer has to know about lives here, so that the rest of the code
 * asks "which studies match" and never "is this Orthanc".
 */
export interface ArchiveProfile {
  /** The archive applies match keys itself. A static tree of files returns every study. */
  filtersOnServer: boolean;
  /**
   * Results per request when paging with limit/offset (PS3.18 8.3.4.4), or undefined where the
   * archive has no paging and answers everything at once.
   */
  pageSize: number | undefined;
}

export const ARCHIVE_PROFILES: Record<ArchiveProfileName, ArchiveProfile> = {
  // Orthanc, dcm4chee, DCM4CHEE Arc, Google/Azure/AWS health imaging: filtering and paging.
  // Pages of 1,000: an archive that caps its answers lower is paged at its cap (collectPages).
  dicomweb: { filtersOnServer: true, pageSize: 1000 },
  // Files served as they are (static-wado style): query strings are ignored.
  'static-tree': { filtersOnServer: false, pageSize: undefined },
};

/** DICOM wildcard matching (PS3.4 C.2.2.2.4): `*` any run, `?` one character, case-insensitive. */
export function matchesWildcard(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const regex = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 'i').test(value);
}

/**
 * The QIDO-RS study match of `query`, done here for an archive that cannot: the same keys
 * toStudyQueryParams sends a server, with the same meaning, so that both kinds of archive
 * answer the same search with the same studies.
 */
export function matchesStudyQuery(study: StudySummary, query: StudyQuery): boolean {
  const patientId = query.patientId?.trim();
  const patientName = query.patientName?.trim();
  const accession = query.accessionNumber?.trim();
  const modality = query.modality?.trim().toUpperCase();
  if (query.studyInstanceUid && study.studyInstanceUid !== query.studyInstanceUid) return false;
  // Single-value matching of an ID is exact (PS3.4 C.2.2.2.1).
  if (patientId && study.patientId !== patientId) return false;
  if (patientName && !matchesWildcard(toPatientNamePattern(patientName), study.patientName)) return false;
  if (query.patientBirthDate && study.patientBirthDate !== toDicomDate(query.patientBirthDate.trim())) return false;
  if (accession && study.accessionNumber !== accession) return false;
  if (modality && !study.modalities.includes(modality)) return false;
  if (query.studyDateFrom || query.studyDateTo) {
    // Range matching excludes studies without a date, as a server does.
    if (!study.studyDate) return false;
    if (query.studyDateFrom && study.studyDate < toDicomDate(query.studyDateFrom)) return false;
    if (query.studyDateTo && study.studyDate > toDicomDate(query.studyDateTo)) return false;
  }
  return true;
}

/**
 * The parameters of a study search's first request, as ArchiveClient sends it: the whole tree
 * from a static one (filtered locally), the search itself from an archive that cannot page, and
 * its first page (offset 0) from one that can. The page's boot script asks the same first request
 * before the client has loaded (apps/viewer/src/boot), and the client carries on from its answer.
 */
export function firstStudySearchParams(profile: ArchiveProfile, query: StudyQuery): Record<string, string> {
  if (!profile.filtersOnServer) return toStudyQueryParams({});
  const params = toStudyQueryParams(query);
  if (profile.pageSize === undefined) return params;
  return { ...params, limit: String(Math.min(profile.pageSize, query.limit ?? Number.POSITIVE_INFINITY)), offset: '0' };
}

/** The search's own StudyDate range as DA, or undefined where a bound is not a date (the archive judges it). */
export function studyDateRangeOf(query: StudyQuery): DateWindow | undefined {
  const from = query.studyDateFrom ? toDicomDate(query.studyDateFrom.trim()) : undefined;
  const to = query.studyDateTo ? toDicomDate(query.studyDateTo.trim()) : undefined;
  if ((from !== undefined && !isDicomDate(from)) || (to !== undefined && !isDicomDate(to))) return undefined;
  return { from, to };
}

/**
 * The study list's first search (ArchiveClient.searchStudyList): one study beyond the limit, so
 * that an answer that reaches it says more exist; within the search's own date range where the
 * archive filters (the first of the newest-first walk, dateWindows.ts); the whole tree from a
 * static one. Its first request (firstStudySearchParams) is what the boot script asks for the
 * study list's page before the client has loaded.
 */
export function studyListFirstQuery(profile: ArchiveProfile, query: StudyQuery & { limit: number }): StudyQuery {
  if (!profile.filtersOnServer) return { ...query, limit: undefined };
  const range = studyDateRangeOf(query);
  if (range === undefined) return { ...query, limit: query.limit + 1 };
  return { ...query, studyDateFrom: range.from, studyDateTo: range.to, limit: query.limit + 1 };
}

/**
 * The studies of a study search's answer to its first request that match the search: all of
 * them where the archive filtered, those matching `query` where it sent a whole static tree.
 */
export function matchingStudiesOf(profile: ArchiveProfile, query: StudyQuery, studies: StudySummary[]): StudySummary[] {
  if (profile.filtersOnServer) return studies;
  const matching = studies.filter((study) => matchesStudyQuery(study, query));
  return query.limit === undefined ? matching : matching.slice(0, query.limit);
}

/**
 * Stops a runaway paging loop (an archive that ignores offset is caught sooner: its pages bring
 * nothing new). At 1,000 a page, 1,000 pages reach a million studies.
 */
const MAX_PAGES = 1_000;

/**
 * Pages asked at once once an answer shows that more follow. Orthanc answers a patient of
 * 10,000 studies in pages of 1,000 about a third sooner three at a time than one after another
 * (it builds each answer on its own thread); more buys nothing on a small server.
 */
export const PAGES_IN_FLIGHT = 3;

/**
 * The fewest results an archive is taken to cap a request at. PS3.18 8.3.4.4 lets an archive
 * answer fewer matches than asked (with a Warning) when it has a maximum of its own, so a page
 * that comes back shorter than asked but at least this long may be that cap, not the end: the
 * page after it decides. A shorter one is the end, as it always was at 100 a page.
 */
export const SHORTEST_ARCHIVE_CAP = 100;

export interface PagingOptions {
  inFlight?: number;
  shortestCap?: number;
}

/**
 * Limit/offset paging (PS3.18 8.3.4.4): asks pages of `pageSize` until `wanted` results or a
 * short page, keeping PAGES_IN_FLIGHT pages in flight once the first comes back full (the ones
 * past the end come back empty and are dropped). An archive that caps its answers below
 * `pageSize` is paged at its own cap (SHORTEST_ARCHIVE_CAP). Studies keep the archive's order;
 * a study repeated across pages (an archive that ignores offset) is kept once.
 */
export async function collectPages(
  pageSize: number,
  wanted: number | undefined,
  fetchPage: (limit: number, offset: number) => Promise<StudySummary[]>,
  { inFlight = PAGES_IN_FLIGHT, shortestCap = SHORTEST_ARCHIVE_CAP }: PagingOptions = {},
): Promise<StudySummary[]> {
  const target = wanted ?? Number.POSITIVE_INFINITY;
  const studies: StudySummary[] = [];
  const seen = new Set<string>();
  /** Keeps the studies not seen before; how many that was. */
  const take = (answer: StudySummary[]): number => {
    const fresh = answer.filter((study) => !seen.has(study.studyInstanceUid));
    fresh.forEach((study) => seen.add(study.studyInstanceUid));
    studies.push(...fresh);
    return fresh.length;
  };

  const firstSize = Math.min(pageSize, target);
  const first = await fetchPage(firstSize, 0);
  take(first);
  const isFull = first.length >= firstSize;
  const mayBeCapped = !isFull && first.length >= shortestCap;
  if ((!isFull && !mayBeCapped) || studies.length >= target) return studies;

  // The archive's own page length: what was asked, or the cap it may have answered at.
  const step = isFull ? firstSize : first.length;
  let offset = first.length;
  let pagesAsked = 1;
  // Several pages at once only after a page of exactly the length asked. A possible cap is
  // confirmed by one page first (most short pages are the end), and so is an answer longer than
  // asked: an archive that ignores `limit` may have sent everything, and would send it again.
  let width = first.length === firstSize ? inFlight : 1;
  const pending: Array<{ size: number; answer: Promise<StudySummary[]> }> = [];
  const askMore = () => {
    while (pending.length < width && offset < target && pagesAsked < MAX_PAGES) {
      const size = Math.min(step, target - offset);
      const answer = fetchPage(size, offset);
      // A page asked past the end may fail after the search is done: nobody waits for it then.
      answer.catch(() => undefined);
      pending.push({ size, answer });
      offset += size;
      pagesAsked += 1;
    }
  };
  askMore();
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const page = await next.answer;
    const fresh = take(page);
    if (page.length < next.size || fresh === 0 || studies.length >= target) break;
    if (page.length === next.size) width = inFlight;
    askMore();
  }
  return studies;
}

/** What a study list shows of one archive's answer to a search with a limit. */
export interface StudyListPage {
  /** At most `limit` studies: the newest first where the archive filters (dateWindows.ts), else in its order. */
  studies: StudySummary[];
  /** The archive holds more matching studies than are shown: the list must say so. */
  moreExist: boolean;
  /** The archive answered with more studies than it was asked for (it ignores `limit`). */
  sentMoreThanAsked: boolean;
  /** Every study the answer carried, shown or not: what it disclosed. */
  received: StudySummary[];
  /** Searches the archive was asked for this page (newest-first date windows take several). */
  requests?: number;
}

/**
 * The list page of an answer to a search asked with one study beyond `limit`: that extra study
 * tells "more exist" from "exactly the limit", and is not shown.
 */
export function studyListPageOf(received: StudySummary[], limit: number, sentMoreThanAsked: boolean): StudyListPage {
  return { studies: received.slice(0, limit), moreExist: received.length > limit, sentMoreThanAsked, received };
}
