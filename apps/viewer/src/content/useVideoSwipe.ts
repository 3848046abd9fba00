import { useEffect, type RefObject } from 'react';
import type { VideoPlayer } from '@longview/render';

/**
 * Finger travel per video frame when scrubbing. Coarser than a stack's swipe: a clip has a few
 * hundred frames at most, and a finger must be able to land on one.
 */
export const VIDEO_SWIPE_PIXELS_PER_FRAME = 12;

/**
 * A one-finger horizontal swipe on a video scrubs it frame by frame (right: later, as along a
 * timeline); the clip pauses, as frame stepping by key does. Mouse and pen keep their clicks and
 * the controls bar. The element has `touch-action: none` (styles.css), so the page does not
 * scroll under the finger instead.
 */
export function useVideoSwipe(elementRef: RefObject<HTMLDivElement | null>, player: VideoPlayer | undefined): void {
  useEffect(() => {
    const element = elementRef.current;
    if (!element || !player) return undefined;
    let swipe: { pointerId: number; startX: number; stepped: number } | undefined;
    const onDown = (event: PointerEvent) => {
      if (event.pointerType !== 'touch') return;
      // A second finger ends the scrub: it is not a one-finger gesture any more.
      swipe = swipe ? undefined : { pointerId: event.pointerId, startX: event.clientX, stepped: 0 };
    };
    const onMove = (event: PointerEvent) => {
      if (!swipe || event.pointerId !== swipe.pointerId) return;
      const frames = Math.trunc((event.clientX - swipe.startX) / VIDEO_SWIPE_PIXELS_PER_FRAME);
      if (frames === swipe.stepped) return;
      player.stepFrames(frames - swipe.stepped);
      swipe = { ...swipe, stepped: frames };
    };
    const onUp = (event: PointerEvent) => {
      if (swipe?.pointerId === event.pointerId) swipe = undefined;
    };
    element.addEventListener('pointerdown', onDown);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onUp);
    return () => {
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onUp);
    };
  }, [elementRef, player]);
}
