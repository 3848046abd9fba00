import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDicomDate } from '@longview/dicom-meta';
import {
  axisTicks,
  binByTime,
  binUnitFor,
  dicomDateToDay,
  isInView,
  packIntoRows,
  SPECIALTIES,
  SPECIALTY_LABELS,
  zoomLevelName,
  type BinUnit,
  type Specialty,
  type TimeBin,
  type TimelineStudy,
} from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { useStudyThumbnail } from '../archives/queries';
import { entryDataAttributes, studyForKey } from './timelineKeys';
import { useLanesPinch } from './useLanesPinch';
import { LABEL_WIDTH_PX, MAX_ZOOM, useTimelineZoom, ZOOM_STEP } from './useTimelineZoom';

const CARD = { width: 76, height: 74 };
const DOT = { width: 14, height: 18 };
/** Beyond this many stacked rows in a lane, cards give way to dots until the reader zooms in. */
const MAX_CARD_ROWS = 3;
/** Beyond this many rows of dots, a lane's studies are counted in month or year bins (issue 33)... */
const MAX_DOT_ROWS = 6;
/** ...once the record holds this many dated studies: a 17-study record at a laptop's width binned and showed no study at all. */
const BIN_FROM_STUDIES = 200;
/** A bin is at least this wide: months where February is this wide, else years. */
const BIN = { minWidth: 44, height: 34 };
/**
 * From this many marks on, only those on screen (and half a screen either side) are drawn; below
 * it every mark is: a few hundred buttons cost nothing measurable (the 160-study patient of
 * bench/timeline.mjs), and every study stays in the page for find-in-page and assistive tools.
 */
const DRAW_ONLY_IN_VIEW_FROM = 500;

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
  kind: 'entry';
  entry: TimelineStudy;
  x: number;
  row: number;
}

interface PlacedBin {
  kind: 'bin';
  bin: TimeBin<TimelineStudy>;
  x: number;
  width: number;
  row: number;
}

type PlacedMark = PlacedEntry | PlacedBin;

interface LanesLayout {
  mode: 'cards' | 'dots' | 'bins';
  binUnit: BinUnit | undefined;
  placed: Map<Specialty, PlacedMark[]>;
  size: { height: number };
  /** The bin each study is counted in (bins mode): its element gets the focus for the study's. */
  binOfKey: Map<string, string>;
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

const binDomId = (specialty: Specialty, bin: { unit: BinUnit; id: string }) => `${specialty}:${bin.unit}:${bin.id}`;

/**
 * Cards where they fit in MAX_CARD_ROWS rows in every lane, else dots where they fit in
 * MAX_DOT_ROWS, else month or year bins with their counts: each mark's lane, x and row.
 */
function placeEntries(lanes: readonly Specialty[], dated: readonly TimelineStudy[], xOf: (day: number) => number, pxPerDay: number): LanesLayout {
  const byLane = new Map<Specialty, TimelineStudy[]>(lanes.map((specialty) => [specialty, dated.filter((e) => e.specialty === specialty)]));
  const place = (size: { width: number }) =>
    new Map<Specialty, PlacedMark[]>(
      lanes.map((specialty) => {
        const inLane = byLane.get(specialty) ?? [];
        const xs = inLane.map((e) => xOf(dicomDateToDay(e.studyDate) as number) - size.width / 2);
        const rows = packIntoRows(xs.map((x) => ({ x, width: size.width })));
        return [specialty, inLane.map((entry, i) => ({ kind: 'entry' as const, entry, x: xs[i] as number, row: rows[i] as number }))];
      }),
    );
  const crowdedBeyond = (placed: Map<Specialty, PlacedMark[]>, maxRows: number) => [...placed.values()].some((marks) => marks.some((p) => p.row >= maxRows));
  const none = new Map<string, string>();
  const asCards = place(CARD);
  if (!crowdedBeyond(asCards, MAX_CARD_ROWS)) return { mode: 'cards', binUnit: undefined, placed: asCards, size: CARD, binOfKey: none };
  const asDots = place(DOT);
  // A record of a few dozen studies is never counted in bins: each study stays a mark of its own.
  if (dated.length < BIN_FROM_STUDIES || !crowdedBeyond(asDots, MAX_DOT_ROWS)) return { mode: 'dots', binUnit: undefined, placed: asDots, size: DOT, binOfKey: none };
  const unit = binUnitFor(pxPerDay, BIN.minWidth);
  const binOfKey = new Map<string, string>();
  const placed = new Map<Specialty, PlacedMark[]>(
    lanes.map((specialty) => {
      const bins = binByTime(byLane.get(specialty) ?? [], (e) => dicomDateToDay(e.studyDate) as number, unit);
      const boxes = bins.map((bin) => ({ x: xOf(bin.startDay) + 1, width: Math.max(xOf(bin.endDay) - xOf(bin.startDay) - 2, 30) }));
      const rows = packIntoRows(boxes, 2);
      for (const bin of bins) for (const entry of bin.items) binOfKey.set(entry.key, binDomId(specialty, bin));
      return [specialty, bins.map((bin, i) => ({ kind: 'bin' as const, bin, x: boxes[i]?.x ?? 0, width: boxes[i]?.width ?? 30, row: rows[i] ?? 0 }))];
    }),
  );
  return { mode: 'bins', binUnit: unit, placed, size: BIN, binOfKey };
}

/**
 * All studies on one time axis, one lane per specialty. Zoom runs from the whole life of the
 * record down to single days (+/−, 0 to fit, Ctrl+wheel, or a pinch); the arrow keys walk through the
 * studies in time (←/→) and between lanes (↑/↓).
 */
export function TimelineLanes({ entries, allEntries, focusedKey, onFocus, onOpen, onCompare, loadThumbnails }: TimelineLanesProps) {
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const viewportWidth = Math.max(useWidth(scroller) - LABEL_WIDTH_PX, 200);
  const entryElements = useRef(new Map<string, HTMLButtonElement>());
  const dated = entries.filter((e) => dicomDateToDay(e.studyDate) !== undefined);
  const undated = entries.filter((e) => dicomDateToDay(e.studyDate) === undefined);
  const lanes = SPECIALTIES.filter((specialty) => dated.some((e) => e.specialty === specialty));
  // Chronological order for ←/→, the order the entries came in (oldest first).
  const order = [...dated, ...undated];
  const focused = order.find((e) => e.key === focusedKey);
  const { zoom, scale, trackWidth, xOf, dayAt, setZoomAround, zoomKeepingDay } = useTimelineZoom(allEntries, scroller, viewportWidth, focused ? dicomDateToDay(focused.studyDate) : undefined);
  useLanesPinch(scroller, { zoom, dayAt, zoomKeepingDay });

  const scrollLeft = useScrollLeft(scroller);
  const binElements = useRef(new Map<string, HTMLButtonElement>());
  const layout = useMemo(
    () => placeEntries(lanes, dated, xOf, scale.pxPerDay),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the entries' keys and stale marks and the scale (xOf follows it), not by array identity
    [dated.map((e) => `${e.key}${e.isStale ? '~' : ''}`).join(), lanes.join(), scale.startDay, scale.pxPerDay],
  );

  // The focused study is always on screen and has the keyboard focus; except after a zoom,
  // which keeps its own day in place (useTimelineZoom: the focused study's for the keys and
  // buttons, so it stays on screen; the pointer's or the fingers' for Ctrl+wheel and a pinch,
  // which scrolling to the focused study would undo).
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

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const moved = studyForKey(event.key, order, dated, lanes, focusedKey);
    if (moved) {
      event.preventDefault();
      if (moved.target) onFocus(moved.target.key);
      return;
    }
    const compare = () => focused && onCompare(focused);
    const zoomIn = () => setZoomAround(zoom * ZOOM_STEP);
    const focusedBin = focused ? binOf(focused.key) : undefined;
    const actions: Record<string, () => unknown> = {
      // A counted study is not drawn on its own: Enter zooms in on its bin first.
      Enter: () => (focusedBin ? zoomInto(focusedBin) : focused && onOpen(focused)),
      c: compare,
      C: compare,
      '+': zoomIn,
      '=': zoomIn,
      '-': () => setZoomAround(zoom / ZOOM_STEP),
      '0': () => setZoomAround(1),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  /** The bin (bins mode) that counts the study `key`, if any. */
  const binOf = (key: string) => {
    const id = layout.binOfKey.get(key);
    if (!id) return undefined;
    for (const marks of layout.placed.values()) for (const mark of marks) if (mark.kind === 'bin' && binDomId(mark.bin.items[0]?.specialty ?? 'other', mark.bin) === id) return mark.bin;
    return undefined;
  };
  /** Zooms so that `bin` fills most of the screen, centred, with its first study focused. */
  const zoomInto = (bin: TimeBin<TimelineStudy>) => {
    const spanDays = bin.endDay - bin.startDay;
    const next = (zoom * (viewportWidth * 0.8)) / (spanDays * scale.pxPerDay);
    const first = bin.items[0];
    if (first) onFocus(first.key);
    zoomKeepingDay(Math.max(next, zoom * ZOOM_STEP), (bin.startDay + bin.endDay) / 2, viewportWidth / 2);
  };

  const ticks = axisTicks(scale, trackWidth);
  const markCount = [...layout.placed.values()].reduce((n, marks) => n + marks.length, 0);
  const isDrawn = (mark: PlacedMark) =>
    markCount < DRAW_ONLY_IN_VIEW_FROM ||
    (mark.kind === 'entry' && mark.entry.key === focusedKey) ||
    (mark.kind === 'bin' && focusedKey !== undefined && layout.binOfKey.get(focusedKey) === binDomId(mark.bin.items[0]?.specialty ?? 'other', mark.bin)) ||
    isInView(mark.x, mark.kind === 'bin' ? mark.width : layout.mode === 'cards' ? CARD.width : DOT.width, { scrollLeft, viewportWidth, overscanPx: viewportWidth / 2 });
  const renderBin = (specialty: Specialty, bin: TimeBin<TimelineStudy>, style: React.CSSProperties) => {
    const id = binDomId(specialty, bin);
    const holdsFocus = focusable !== undefined && layout.binOfKey.get(focusable) === id;
    const label = `${bin.items.length} ${bin.items.length === 1 ? 'study' : 'studies'} in ${bin.label}, ${SPECIALTY_LABELS[specialty]}; zoom in`;
    return (
      <button
        key={id}
        type="button"
        className={`timeline-bin${holdsFocus && focusedKey ? ' focused' : ''}`}
        data-testid="timeline-bin"
        data-unit={bin.unit}
        data-bin={bin.id}
        data-count={bin.items.length}
        data-specialty={specialty}
        style={style}
        tabIndex={holdsFocus ? 0 : -1}
        aria-label={label}
        aria-current={holdsFocus && focusedKey ? 'true' : undefined}
        title={label}
        ref={(element) => {
          if (element) binElements.current.set(id, element);
          else binElements.current.delete(id);
        }}
        onClick={() => zoomInto(bin)}
      >
        {bin.items.length}
      </button>
    );
  };
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

/** One specialty's lane: its label and count, the major grid lines and its marks in rows (those drawn). */
function TimelineLane(props: {
  specialty: Specialty;
  placed: readonly PlacedMark[];
  layout: { mode: 'cards' | 'dots' | 'bins'; size: { height: number } };
  trackWidth: number;
  ticks: ReturnType<typeof axisTicks>;
  isDrawn: (mark: PlacedMark) => boolean;
  renderEntry: (entry: TimelineStudy, style: React.CSSProperties, mode: 'cards' | 'dots') => React.ReactNode;
  renderBin: (specialty: Specialty, bin: TimeBin<TimelineStudy>, style: React.CSSProperties) => React.ReactNode;
}) {
  const { specialty, placed, layout, trackWidth } = props;
  const rows = Math.max(1, ...placed.map((p) => p.row + 1));
  const count = placed.reduce((n, mark) => n + (mark.kind === 'bin' ? mark.bin.items.length : 1), 0);
  const top = (row: number) => 4 + row * (layout.size.height + 4);
  return (
    <section
      className={`timeline-lane lane-${specialty}`}
      data-testid="timeline-lane"
      data-specialty={specialty}
      aria-label={SPECIALTY_LABELS[specialty]}
      style={{ width: trackWidth + LABEL_WIDTH_PX }}
    >
      <h3 className="lane-label">
        {SPECIALTY_LABELS[specialty]} <span className="muted">{count}</span>
      </h3>
      <div className="lane-track" style={{ width: trackWidth, height: rows * (layout.size.height + 4) + 4 }}>
        {props.ticks
          .filter((t) => t.isMajor)
          .map((tick) => (
            <span key={tick.day} className="grid-line" style={{ left: tick.x }} />
          ))}
        {placed.filter(props.isDrawn).map((mark) =>
          mark.kind === 'bin'
            ? props.renderBin(specialty, mark.bin, { left: mark.x, top: top(mark.row), width: mark.width, height: layout.size.height })
            : props.renderEntry(mark.entry, { left: mark.x, top: top(mark.row) }, layout.mode === 'cards' ? 'cards' : 'dots'),
        )}
      </div>
    </section>
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
  const holds = resultsHeld(entry.modalities);
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

/**
 * What a study holds beside its images, from its modalities (QIDO-RS ModalitiesInStudy): key
 * images (a KO series) and structured reports (SR: saved measurements, or a written report; the
 * study list's answer cannot tell which, so the badge does not say more than it knows).
 */
function resultsHeld(modalities: readonly string[]): string {
  return ['SR', 'KO']
    .filter((modality) => modalities.includes(modality))
    .map((kind) => (kind === 'KO' ? 'key images' : 'structured reports (measurements or a written report)'))
    .join(' and ');
}

function ResultsBadge({ modalities }: { modalities: readonly string[] }) {
  const kinds = ['SR', 'KO'].filter((modality) => modalities.includes(modality));
  if (kinds.length === 0) return null;
  return (
    <span className="entry-results" data-testid="timeline-results-badge" data-kinds={kinds.join(',')} title={`Holds ${resultsHeld(modalities)}`} aria-hidden="true" data-text={kinds.map((kind) => (kind === 'KO' ? '★' : 'SR')).join(' ')} />
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
