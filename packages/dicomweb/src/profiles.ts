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
  // Pages of 1,000 and growing (collectPages); an archive that caps its answers lower is paged at its cap.
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
 * nothing new). At 1,000 to 4,000 a page, 1,000 pages reach millions of studies.
 */
const MAX_PAGES = 1_000;

/**
 * The fewest results an archive is taken to cap a request at. PS3.18 8.3.4.4 lets an archive
 * answer fewer matches than asked (with a Warning) when it has a maximum of its own, so a page
 * that comes back shorter than asked but at least this long may be that cap, not the end: the
 * page after it decides. A shorter one is the end, as it always was at 100 a page.
 */
export const SHORTEST_ARCHIVE_CAP = 100;

/**
 * How far pages grow: while an archive answers them whole, each page asks for twice the last,
 * up to this many times the first. Orthanc's cost per study is about flat, but each request
 * pays again for the studies before its offset, and pages asked at once are built one after
 * another all the same. Measured against the scale bench's Orthanc (curl, 10,000 studies of one
 * patient): the 4 growing pages (1,000, 2,000, 4,000, 4,000) one after another took 6.3-6.6 s
 * beside 5.9-6.0 s for one request for all; the 9 pages of 1,000 after the first, asked at once,
 * took 8.3 s, and pages asked past the end beside those still needed slowed them. At 4,000
 * studies a page stays a few megabytes, far below MAX_ANSWER_BYTES.
 */
export const PAGE_GROWTH_LIMIT = 4;

export interface PagingOptions {
  shortestCap?: number;
  /** The longest page asked for; PAGE_GROWTH_LIMIT pages of `pageSize` unless given. */
  largestPage?: number;
}

/**
 * Limit/offset paging (PS3.18 8.3.4.4): asks pages one after another until `wanted` results or
 * a short page. The first asks for `pageSize`; the pages after it grow while they come back
 * whole (PAGE_GROWTH_LIMIT). An archive that caps its answers is paged at its own cap
 * (SHORTEST_ARCHIVE_CAP), whether the first page or a grown one met it. Studies keep the
 * archive's order; a study repeated across pages (an archive that ignores offset) is kept once.
 * A page that fails fails the search: a list missing a page would hide studies without saying so.
 */
export async function collectPages(
  pageSize: number,
  wanted: number | undefined,
  fetchPage: (limit: number, offset: number) => Promise<StudySummary[]>,
  { shortestCap = SHORTEST_ARCHIVE_CAP, largestPage = pageSize * PAGE_GROWTH_LIMIT }: PagingOptions = {},
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

  let size = pageSize;
  let offset = 0;
  // Pages grow until the archive shows a length of its own: a possible cap, or an answer longer
  // than asked (it ignores `limit`, may have sent everything, and is asked for one more page).
  let isGrowing = true;
  /** The longest page the archive has answered whole: a shorter page cannot be its cap. */
  let longestWhole = 0;
  for (let pagesAsked = 0; offset < target && pagesAsked < MAX_PAGES; pagesAsked += 1) {
    const asked = Math.min(size, target - offset);
    const page = await fetchPage(asked, offset);
    const fresh = take(page);
    if (fresh === 0 || studies.length >= target) break;
    if (page.length === asked) {
      longestWhole = Math.max(longestWhole, page.length);
      if (isGrowing) size = Math.min(size * 2, Math.max(largestPage, pageSize));
    } else if (page.length > asked) {
      isGrowing = false;
    } else {
      // Shorter than asked: the end, unless the archive's cap may have been met (PS3.18 lets it
      // answer fewer than asked): a page no shorter than SHORTEST_ARCHIVE_CAP nor than any page
      // answered whole. Then it is asked past once, at that length, and the next page decides.
      if (!isGrowing || page.length < Math.max(shortestCap, longestWhole)) break;
      isGrowing = false;
      size = page.length;
    }
    offset += page.length;
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
