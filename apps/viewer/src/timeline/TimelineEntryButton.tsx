import { useEffect, useState, type CSSProperties } from 'react';
import { formatDicomDate } from '@longview/dicom-meta';
import { studyResultsInWords, studyResultsOf, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { useStudyThumbnail } from '../archives/queries';
import { entryDataAttributes } from './timelineKeys';

interface TimelineEntryButtonProps {
  entry: TimelineStudy;
  mode: 'cards' | 'dots';
  loadThumbnail: boolean;
  style: CSSProperties;
  isFocused: boolean;
  tabIndex: number;
  register: (element: HTMLButtonElement | null) => void;
  onFocus: () => void;
  onOpen: () => void;
}

/** One study in the lanes (or under Undated): a card with its thumbnail, or a dot. */
export function TimelineEntryButton({ entry, mode, loadThumbnail, style, isFocused, tabIndex, register, onFocus, onOpen }: TimelineEntryButtonProps) {
  const { byId } = useArchives();
  const archive = byId(entry.archiveId);
  const [element, setElement] = useState<HTMLButtonElement | null>(null);
  const isVisible = useIsVisible(mode === 'cards' ? element : null);
  const thumbnail = useStudyThumbnail(archive, entry.studyInstanceUid, loadThumbnail && mode === 'cards' && isVisible);
  const holds = studyResultsInWords(entry.modalities);
  const label = `${formatDicomDate(entry.studyDate) || 'Undated'} ${entry.description ?? ''} (${entry.modalities.join(', ')}; ${entry.seriesCount ?? '?'} series, ${entry.instanceCount ?? '?'} images; ${archive?.config.name ?? entry.archiveId})${holds ? `; holds ${holds}` : ''}`;
  return (
    <button
      type="button"
      ref={(node) => {
        setElement(node);
        register(node);
      }}
      className={`timeline-entry ${mode}${isFocused ? ' focused' : ''}${entry.isStale ? ' stale' : ''}`}
      style={style}
      tabIndex={tabIndex}
      {...entryDataAttributes(entry)}
      aria-label={entry.isStale ? `${label} — from an earlier answer, archive not answering now` : label}
      aria-current={isFocused ? 'true' : undefined}
      title={label}
      onFocus={onFocus}
      onClick={onFocus}
      onDoubleClick={onOpen}
    >
      {mode === 'cards' ? (
        <>
          {/* The modalities and the badge are drawn as CSS text (data-text, styles/accessibility.css): the
              label already says them, and the visible text must be part of the accessible name (WCAG 2.5.3). */}
          <span className="entry-thumb" aria-hidden="true">{thumbnail.url ? <img src={thumbnail.url} alt="" /> : <span data-text={entry.modalities.join('/')} />}</span>
          <span className="entry-date">{formatDicomDate(entry.studyDate) || 'Undated'}</span>
          <ResultsBadge modalities={entry.modalities} />
        </>
      ) : null}
    </button>
  );
}

/** The results a study holds (segmentations, structure sets, reports, key images), as a badge on its card. */
function ResultsBadge({ modalities }: { modalities: readonly string[] }) {
  const kinds = studyResultsOf(modalities);
  if (kinds.length === 0) return null;
  return (
    <span
      className="entry-results"
      data-testid="timeline-results-badge"
      data-kinds={kinds.map((kind) => kind.modality).join(',')}
      title={`Holds ${studyResultsInWords(modalities)}`}
      aria-hidden="true"
      data-text={kinds.map((kind) => kind.short).join(' ')}
    />
  );
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
