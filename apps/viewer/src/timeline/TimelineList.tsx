import type { KeyboardEvent, ReactNode } from 'react';
import { formatDicomDate } from '@longview/dicom-meta';
import { SPECIALTY_LABELS, yearGroupsNewestFirst, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { entryDataAttributes } from './timelineKeys';

interface TimelineListProps {
  /** The filtered entries, in any order: the list sorts them newest first. */
  entries: readonly TimelineStudy[];
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
  onOpen: (entry: TimelineStudy) => void;
  /** The selected study's details (EntryDetails), shown under it. */
  selectedDetails: ReactNode;
}

/**
 * The timeline on a phone, where lanes of a time axis are too narrow to read: one column of
 * studies by year, newest first, each saying its date, lane, what it is and which archive has
 * it. A tap selects a study and opens its details (Open, Compare) under it; Enter opens it in
 * the viewer, as on the lanes. The lane, archive, modality and date filters apply unchanged.
 */
export function TimelineList({ entries, selectedKey, onSelect, onOpen, selectedDetails }: TimelineListProps) {
  const { byId } = useArchives();
  const groups = yearGroupsNewestFirst(entries);
  return (
    <div className="timeline-list" data-testid="timeline-list">
      {groups.map((group) => (
        <section key={group.year ?? 'undated'} className="timeline-year" aria-label={group.year ?? 'Studies without a date'}>
          <h2 className="timeline-year-heading">
            {group.year ?? 'Undated'} <span className="muted">{group.entries.length}</span>
          </h2>
          <ol className="timeline-year-entries">
            {group.entries.map((entry) => {
              const isSelected = entry.key === selectedKey;
              const archiveName = byId(entry.archiveId)?.config.name ?? entry.archiveId;
              return (
                <li key={entry.key} className={isSelected ? 'selected' : undefined}>
                  <button
                    type="button"
                    className={`timeline-list-entry lane-${entry.specialty}${entry.isStale ? ' stale' : ''}`}
                    {...entryDataAttributes(entry)}
                    aria-expanded={isSelected}
                    onClick={() => onSelect(entry.key)}
                    onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
                      if (event.key !== 'Enter') return;
                      event.preventDefault();
                      onOpen(entry);
                    }}
                  >
                    <span className="list-entry-date">{formatDicomDate(entry.studyDate) || 'Undated'}</span>
                    <span className="list-entry-lane">{SPECIALTY_LABELS[entry.specialty]}</span>
                    <span className="list-entry-what">
                      <strong>{entry.modalities.join(', ') || '—'}</strong> {entry.description ?? 'No description'}
                    </span>
                    <span className="list-entry-archive muted">
                      {archiveName}
                      {entry.isStale ? ' · from an earlier answer, archive not answering now' : ''}
                    </span>
                  </button>
                  {isSelected ? selectedDetails : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}
