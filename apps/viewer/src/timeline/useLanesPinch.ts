import { useEffect } from 'react';
import { useLatest } from '../react/useLatest';
import { LABEL_WIDTH_PX } from './useTimelineZoom';

interface LanesZoom {
  zoom: number;
  dayAt: (screenX: number) => number;
  zoomKeepingDay: (next: number, day: number, screenX: number) => void;
}

/** What a pinch started with: the fingers' spread, the zoom and the day between them. */
interface PinchStart {
  spread: number;
  zoom: number;
  day: number;
}

function fingers(touches: TouchList): { spread: number; centreClientX: number } | undefined {
  const [a, b] = [touches[0], touches[1]];
  if (!a || !b) return undefined;
  return { spread: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), centreClientX: (a.clientX + b.clientX) / 2 };
}

/**
 * Two fingers on the lanes zoom the time axis about the day between them, which stays between
 * them as they spread or move (a tablet has no Ctrl+wheel). One finger is left to the browser:
 * the lanes are an overflow scroller, so it pans them natively, with momentum; CSS
 * (styles/phone-lists.css) sets `touch-action: pan-x pan-y` there so that a pinch the page
 * could not cancel in time still never zooms the page instead.
 *
 * Touch events rather than pointer events: once the browser takes a finger for scrolling it
 * cancels that finger's pointer events, and a pinch has to see both fingers to the end.
 */
export function useLanesPinch(scroller: HTMLElement | null, lanesZoom: LanesZoom): void {
  const latest = useLatest(lanesZoom);
  useEffect(() => {
    if (!scroller) return undefined;
    let pinch: PinchStart | undefined;
    const trackX = (clientX: number) => clientX - scroller.getBoundingClientRect().left - scroller.clientLeft - LABEL_WIDTH_PX;

    const onTouchStart = (event: TouchEvent) => {
      const now = fingers(event.touches);
      if (event.touches.length !== 2 || !now || now.spread === 0) return;
      // Taken before the browser can start a pan or a page zoom with the second finger.
      event.preventDefault();
      pinch = { spread: now.spread, zoom: latest.current.zoom, day: latest.current.dayAt(trackX(now.centreClientX)) };
    };
    const onTouchMove = (event: TouchEvent) => {
      const now = fingers(event.touches);
      if (!pinch || !now) return;
      if (event.cancelable) event.preventDefault();
      latest.current.zoomKeepingDay((pinch.zoom * now.spread) / pinch.spread, pinch.day, trackX(now.centreClientX));
    };
    const onTouchEnd = (event: TouchEvent) => {
      if (event.touches.length < 2) pinch = undefined;
    };

    scroller.addEventListener('touchstart', onTouchStart, { passive: false });
    scroller.addEventListener('touchmove', onTouchMove, { passive: false });
    scroller.addEventListener('touchend', onTouchEnd);
    scroller.addEventListener('touchcancel', onTouchEnd);
    return () => {
      scroller.removeEventListener('touchstart', onTouchStart);
      scroller.removeEventListener('touchmove', onTouchMove);
      scroller.removeEventListener('touchend', onTouchEnd);
      scroller.removeEventListener('touchcancel', onTouchEnd);
    };
  }, [scroller, latest]);
}
