import { useMemo, useState } from 'react';
import { comparablePrior, filterEntries, SPECIALTIES, type Specialty, type TimelineStudy } from '@longview/timeline';
import { toDicomDate } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { LaunchedPatient } from '../launch/launchContext';
import { scopeToLaunch } from '../launch/launchScope';
import { NO_FILTER, type TimelineFilterState } from './TimelineFilters';

function chronological(a: TimelineStudy, b: TimelineStudy): number {
  const left = `${a.studyDate ?? '99999999'}${a.studyTime ?? ''}`;
  const right = `${b.studyDate ?? '99999999'}${b.studyTime ?? ''}`;
  return left === right ? a.key.localeCompare(b.key) : left < right ? -1 : 1;
}

/** What the page shows of a patient's timeline, and the reader's choices about it. */
export interface TimelineView {
  /** Every study of the patient, oldest first. */
  wholeHistory: TimelineStudy[];
  /** The part of the history the launch asked for, or all of it. */
  allEntries: TimelineStudy[];
  /** `allEntries` through the reader's filters. */
  visible: TimelineStudy[];
  filter: TimelineFilterState;
  setFilter: (filter: TimelineFilterState) => void;
  isLaunchScoped: boolean;
  showWholeHistory: () => void;
  selected: TimelineStudy | undefined;
  /** The selected study's comparable prior. */
  prior: TimelineStudy | undefined;
  select: (key: string | undefined) => void;
}

/**
 * The timeline's studies as the page shows them: scoped to what a launch asked for (until the
 * reader asks for all), filtered, and the selected one: the reader's choice, else the study the
 * timeline was opened from (`openedFrom`, its key), else after a launch the most recent study it
 * asked for.
 */
export function useTimelineView(
  entries: readonly TimelineStudy[],
  archives: readonly ArchiveClient[],
  launched: LaunchedPatient | undefined,
  openedFrom: string | undefined,
): TimelineView {
  const [filter, setFilter] = useState<TimelineFilterState>(NO_FILTER);
  const [focusedKey, setFocusedKey] = useState<string | undefined>(undefined);
  // The part of the history the launch asked for, until the reader asks for all of it.
  const [isLaunchScoped, setLaunchScoped] = useState(true);

  // Sorted and filtered again only when the studies or the filters change, not on every focus
  // move: at thousands of studies each arrow key would otherwise sort them all again.
  const wholeHistory = useMemo(() => [...entries].sort(chronological), [entries]);
  const allEntries = useMemo(() => (isLaunchScoped ? scopeToLaunch(wholeHistory, launched) : wholeHistory), [isLaunchScoped, wholeHistory, launched]);
  const visible = useMemo(
    () =>
      filterEntries(allEntries, {
        specialties: new Set(SPECIALTIES.filter((s) => !filter.hiddenSpecialties.has(s))),
        archiveIds: new Set(archives.map((a) => a.id).filter((id) => !filter.hiddenArchives.has(id))),
        modality: filter.modality || undefined,
        from: filter.from ? toDicomDate(filter.from) : undefined,
        to: filter.to ? toDicomDate(filter.to) : undefined,
      }),
    [allEntries, archives, filter],
  );

  const anchorKey = openedFrom ?? allEntries.at(-1)?.key;
  const selectedKey = focusedKey ?? (allEntries.some((e) => e.key === anchorKey) ? anchorKey : undefined);
  const selected = visible.find((e) => e.key === selectedKey);
  const prior = useMemo(() => (selected ? comparablePrior(selected, wholeHistory) : undefined), [selected, wholeHistory]);
  const showWholeHistory = () => setLaunchScoped(false);
  return { wholeHistory, allEntries, visible, filter, setFilter, isLaunchScoped, showWholeHistory, selected, prior, select: setFocusedKey };
}

/** What the filters offer: each specialty's count, and the modalities found. */
export function filterChoices(allEntries: readonly TimelineStudy[]): { countBySpecialty: Map<Specialty, number>; modalities: string[] } {
  const countBySpecialty = new Map<Specialty, number>();
  for (const entry of allEntries) countBySpecialty.set(entry.specialty, (countBySpecialty.get(entry.specialty) ?? 0) + 1);
  const modalities = [...new Set(allEntries.flatMap((e) => e.modalities))].sort();
  return { countBySpecialty, modalities };
}
