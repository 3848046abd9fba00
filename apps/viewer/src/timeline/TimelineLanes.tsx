import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDicomDate } from '@longview/dicom-meta';
import {
  axisTicks,
  dicomDateToDay,
  fitScale,
  packIntoRows,
  SPECIALTIES,
  SPECIALTY_LABELS,
  zoomLevelName,
  type Specialty,
  type TimeScale,
} from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { useStudyThumbnail } from '../archives/queries';
import type { TimelineStudy } from './usePatientTimeline';

const LABEL_WIDTH_PX = 150;
const CARD = { width: 76, height: 74 };
const DOT = { width: 14, height: 18 };
/** Beyond this many stacked rows in a lane, cards give way to dots until the reader zooms in. */
const MAX_CARD_ROWS = 3;
const ZOOM_STEP = 2;
const MAX_ZOOM = 512;

interface TimelineLanesProps {
  /** Filtered entries, oldest first. */
  entries: readonly TimelineStudy[];
  /** Every entry, so that the axis does not jump when filters change. */
  allEntries: readonly TimelineStudy[];
  focusedKey: string | undefined;
  onFocus: (key: string) => void;
  onOpen: (entry: TimelineStudy) => void;
  onCompare: (entry: TimelineStudy) => void;
  /** Thumbnails wait until every archive has answered, so they never delay the searches. */
  loadThumbnails: boolean;
}

interface PlacedEntry {
  entry: TimelineStudy;
  x: number;
  row: number;
}

function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!element) return undefined;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/**
 * All studies on one time axis, one lane per specialty. Zoom runs from the whole life of the
 * record down to single days (+/−, 0 to fit, or Ctrl+wheel); the arrow keys walk through the
 * studies in time (←/→) and between lanes (↑/↓).
 */
export function TimelineLanes({ entries, allEntries, focusedKey, onFocus, onOpen, onCompare, loadThumbnails }: TimelineLanesProps) {
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const viewportWidth = Math.max(useWidth(scroller) - LABEL_WIDTH_PX, 200);
  const [zoom, setZoom] = useState(1);
  const zoomAnchor = useRef<{ day: number; screenX: number } | undefined>(undefined);
  const entryElements = useRef(new Map<string, HTMLButtonElement>());

  const days = allEntries.map((e) => dicomDateToDay(e.studyDate)).filter((d): d is number => d !== undefined);
  const firstDay = days.length > 0 ? Math.min(...days) : 0;
  const lastDay = days.length > 0 ? Math.max(...days) : 0;
  const fit = fitScale(firstDay, lastDay, viewportWidth);
  const scale: TimeScale = { startDay: fit.startDay, pxPerDay: fit.pxPerDay * zoom };
  const trackWidth = viewportWidth * zoom;
  const xOf = (day: number) => (day - scale.startDay) * scale.pxPerDay;

  const dated = entries.filter((e) => dicomDateToDay(e.studyDate) !== undefined);
  const undated = entries.filter((e) => dicomDateToDay(e.studyDate) === undefined);
  const lanes = SPECIALTIES.filter((specialty) => dated.some((e) => e.specialty === specialty));

  const layout = useMemo(() => {
    const place = (size: { width: number }) =>
      new Map<Specialty, PlacedEntry[]>(
        lanes.map((specialty) => {
          const inLane = dated.filter((e) => e.specialty === specialty);
          const xs = inLane.map((e) => xOf(dicomDateToDay(e.studyDate) as number) - size.width / 2);
          const rows = packIntoRows(xs.map((x) => ({ x, width: size.width })));
          return [specialty, inLane.map((entry, i) => ({ entry, x: xs[i] as number, row: rows[i] as number }))];
        }),
      );
    const asCards = place(CARD);
    const tooCrowded = [...asCards.values()].some((placed) => placed.some((p) => p.row >= MAX_CARD_ROWS));
    return tooCrowded ? { mode: 'dots' as const, placed: place(DOT), size: DOT } : { mode: 'cards' as const, placed: asCards, size: CARD };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the entries' keys and stale marks and the scale (xOf follows it), not by array identity
  }, [dated.map((e) => `${e.key}${e.isStale ? '~' : ''}`).join(), lanes.join(), scale.startDay, scale.pxPerDay]);

  // Chronological order for ←/→, the order the entries came in (oldest first).
  const order = [...dated, ...undated];

  const setZoomAround = (next: number, screenX?: number) => {
    const clamped = Math.min(Math.max(next, 1), MAX_ZOOM);
    if (!scroller || clamped === zoom) return;
    const focused = order.find((e) => e.key === focusedKey);
    const focusDay = focused ? dicomDateToDay(focused.studyDate) : undefined;
    const anchorScreenX =
      screenX ?? (focusDay !== undefined ? xOf(focusDay) - scroller.scrollLeft : viewportWidth / 2);
    zoomAnchor.current = { day: scale.startDay + (scroller.scrollLeft + anchorScreenX) / scale.pxPerDay, screenX: anchorScreenX };
    setZoom(clamped);
  };

  // Keep the day under the pointer (or the focused study) where it was when zooming.
  useLayoutEffect(() => {
    const anchor = zoomAnchor.current;
    if (!anchor || !scroller) return;
    zoomAnchor.current = undefined;
    scroller.scrollLeft = (anchor.day - scale.startDay) * scale.pxPerDay - anchor.screenX;
  }, [zoom, scroller, scale.startDay, scale.pxPerDay]);

  useEffect(() => {
    if (!scroller) return undefined;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      const rect = scroller.getBoundingClientRect();
      setZoomAround(event.deltaY < 0 ? zoom * ZOOM_STEP : zoom / ZOOM_STEP, event.clientX - rect.left - LABEL_WIDTH_PX);
    };
    scroller.addEventListener('wheel', onWheel, { passive: false });
    return () => scroller.removeEventListener('wheel', onWheel);
  });

  // The focused study is always on screen and has the keyboard focus.
  useEffect(() => {
    if (!focusedKey) return;
    const element = entryElements.current.get(focusedKey);
    if (element && element.ownerDocument.activeElement?.closest('.timeline-lanes')) element.focus({ preventScroll: true });
    element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [focusedKey, layout]);

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = order.findIndex((e) => e.key === focusedKey);
    const current = order[index];
    const go = (target: TimelineStudy | undefined) => {
      event.preventDefault();
      if (target) onFocus(target.key);
    };
    switch (event.key) {
      case 'ArrowRight':
        return go(order[Math.min(index + 1, order.length - 1)] ?? order[0]);
      case 'ArrowLeft':
        return go(order[Math.max(index - 1, 0)]);
      case 'Home':
        return go(order[0]);
      case 'End':
        return go(order[order.length - 1]);
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!current) return go(order[0]);
        const laneIndex = lanes.indexOf(current.specialty);
        const lane = lanes[laneIndex + (event.key === 'ArrowDown' ? 1 : -1)];
        const day = dicomDateToDay(current.studyDate) ?? 0;
        const nearest = dated
          .filter((e) => e.specialty === lane)
          .sort((a, b) => Math.abs((dicomDateToDay(a.studyDate) ?? 0) - day) - Math.abs((dicomDateToDay(b.studyDate) ?? 0) - day))[0];
        return go(nearest ?? current);
      }
      case 'Enter':
        event.preventDefault();
        if (current) onOpen(current);
        return undefined;
      case 'c':
      case 'C':
        event.preventDefault();
        if (current) onCompare(current);
        return undefined;
      case '+':
      case '=':
        event.preventDefault();
        return setZoomAround(zoom * ZOOM_STEP);
      case '-':
        event.preventDefault();
        return setZoomAround(zoom / ZOOM_STEP);
      case '0':
        event.preventDefault();
        return setZoomAround(1);
      default:
        return undefined;
    }
  };

  const ticks = axisTicks(scale, trackWidth);
  const focusable = focusedKey ?? order[0]?.key;
  const renderEntry = (entry: TimelineStudy, style: React.CSSProperties, mode: 'cards' | 'dots') => (
    <TimelineEntryButton
      key={entry.key}
      entry={entry}
      mode={mode}
      loadThumbnail={loadThumbnails}
      style={style}
      isFocused={entry.key === focusedKey}
      tabIndex={entry.key === focusable ? 0 : -1}
      register={(element) => {
        if (element) entryElements.current.set(entry.key, element);
        else entryElements.current.delete(entry.key);
      }}
      onFocus={() => onFocus(entry.key)}
      onOpen={() => onOpen(entry)}
    />
  );

  return (
    <div className="timeline-lanes-wrapper">
      <div className="zoom-controls" role="group" aria-label="Zoom">
        <button type="button" onClick={() => setZoomAround(zoom / ZOOM_STEP)} disabled={zoom <= 1} title="Zoom out (−)">
          −
        </button>
        <button type="button" onClick={() => setZoomAround(zoom * ZOOM_STEP)} disabled={zoom >= MAX_ZOOM} title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={() => setZoomAround(1)} disabled={zoom === 1} title="Fit the whole record (0)">
          Fit
        </button>
        <span className="muted" data-testid="zoom-level">
          {zoomLevelName(scale.pxPerDay)}
        </span>
        <span className="muted">←/→ studies · ↑/↓ lanes · Enter open · C compare · Ctrl+wheel zoom</span>
      </div>
      <div className="timeline-lanes" ref={setScroller} onKeyDown={move} data-testid="timeline-lanes" data-display={layout.mode}>
        <div className="timeline-axis" style={{ width: trackWidth + LABEL_WIDTH_PX }}>
          <div className="lane-label" />
          <div className="axis-track" style={{ width: trackWidth }}>
            {ticks.map((tick) => (
              <span key={tick.day} className={`axis-tick${tick.isMajor ? ' major' : ''}`} style={{ left: tick.x }}>
                {tick.label}
              </span>
            ))}
          </div>
        </div>
        {lanes.map((specialty) => {
          const placed = layout.placed.get(specialty) ?? [];
          const rows = Math.max(1, ...placed.map((p) => p.row + 1));
          return (
            <section
              key={specialty}
              className={`timeline-lane lane-${specialty}`}
              data-testid="timeline-lane"
              data-specialty={specialty}
              aria-label={SPECIALTY_LABELS[specialty]}
              style={{ width: trackWidth + LABEL_WIDTH_PX }}
            >
              <h3 className="lane-label">
                {SPECIALTY_LABELS[specialty]} <span className="muted">{placed.length}</span>
              </h3>
              <div className="lane-track" style={{ width: trackWidth, height: rows * (layout.size.height + 4) + 4 }}>
                {ticks
                  .filter((t) => t.isMajor)
                  .map((tick) => (
                    <span key={tick.day} className="grid-line" style={{ left: tick.x }} />
                  ))}
                {placed.map(({ entry, x, row }) => renderEntry(entry, { left: x, top: 4 + row * (layout.size.height + 4) }, layout.mode))}
              </div>
            </section>
          );
        })}
        {undated.length > 0 ? (
          <section className="timeline-lane undated" aria-label="Studies without a date">
            <h3 className="lane-label">Undated</h3>
            <div className="lane-track undated-track">{undated.map((entry) => renderEntry(entry, {}, 'cards'))}</div>
          </section>
        ) : null}
      </div>
    </div>
  );
}

interface TimelineEntryButtonProps {
  entry: TimelineStudy;
  mode: 'cards' | 'dots';
  loadThumbnail: boolean;
  style: React.CSSProperties;
  isFocused: boolean;
  tabIndex: number;
  register: (element: HTMLButtonElement | null) => void;
  onFocus: () => void;
  onOpen: () => void;
}

function TimelineEntryButton({ entry, mode, loadThumbnail, style, isFocused, tabIndex, register, onFocus, onOpen }: TimelineEntryButtonProps) {
  const { byId } = useArchives();
  const archive = byId(entry.archiveId);
  const [element, setElement] = useState<HTMLButtonElement | null>(null);
  const isVisible = useIsVisible(mode === 'cards' ? element : null);
  const thumbnail = useStudyThumbnail(archive, entry.studyInstanceUid, loadThumbnail && mode === 'cards' && isVisible);
  const label = `${formatDicomDate(entry.studyDate) || 'Undated'} ${entry.description ?? ''} (${entry.modalities.join(', ')}; ${entry.seriesCount ?? '?'} series, ${entry.instanceCount ?? '?'} images; ${archive?.config.name ?? entry.archiveId})`;
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
      data-testid="timeline-entry"
      data-study-uid={entry.studyInstanceUid}
      data-archive={entry.archiveId}
      data-specialty={entry.specialty}
      data-date={entry.studyDate ?? ''}
      data-stale={entry.isStale ? 'true' : undefined}
      aria-label={entry.isStale ? `${label} — from an earlier answer, archive not answering now` : label}
      aria-current={isFocused ? 'true' : undefined}
      title={label}
      onFocus={onFocus}
      onClick={onFocus}
      onDoubleClick={onOpen}
    >
      {mode === 'cards' ? (
        <>
          <span className="entry-thumb">{thumbnail.url ? <img src={thumbnail.url} alt="" /> : <span>{entry.modalities.join('/')}</span>}</span>
          <span className="entry-date">{formatDicomDate(entry.studyDate) || 'Undated'}</span>
        </>
      ) : null}
    </button>
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
