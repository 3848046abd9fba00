import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { axisTicks, dicomDateToDay, SPECIALTIES, zoomLevelName, type TimeBin, type TimelineStudy } from '@longview/timeline';
import { binDomId, drawnMarks, placeEntries, type LanesLayout } from './lanesLayout';
import { onLanesKey } from './timelineKeys';
import { TimelineAxis, TimelineBinButton, TimelineLane, UndatedLane, type RenderBin, type RenderEntry } from './TimelineLane';
import { TimelineEntryButton, type EntryHandlers } from './TimelineEntryButton';
import { useLatest } from '../react/useLatest';
import { useLanesPinch } from './useLanesPinch';
import { LABEL_WIDTH_PX, MAX_ZOOM, useTimelineZoom, ZOOM_STEP } from './useTimelineZoom';

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

/** How far the lanes are scrolled, read once per frame while they scroll. */
function useScrollLeft(element: HTMLElement | null): number {
  const [scrollLeft, setScrollLeft] = useState(0);
  useEffect(() => {
    if (!element) return undefined;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScrollLeft(element.scrollLeft));
    };
    setScrollLeft(element.scrollLeft);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', onScroll);
    };
  }, [element]);
  return scrollLeft;
}

/** The entries with a date and those without, the lanes that have studies, and the order ←/→ walks. */
function lanesOf(entries: readonly TimelineStudy[]) {
  const dated = entries.filter((e) => dicomDateToDay(e.studyDate) !== undefined);
  const undated = entries.filter((e) => dicomDateToDay(e.studyDate) === undefined);
  const lanes = SPECIALTIES.filter((specialty) => dated.some((e) => e.specialty === specialty));
  // Chronological order for ←/→, the order the entries came in (oldest first).
  return { dated, undated, lanes, order: [...dated, ...undated] };
}

/** A ref callback that keeps `element` in `elements` under `key` while it is mounted. */
function registerIn(elements: Map<string, HTMLButtonElement>, key: string) {
  return (element: HTMLButtonElement | null) => {
    if (element) elements.set(key, element);
    else elements.delete(key);
  };
}

/**
 * The focused study is always on screen and has the keyboard focus; except after a zoom,
 * which keeps its own day in place (useTimelineZoom: the focused study's for the keys and
 * buttons, so it stays on screen; the pointer's or the fingers' for Ctrl+wheel and a pinch,
 * which scrolling to the focused study would undo). A study counted in a bin lends its focus
 * to the bin.
 */
function useFocusedMarkOnScreen(focusedKey: string | undefined, layout: LanesLayout, zoom: number) {
  const entryElements = useRef(new Map<string, HTMLButtonElement>());
  const binElements = useRef(new Map<string, HTMLButtonElement>());
  const zoomOfLastLayout = useRef(zoom);
  useEffect(() => {
    const isZoom = zoomOfLastLayout.current !== zoom;
    zoomOfLastLayout.current = zoom;
    if (!focusedKey) return;
    const binId = layout.binOfKey.get(focusedKey);
    const element = entryElements.current.get(focusedKey) ?? (binId ? binElements.current.get(binId) : undefined);
    if (element && element.ownerDocument.activeElement?.closest('.timeline-lanes')) element.focus({ preventScroll: true });
    if (!isZoom) element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [focusedKey, layout, zoom]);
  return { entryElements: entryElements.current, binElements: binElements.current };
}

/** The marks' handlers, the same functions for the page's life; each calls the latest `onFocus` or `onOpen`. */
function useEntryHandlers(entryElements: Map<string, HTMLButtonElement>, onFocus: (key: string) => void, onOpen: (entry: TimelineStudy) => void): EntryHandlers {
  const latest = useLatest({ onFocus, onOpen });
  return useMemo(
    () => ({
      register: (key: string, element: HTMLButtonElement | null) => registerIn(entryElements, key)(element),
      focus: (key: string) => latest.current.onFocus(key),
      open: (entry: TimelineStudy) => latest.current.onOpen(entry),
    }),
    [entryElements, latest],
  );
}

interface MarkRendering {
  layout: LanesLayout;
  focusedKey: string | undefined;
  /** The study whose mark (or bin) is the lanes' one Tab stop. */
  focusable: string | undefined;
  loadThumbnails: boolean;
  /** Where each drawn mark's element is kept, for useFocusedMarkOnScreen. */
  elements: { entryElements: Map<string, HTMLButtonElement>; binElements: Map<string, HTMLButtonElement> };
  entryHandlers: EntryHandlers;
  zoomInto: (bin: TimeBin<TimelineStudy>) => void;
}

/** How a lane draws a study (a card or a dot) and a bin of them. */
function markRenderers({ layout, focusedKey, focusable, loadThumbnails, elements, entryHandlers, zoomInto }: MarkRendering): { renderEntry: RenderEntry; renderBin: RenderBin } {
  const renderBin: RenderBin = (specialty, bin, style) => {
    const id = binDomId(specialty, bin);
    const holdsFocus = focusable !== undefined && layout.binOfKey.get(focusable) === id;
    return <TimelineBinButton key={id} specialty={specialty} bin={bin} style={style} holdsFocus={holdsFocus} isCurrent={holdsFocus && !!focusedKey} register={registerIn(elements.binElements, id)} onZoomInto={() => zoomInto(bin)} />;
  };
  const renderEntry: RenderEntry = (entry, position, mode) => (
    <TimelineEntryButton
      key={entry.key}
      entry={entry}
      mode={mode}
      loadThumbnail={loadThumbnails}
      left={position?.left}
      top={position?.top}
      isFocused={entry.key === focusedKey}
      tabIndex={entry.key === focusable ? 0 : -1}
      handlers={entryHandlers}
    />
  );
  return { renderEntry, renderBin };
}

/**
 * All studies on one time axis, one lane per specialty. Zoom runs from the whole life of the
 * record down to single days (+/−, 0 to fit, Ctrl+wheel, or a pinch); the arrow keys walk through the
 * studies in time (←/→) and between lanes (↑/↓).
 */
export function TimelineLanes({ entries, allEntries, focusedKey, onFocus, onOpen, onCompare, loadThumbnails }: TimelineLanesProps) {
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const viewportWidth = Math.max(useWidth(scroller) - LABEL_WIDTH_PX, 200);
  // Per set of entries, not per render: every arrow key re-renders the lanes.
  const { dated, undated, lanes, order } = useMemo(() => lanesOf(entries), [entries]);
  const datedKey = useMemo(() => dated.map((e) => `${e.key}${e.isStale ? '~' : ''}`).join(), [dated]);
  const focused = order.find((e) => e.key === focusedKey);
  const { zoom, scale, trackWidth, xOf, dayAt, setZoomAround, zoomKeepingDay, zoomToSpan } = useTimelineZoom(allEntries, scroller, viewportWidth, focused ? dicomDateToDay(focused.studyDate) : undefined);
  useLanesPinch(scroller, { zoom, dayAt, zoomKeepingDay });

  const scrollLeft = useScrollLeft(scroller);
  const layout = useMemo(
    () => placeEntries(lanes, dated, xOf, scale.pxPerDay),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the entries' keys and stale marks and the scale (xOf follows it), not by array identity
    [datedKey, lanes.join(), scale.startDay, scale.pxPerDay],
  );
  const elements = useFocusedMarkOnScreen(focusedKey, layout, zoom);

  /** Zooms in on `bin`, with its first study focused. */
  const zoomInto = (bin: TimeBin<TimelineStudy>) => {
    const first = bin.items[0];
    if (first) onFocus(first.key);
    zoomToSpan(bin.startDay, bin.endDay);
  };
  const move = (event: KeyboardEvent<HTMLDivElement>) =>
    onLanesKey(event, { order, dated, lanes, layout, focusedKey, focused, zoom, onFocus, onOpen, onCompare, zoomInto, setZoomAround });

  const ticks = axisTicks(scale, trackWidth);
  const isDrawn = drawnMarks(layout, focusedKey, { scrollLeft, viewportWidth });
  const entryHandlers = useEntryHandlers(elements.entryElements, onFocus, onOpen);
  const { renderEntry, renderBin } = markRenderers({ layout, focusedKey, focusable: focusedKey ?? order[0]?.key, loadThumbnails, elements, entryHandlers, zoomInto });

  return (
    <div className="timeline-lanes-wrapper">
      <ZoomControls zoom={zoom} pxPerDay={scale.pxPerDay} onZoom={setZoomAround} />
      {/* The axis as data (zoom, and the day at the track's left edge and its pixels per day), so a test can tell which day is under a point. */}
      <div
        className="timeline-lanes"
        ref={setScroller}
        onKeyDown={move}
        data-testid="timeline-lanes"
        data-display={layout.mode}
        data-bin-unit={layout.binUnit}
        data-zoom={zoom}
        data-start-day={scale.startDay}
        data-px-per-day={scale.pxPerDay}
      >
        <TimelineAxis ticks={ticks} trackWidth={trackWidth} />
        {lanes.map((specialty) => (
          <TimelineLane
            key={specialty}
            specialty={specialty}
            placed={layout.placed.get(specialty) ?? []}
            layout={layout}
            trackWidth={trackWidth}
            ticks={ticks}
            isDrawn={isDrawn}
            renderEntry={renderEntry}
            renderBin={renderBin}
          />
        ))}
        <UndatedLane undated={undated} renderEntry={renderEntry} />
      </div>
    </div>
  );
}

/** Zoom out, in and back to the whole record, with the scale's name and the keys. */
function ZoomControls({ zoom, pxPerDay, onZoom }: { zoom: number; pxPerDay: number; onZoom: (zoom: number) => void }) {
  return (
    <div className="zoom-controls" role="group" aria-label="Zoom">
      <button type="button" onClick={() => onZoom(zoom / ZOOM_STEP)} disabled={zoom <= 1} title="Zoom out (−)">
        −
      </button>
      <button type="button" onClick={() => onZoom(zoom * ZOOM_STEP)} disabled={zoom >= MAX_ZOOM} title="Zoom in (+)">
        +
      </button>
      <button type="button" onClick={() => onZoom(1)} disabled={zoom === 1} title="Fit the whole record (0)">
        Fit
      </button>
      <span className="muted" data-testid="zoom-level">
        {zoomLevelName(pxPerDay)}
      </span>
      <span className="muted">←/→ studies · ↑/↓ lanes · Enter open · C compare · Ctrl+wheel zoom</span>
    </div>
  );
}
