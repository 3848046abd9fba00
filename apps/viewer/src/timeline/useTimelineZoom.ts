import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { dicomDateToDay, fitScale, type TimelineStudy, type TimeScale } from '@longview/timeline';

export const LABEL_WIDTH_PX = 150;
export const ZOOM_STEP = 2;
export const MAX_ZOOM = 512;

/** The first and last study days of `entries` (0 for none dated). */
function daySpanOf(entries: readonly TimelineStudy[]): { firstDay: number; lastDay: number } {
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    const day = dicomDateToDay(entry.studyDate);
    if (day === undefined) continue;
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
  }
  return Number.isFinite(firstDay) ? { firstDay, lastDay } : { firstDay: 0, lastDay: 0 };
}

/**
 * The time axis of the lanes: fitted to every entry (so it does not jump when filters change),
 * times the reader's zoom. A zoom keeps a day where it was on screen: the one under the pointer
 * (Ctrl+wheel) or between the fingers (a pinch, useLanesPinch), else the focused study's, else
 * the centre's.
 */
export function useTimelineZoom(allEntries: readonly TimelineStudy[], scroller: HTMLDivElement | null, viewportWidth: number, focusedDay: number | undefined) {
  const [zoom, setZoom] = useState(1);
  const zoomAnchor = useRef<{ day: number; screenX: number } | undefined>(undefined);
  const { firstDay, lastDay } = useMemo(() => daySpanOf(allEntries), [allEntries]);
  const fit = fitScale(firstDay, lastDay, viewportWidth);
  const scale: TimeScale = { startDay: fit.startDay, pxPerDay: fit.pxPerDay * zoom };
  const trackWidth = viewportWidth * zoom;
  const xOf = (day: number) => (day - scale.startDay) * scale.pxPerDay;

  /** The day at screenX, measured from the left edge of the visible track (right of the lane labels). */
  const dayAt = (screenX: number) => scale.startDay + ((scroller?.scrollLeft ?? 0) + screenX) / scale.pxPerDay;

  /**
   * Zoom (clamped) and scroll so that `day` is at screenX. A pinch calls this on every move with
   * the day first under the fingers and where their centre is now, so the lanes follow the
   * fingers while they spread; when the zoom does not change, only the scroll does.
   */
  const zoomKeepingDay = (next: number, day: number, screenX: number) => {
    if (!scroller) return;
    const clamped = Math.min(Math.max(next, 1), MAX_ZOOM);
    if (clamped === zoom) {
      scroller.scrollLeft = (day - scale.startDay) * scale.pxPerDay - screenX;
      return;
    }
    zoomAnchor.current = { day, screenX };
    setZoom(clamped);
  };

  /** Zooms (at least a step in) so that the days from startDay to endDay fill most of the screen, centred. */
  const zoomToSpan = (startDay: number, endDay: number) => {
    const next = (zoom * (viewportWidth * 0.8)) / ((endDay - startDay) * scale.pxPerDay);
    zoomKeepingDay(Math.max(next, zoom * ZOOM_STEP), (startDay + endDay) / 2, viewportWidth / 2);
  };

  const setZoomAround = (next: number, screenX?: number) => {
    const clamped = Math.min(Math.max(next, 1), MAX_ZOOM);
    if (!scroller || clamped === zoom) return;
    const anchorScreenX = screenX ?? (focusedDay !== undefined ? xOf(focusedDay) - scroller.scrollLeft : viewportWidth / 2);
    zoomKeepingDay(clamped, dayAt(anchorScreenX), anchorScreenX);
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

  return { zoom, scale, trackWidth, xOf, dayAt, setZoomAround, zoomKeepingDay, zoomToSpan };
}
