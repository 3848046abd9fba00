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
  dicomweb: { filtersOnServer: true, pageSize: 100 },
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
 * nothing new). At 100 a page, 50 pages cut a patient of 2,000+ portable films at 5,000 without
 * a word (issue 33); 1,000 pages reach 100,000 studies.
 */
const MAX_PAGES = 1_000;

/**
 * Limit/offset paging (PS3.18 8.3.4.4): asks page after page until `wanted` results or a short
 * page. A study repeated across pages (an archive that ignores offset) is kept once.
 */
export async function collectPages(
  pageSize: number,
  wanted: number | undefined,
  fetchPage: (limit: number, offset: number) => Promise<StudySummary[]>,
): Promise<StudySummary[]> {
  const target = wanted ?? Number.POSITIVE_INFINITY;
  const studies: StudySummary[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (let page = 0; page < MAX_PAGES && studies.length < target; page += 1) {
    const size = Math.min(pageSize, target - studies.length);
    const answer = await fetchPage(size, offset);
    offset += answer.length;
    const fresh = answer.filter((study) => !seen.has(study.studyInstanceUid));
    fresh.forEach((study) => seen.add(study.studyInstanceUid));
    studies.push(...fresh);
    if (answer.length < size || fresh.length === 0) break;
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
