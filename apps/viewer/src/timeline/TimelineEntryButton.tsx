import { memo, useCallback, useEffect, useState } from 'react';
import { formatDicomDate } from '@longview/dicom-meta';
import { attachedResultsInWords, resultsStandingInWords, studyResultsInWords, studyResultsOf, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { useStudyThumbnail } from '../archives/queries';
import { entryDataAttributes } from './timelineKeys';

/** Where a card or dot sits on its lane's track; none for the undated cards, which flow. */
export interface MarkPosition {
  left: number;
  top: number;
}

/**
 * What a study's mark does, the same functions for every mark and every render, so that a mark
 * whose study, place and state did not change is not drawn again (memo below): a timeline of
 * thousands of studies is re-rendered by every archive's answer.
 */
export interface EntryHandlers {
  register: (key: string, element: HTMLButtonElement | null) => void;
  focus: (key: string) => void;
  open: (entry: TimelineStudy) => void;
}

interface TimelineEntryButtonProps {
  /** Keeps its identity while the study is unchanged (usePatientTimeline shares it structurally). */
  entry: TimelineStudy;
  mode: 'cards' | 'dots';
  loadThumbnail: boolean;
  left: number | undefined;
  top: number | undefined;
  isFocused: boolean;
  tabIndex: number;
  handlers: EntryHandlers;
}

/** One study in the lanes (or under Undated): a card with its thumbnail, or a dot. */
export const TimelineEntryButton = memo(function TimelineEntryButton({ entry, mode, loadThumbnail, left, top, isFocused, tabIndex, handlers }: TimelineEntryButtonProps) {
  const { byId } = useArchives();
  const archive = byId(entry.archiveId);
  const [element, setElement] = useState<HTMLButtonElement | null>(null);
  const isVisible = useIsVisible(mode === 'cards' ? element : null);
  const thumbnail = useStudyThumbnail(archive, entry.studyInstanceUid, loadThumbnail && mode === 'cards' && isVisible);
  const label = `${formatDicomDate(entry.studyDate) || 'Undated'} ${entry.description ?? ''} (${entry.modalities.join(', ')}; ${entry.seriesCount ?? '?'} series, ${entry.instanceCount ?? '?'} images; ${archive?.config.name ?? entry.archiveId})${resultsInWords(entry)}`;
  const { register, focus, open } = handlers;
  const key = entry.key;
  // One callback while the study and its handlers stay: a new one each render would detach and
  // attach the element, and set its state twice, on every render.
  const ref = useCallback(
    (node: HTMLButtonElement | null) => {
      setElement(node);
      register(key, node);
    },
    [register, key],
  );
  return (
    <button
      type="button"
      ref={ref}
      className={`timeline-entry ${mode}${isFocused ? ' focused' : ''}${entry.isStale ? ' stale' : ''}`}
      style={left === undefined ? undefined : { left, top }}
      tabIndex={tabIndex}
      {...entryDataAttributes(entry)}
      aria-label={entry.isStale ? `${label} — from an earlier answer, archive not answering now` : label}
      aria-current={isFocused ? 'true' : undefined}
      title={label}
      onFocus={() => focus(key)}
      onClick={() => focus(key)}
      onDoubleClick={() => open(entry)}
    >
      {mode === 'cards' ? (
        <>
          {/* The modalities and the badge are drawn as CSS text (data-text, styles/accessibility.css): the
              label already says them, and the visible text must be part of the accessible name (WCAG 2.5.3). */}
          <span className="entry-thumb" aria-hidden="true">{thumbnail.url ? <img src={thumbnail.url} alt="" /> : <span data-text={entry.modalities.join('/')} />}</span>
          <span className="entry-date">{formatDicomDate(entry.studyDate) || 'Undated'}</span>
          <ResultsBadge entry={entry} />
          <ResultsStanding entry={entry} />
        </>
      ) : null}
    </button>
  );
});

/** What the label adds about results: those the study holds, those stored apart about it, or what a results-only card describes. */
function resultsInWords(entry: TimelineStudy): string {
  const holds = studyResultsInWords(entry.modalities);
  const apart = attachedResultsInWords(entry.attachedResults ?? []);
  const standing = resultsStandingInWords(entry.resultsStanding);
  return [holds ? `holds ${holds}` : '', apart, standing].filter((words) => words !== '').map((words) => `; ${words}`).join('');
}

/**
 * The results about a study, as a badge on its card: those it holds (segmentations, structure
 * sets, reports, key images) and those stored in a separate study (attached, not a card).
 */
function ResultsBadge({ entry }: { entry: TimelineStudy }) {
  const attached = entry.attachedResults ?? [];
  const kinds = studyResultsOf([...entry.modalities, ...attached.flatMap((study) => study.modalities)]);
  if (kinds.length === 0) return null;
  const holds = studyResultsInWords(entry.modalities);
  const title = [holds ? `Holds ${holds}` : '', attachedResultsInWords(attached)].filter((words) => words !== '').join('; ');
  return (
    <span
      className="entry-results"
      data-testid="timeline-results-badge"
      data-kinds={kinds.map((kind) => kind.modality).join(',')}
      data-attached-study-uids={attached.length > 0 ? attached.map((study) => study.studyInstanceUid).join(' ') : undefined}
      title={title}
      aria-hidden="true"
      data-text={`${kinds.map((kind) => kind.short).join(' ')}${attached.length > 0 ? ' +' : ''}`}
    />
  );
}

/** A results-only study that is still a card says why: what it describes is not on this timeline, or unknown. */
function ResultsStanding({ entry }: { entry: TimelineStudy }) {
  const words = resultsStandingInWords(entry.resultsStanding);
  if (!words) return null;
  return <span className="entry-results-standing" data-testid="timeline-results-standing" data-standing={entry.resultsStanding?.kind} aria-hidden="true" data-text="?" title={words} />;
}

/** Whether the element is on screen; thumbnails are fetched only for entries a reader can see. */
function useIsVisible(element: HTMLElement | null): boolean {
  const [isVisible, setIsVisible] = useState(false);
  useEffect(() => {
    if (!element) return undefined;
    const observer = new IntersectionObserver(([observed]) => setIsVisible(observed?.isIntersecting ?? false));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return isVisible;
}
