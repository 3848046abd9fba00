import { applyLaunchFilters, hasLaunchFilters, type FilterableStudy } from '@longview/launch';
import type { LaunchedPatient } from './launchContext';

/** Whether the launch asked for part of the history (filters or named studies). */
export function hasLaunchScope(patient: LaunchedPatient | undefined): boolean {
  return !!patient && (hasLaunchFilters(patient.filters) || (patient.highlightedStudies?.length ?? 0) > 0);
}

/**
 * The timeline entries a launch asked for: the studies it named, if any, else those its
 * filters (dates, modalities, most recent N) keep. The reader's own filters apply after. A named
 * results-only study attached to the study it describes (no card of its own) keeps that study.
 */
export function scopeToLaunch<T extends FilterableStudy & { key: string; attachedResults?: readonly { key: string }[] | undefined }>(
  entries: readonly T[],
  patient: LaunchedPatient | undefined,
): T[] {
  if (!patient || !hasLaunchScope(patient)) return [...entries];
  const named = patient.highlightedStudies;
  if (named && named.length > 0) {
    return entries.filter((entry) => named.includes(entry.key) || (entry.attachedResults ?? []).some((attached) => named.includes(attached.key)));
  }
  return applyLaunchFilters(entries, patient.filters);
}
