import type { KeyboardEvent } from 'react';
import { dicomDateToDay, type Specialty, type TimeBin, type TimelineStudy } from '@longview/timeline';
import { binOf, type LanesLayout } from './lanesLayout';
import { ZOOM_STEP } from './useTimelineZoom';

/**
 * The study an arrow key (or Home / End) moves the focus to: ←/→ through the studies in time,
 * ↑/↓ to the nearest in date in the lane above or below. Undefined for any other key.
 */
export function studyForKey(
  key: string,
  order: readonly TimelineStudy[],
  dated: readonly TimelineStudy[],
  lanes: readonly Specialty[],
  focusedKey: string | undefined,
): { target: TimelineStudy | undefined } | undefined {
  const index = order.findIndex((e) => e.key === focusedKey);
  const current = order[index];
  switch (key) {
    case 'ArrowRight':
      return { target: order[Math.min(index + 1, order.length - 1)] ?? order[0] };
    case 'ArrowLeft':
      return { target: order[Math.max(index - 1, 0)] };
    case 'Home':
      return { target: order[0] };
    case 'End':
      return { target: order[order.length - 1] };
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!current) return { target: order[0] };
      const laneIndex = lanes.indexOf(current.specialty);
      const lane = lanes[laneIndex + (key === 'ArrowDown' ? 1 : -1)];
      const day = dicomDateToDay(current.studyDate) ?? 0;
      const nearest = dated
        .filter((e) => e.specialty === lane)
        .sort((a, b) => Math.abs((dicomDateToDay(a.studyDate) ?? 0) - day) - Math.abs((dicomDateToDay(b.studyDate) ?? 0) - day))[0];
      return { target: nearest ?? current };
    }
    default:
      return undefined;
  }
}

interface LaneKeyTargets {
  focused: TimelineStudy | undefined;
  /** The bin that counts the focused study (bins mode). */
  focusedBin: TimeBin<TimelineStudy> | undefined;
  zoom: number;
  onOpen: (entry: TimelineStudy) => void;
  onCompare: (entry: TimelineStudy) => void;
  zoomInto: (bin: TimeBin<TimelineStudy>) => void;
  setZoomAround: (zoom: number) => void;
}

/** The lanes' keys beside the arrows: Enter opens, C compares, +/=, − and 0 zoom. */
function laneKeyActions({ focused, focusedBin, zoom, onOpen, onCompare, zoomInto, setZoomAround }: LaneKeyTargets): Record<string, () => unknown> {
  const compare = () => focused && onCompare(focused);
  const zoomIn = () => setZoomAround(zoom * ZOOM_STEP);
  return {
    // A counted study is not drawn on its own: Enter zooms in on its bin first.
    Enter: () => (focusedBin ? zoomInto(focusedBin) : focused && onOpen(focused)),
    c: compare,
    C: compare,
    '+': zoomIn,
    '=': zoomIn,
    '-': () => setZoomAround(zoom / ZOOM_STEP),
    '0': () => setZoomAround(1),
  };
}

interface LanesKeyContext extends Omit<LaneKeyTargets, 'focusedBin'> {
  order: readonly TimelineStudy[];
  dated: readonly TimelineStudy[];
  lanes: readonly Specialty[];
  layout: LanesLayout;
  focusedKey: string | undefined;
  onFocus: (key: string) => void;
}

/** A key on the lanes: the arrows, Home and End move the focus (studyForKey); the others act on the focused study. */
export function onLanesKey(event: KeyboardEvent<HTMLDivElement>, { order, dated, lanes, layout, focusedKey, onFocus, ...targets }: LanesKeyContext) {
  const moved = studyForKey(event.key, order, dated, lanes, focusedKey);
  if (moved) {
    event.preventDefault();
    if (moved.target) onFocus(moved.target.key);
    return;
  }
  const focusedBin = targets.focused ? binOf(layout, targets.focused.key) : undefined;
  const action = laneKeyActions({ ...targets, focusedBin })[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

/**
 * What a timeline entry publishes on its element, the same in the lanes and in the phone's
 * list: which study, archive, lane and date, and whether it comes from an earlier answer.
 */
export function entryDataAttributes(entry: TimelineStudy) {
  return {
    'data-testid': 'timeline-entry',
    'data-study-uid': entry.studyInstanceUid,
    'data-archive': entry.archiveId,
    'data-specialty': entry.specialty,
    'data-date': entry.studyDate ?? '',
    'data-stale': entry.isStale ? 'true' : undefined,
  } as const;
}
