import { bodyRegion } from '@longview/dicom-meta';
import type { Specialty } from './specialty';

/** One study on the timeline, whichever archive it came from. */
export interface TimelineEntry {
  /** Unique across archives: the same study UID may exist in two archives. */
  key: string;
  archiveId: string;
  studyInstanceUid: string;
  /** DICOM DA (YYYYMMDD); undefined for studies without a date, kept out of the axis. */
  studyDate: string | undefined;
  studyTime: string | undefined;
  description: string | undefined;
  modalities: readonly string[];
  bodyParts: readonly string[];
  seriesCount: number | undefined;
  instanceCount: number | undefined;
  specialty: Specialty;
}

export interface TimelineFilter {
  /** Lanes to show; undefined or empty shows every lane. */
  specialties?: ReadonlySet<Specialty> | undefined;
  modality?: string | undefined;
  /** Inclusive DICOM DA bounds. */
  from?: string | undefined;
  to?: string | undefined;
  /** Archives to show; undefined shows every archive. */
  archiveIds?: ReadonlySet<string> | undefined;
}

const MS_PER_DAY = 86_400_000;

/** Whole days since 1970-01-01 (UTC) of a DICOM date, for placing it on the axis. */
export function dicomDateToDay(da: string | undefined): number | undefined {
  const match = da ? /^(\d{4})(\d{2})(\d{2})$/.exec(da) : null;
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(time) ? Math.round(time / MS_PER_DAY) : undefined;
}

export function filterEntries<T extends TimelineEntry>(entries: readonly T[], filter: TimelineFilter): T[] {
  const modality = filter.modality?.toUpperCase();
  return entries.filter((entry) => {
    if (filter.specialties && filter.specialties.size > 0 && !filter.specialties.has(entry.specialty)) return false;
    if (filter.archiveIds && !filter.archiveIds.has(entry.archiveId)) return false;
    if (modality && !entry.modalities.includes(modality)) return false;
    if (filter.from || filter.to) {
      if (!entry.studyDate) return false;
      if (filter.from && entry.studyDate < filter.from) return false;
      if (filter.to && entry.studyDate > filter.to) return false;
    }
    return true;
  });
}

function chronologicalKey(entry: TimelineEntry): string {
  return `${entry.studyDate ?? ''}${(entry.studyTime ?? '').padEnd(6, '0')}`;
}

/**
 * The most recent earlier study of the same modality and the same body part, the prior a
 * reader compares with. Both studies must name their body part: a guess would put a head CT
 * beside a chest CT.
 */
export function comparablePrior<T extends TimelineEntry>(current: TimelineEntry, entries: readonly T[]): T | undefined {
  if (!current.studyDate || current.bodyParts.length === 0) return undefined;
  const regions = new Set(current.bodyParts.map(bodyRegion));
  const currentKey = chronologicalKey(current);
  // One pass, the latest kept (the first of equals): a patient of thousands of studies asks this
  // on every arrow key.
  let prior: T | undefined;
  let priorKey = '';
  for (const entry of entries) {
    if (entry.key === current.key || entry.studyDate === undefined) continue;
    const key = chronologicalKey(entry);
    if (key >= currentKey || (prior !== undefined && key <= priorKey)) continue;
    if (!entry.modalities.some((m) => current.modalities.includes(m)) || !entry.bodyParts.some((part) => regions.has(bodyRegion(part)))) continue;
    prior = entry;
    priorKey = key;
  }
  return prior;
}
