/**
 * What part of a patient's history a launch asks for (IID lowerDateTime, upperDateTime,
 * modalitiesInStudy, mostRecentResults). Applied to the timeline's studies before the
 * reader's own filters; the reader can drop them to see everything.
 */

export interface LaunchFilters {
  /** ISO 8601 date or date-time (YYYY-MM-DD[Thh:mm[:ss]]), inclusive; a zone offset is ignored. */
  lowerDate?: string | undefined;
  upperDate?: string | undefined;
  /** Modality codes (upper case); a study matches when it has any of them. */
  modalities?: string[] | undefined;
  /** Only this many studies, the most recent first (after the other filters). */
  mostRecent?: number | undefined;
}

export interface FilterableStudy {
  /** DICOM DA, YYYYMMDD. */
  studyDate: string | undefined;
  /** DICOM TM, HHMMSS[.F]. */
  studyTime: string | undefined;
  modalities: readonly string[];
}

/**
 * An ISO 8601 bound as a comparable "YYYYMMDDhhmmss". A date-only lower bound starts at the
 * day's first second and an upper bound ends at its last, so "upper = 2021-03-04" keeps a
 * study of that afternoon. DICOM study times are local wall-clock times without a zone, so
 * the bound's own offset is ignored rather than converted (converting would shift days).
 */
function boundKey(iso: string, end: 'lower' | 'upper'): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const time = hour === undefined ? (end === 'lower' ? '000000' : '235959') : `${hour}${minute}${second ?? (end === 'lower' ? '00' : '59')}`;
  return `${year}${month}${day}${time}`;
}

function studyKey(study: FilterableStudy): string | undefined {
  if (!study.studyDate) return undefined;
  const time = (study.studyTime ?? '').replace(/\..*$/, '');
  return `${study.studyDate}${time.padEnd(6, '0').slice(0, 6)}`;
}

export function hasLaunchFilters(filters: LaunchFilters | undefined): boolean {
  return !!filters && (!!filters.lowerDate || !!filters.upperDate || (filters.modalities?.length ?? 0) > 0 || filters.mostRecent !== undefined);
}

/** The studies a launch asks for, in their given order. Studies without a date fail a date bound. */
export function applyLaunchFilters<T extends FilterableStudy>(studies: readonly T[], filters: LaunchFilters | undefined): T[] {
  if (!filters) return [...studies];
  const lower = filters.lowerDate ? boundKey(filters.lowerDate, 'lower') : undefined;
  const upper = filters.upperDate ? boundKey(filters.upperDate, 'upper') : undefined;
  const modalities = new Set((filters.modalities ?? []).map((m) => m.toUpperCase()));
  const kept = studies.filter((study) => {
    if (lower !== undefined || upper !== undefined) {
      const key = studyKey(study);
      if (key === undefined) return false;
      if (lower !== undefined && key < lower) return false;
      if (upper !== undefined && key > upper) return false;
    }
    return modalities.size === 0 || study.modalities.some((m) => modalities.has(m.toUpperCase()));
  });
  if (filters.mostRecent === undefined) return kept;
  const newestFirst = [...kept].sort((a, b) => (studyKey(b) ?? '').localeCompare(studyKey(a) ?? ''));
  const chosen = new Set(newestFirst.slice(0, filters.mostRecent));
  return kept.filter((study) => chosen.has(study));
}
