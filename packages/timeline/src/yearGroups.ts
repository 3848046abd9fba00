import type { TimelineEntry } from './entries';

/** One year of a patient's history, for the list the timeline becomes on a phone. */
export interface YearGroup<T extends TimelineEntry> {
  /** 'YYYY', or undefined for the studies without a (valid) date. */
  year: string | undefined;
  /** Newest first. */
  entries: T[];
}

function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  const left = `${a.studyDate ?? ''}${(a.studyTime ?? '').padEnd(6, '0')}`;
  const right = `${b.studyDate ?? ''}${(b.studyTime ?? '').padEnd(6, '0')}`;
  if (left !== right) return left < right ? 1 : -1;
  return a.key.localeCompare(b.key);
}

/**
 * The entries by year, newest year and newest study first; undated studies last, in a group of
 * their own (they cannot be placed in time, but they must not disappear from the list).
 */
export function yearGroupsNewestFirst<T extends TimelineEntry>(entries: readonly T[]): YearGroup<T>[] {
  const groups: YearGroup<T>[] = [];
  const undated: T[] = [];
  for (const entry of [...entries].sort(newestFirst)) {
    const year = entry.studyDate && /^\d{8}$/.test(entry.studyDate) ? entry.studyDate.slice(0, 4) : undefined;
    if (year === undefined) {
      undated.push(entry);
      continue;
    }
    const last = groups.at(-1);
    if (last?.year === year) last.entries.push(entry);
    else groups.push({ year, entries: [entry] });
  }
  if (undated.length > 0) groups.push({ year: undefined, entries: undated });
  return groups;
}
