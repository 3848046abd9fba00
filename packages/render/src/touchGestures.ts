/**
 * What the fingers on an image mean, as a pure state machine: touches in (element CSS pixels,
 * milliseconds), gestures out. No DOM and no Cornerstone here, so the rules a clinician's
 * hand meets can be read in one place and unit-tested without a browser.
 *
 * - one finger, moved: a vertical swipe that steps through the images (finger up = next image,
 *   as content follows the finger when a page scrolls), one image per SWIPE_PIXELS_PER_IMAGE;
 * - one finger held still for LONG_PRESS_MS, then moved: window/level (right widens, down
 *   raises the level, as the mouse's left drag). Told apart from a swipe when the finger first
 *   leaves the slop, by the events' own timestamps (when the screen saw the finger), not by a
 *   timer: a main thread busy decoding images must not turn a quick swipe into a long press;
 * - two quick taps in the same place: fit and reset;
 * - two fingers: the image point under the fingers' centre stays under it while the spread
 *   scales the zoom (pinch) and the centre's travel pans (two-finger drag): one gesture, since
 *   a hand rarely does only one of the two.
 */

export interface TouchPoint {
  /** The browser's Touch.identifier: stable while the finger stays down. */
  readonly id: number;
  readonly x: number;
  readonly y: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Movement under this (CSS px) is a finger resting, not a drag: fingertips wobble. */
export const TOUCH_SLOP_PX = 10;
/** How long a still finger must rest before a drag sets window/level instead of scrolling. */
export const LONG_PRESS_MS = 500;
/** Longest touch that still counts as a tap. */
export const TAP_MAX_MS = 300;
/** Longest wait between the first tap's lift and the second's touch for a double tap. */
export const DOUBLE_TAP_GAP_MS = 300;
/** How far apart two taps may land and still be a double tap. */
export const DOUBLE_TAP_SLOP_PX = 40;
/**
 * Vertical finger travel per image. 16 px walks a 256-slice CT in about five thumb-lengths on a
 * phone, and a short flick of 30-50 px still moves two or three slices for fine positioning.
 */
export const SWIPE_PIXELS_PER_IMAGE = 16;

export type TouchGesture =
  /** Step `images` through the stack (positive: later images). */
  | { readonly kind: 'scroll'; readonly images: number }
  /** Two fingers landed with their centre at `centre`. */
  | { readonly kind: 'two-finger-start'; readonly centre: Point }
  /**
   * Since two-finger-start: the spread changed by `scale` and the centre is now at `centre`;
   * the image point that was under the start centre belongs under `centre`.
   */
  | { readonly kind: 'two-finger-move'; readonly centre: Point; readonly scale: number }
  | { readonly kind: 'two-finger-end' }
  | { readonly kind: 'double-tap'; readonly at: Point }
  /** A long press has begun to move: window/level follows the finger from here. */
  | { readonly kind: 'window-start'; readonly at: Point }
  /** Finger travel since window-start (CSS px). */
  | { readonly kind: 'window-move'; readonly dx: number; readonly dy: number }
  | { readonly kind: 'window-end' };

type State =
  | { readonly kind: 'idle' }
  /** One finger down that has not yet moved beyond the slop. */
  | { readonly kind: 'pressing'; readonly id: number; readonly start: Point; readonly since: number }
  | { readonly kind: 'swiping'; readonly id: number; readonly startY: number; readonly scrolled: number }
  | { readonly kind: 'windowing'; readonly id: number; readonly start: Point }
  | { readonly kind: 'two-finger'; readonly ids: readonly [number, number]; readonly spread: number }
  /** A gesture is over but fingers remain: nothing happens until every finger has lifted. */
  | { readonly kind: 'spent' };

function centreOf(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export class TouchGestureRecognizer {
  private state: State = { kind: 'idle' };
  /** The last completed single tap, for recognising the second of a double tap. */
  private lastTap: { at: Point; liftedAt: number } | undefined;

  /**
   * The fingers now on the element (every touch event reports the full list), at `time` ms.
   * Returns the gestures this change makes, in order.
   */
  update(touches: readonly TouchPoint[], time: number): TouchGesture[] {
    const state = this.state;
    if (touches.length === 0) return this.allLifted(time);
    if (touches.length >= 2) return this.twoFingers(touches, state);
    const [finger] = touches as [TouchPoint];
    switch (state.kind) {
      case 'idle':
        this.state = { kind: 'pressing', id: finger.id, start: { x: finger.x, y: finger.y }, since: time };
        return [];
      case 'pressing': {
        if (finger.id !== state.id) return this.spend([]);
        if (distance(finger, state.start) < TOUCH_SLOP_PX) return [];
        if (time - state.since >= LONG_PRESS_MS) {
          this.state = { kind: 'windowing', id: finger.id, start: state.start };
          return [{ kind: 'window-start', at: state.start }, { kind: 'window-move', dx: finger.x - state.start.x, dy: finger.y - state.start.y }];
        }
        this.state = { kind: 'swiping', id: finger.id, startY: state.start.y, scrolled: 0 };
        return this.swipeTo(finger);
      }
      case 'swiping':
        return finger.id === state.id ? this.swipeTo(finger) : this.spend([]);
      case 'windowing':
        if (finger.id !== state.id) return this.spend([{ kind: 'window-end' }]);
        return [{ kind: 'window-move', dx: finger.x - state.start.x, dy: finger.y - state.start.y }];
      case 'two-finger':
        // One of two fingers lifted: the pinch is over; the other finger does not start a swipe.
        return this.spend([{ kind: 'two-finger-end' }]);
      case 'spent':
        return [];
    }
  }

  /** The browser took the touches away (touchcancel): end whatever was going on. */
  cancel(): TouchGesture[] {
    const ended = this.endOf(this.state);
    this.state = { kind: 'idle' };
    this.lastTap = undefined;
    return ended;
  }

  private swipeTo(finger: TouchPoint): TouchGesture[] {
    const state = this.state;
    if (state.kind !== 'swiping') return [];
    // Whole images from the touch point, so the remainder of one move carries into the next.
    const total = Math.trunc((state.startY - finger.y) / SWIPE_PIXELS_PER_IMAGE);
    const images = total - state.scrolled;
    this.state = { ...state, scrolled: total };
    return images === 0 ? [] : [{ kind: 'scroll', images }];
  }

  private twoFingers(touches: readonly TouchPoint[], state: State): TouchGesture[] {
    if (state.kind === 'two-finger') {
      const a = touches.find((touch) => touch.id === state.ids[0]);
      const b = touches.find((touch) => touch.id === state.ids[1]);
      // A third finger is ignored; losing one of the two ends the gesture.
      if (!a || !b) return this.spend([{ kind: 'two-finger-end' }]);
      return [{ kind: 'two-finger-move', centre: centreOf(a, b), scale: state.spread > 0 ? distance(a, b) / state.spread : 1 }];
    }
    if (state.kind === 'spent') return [];
    const [a, b] = touches as [TouchPoint, TouchPoint];
    const ended = this.endOf(state);
    this.lastTap = undefined;
    this.state = { kind: 'two-finger', ids: [a.id, b.id], spread: distance(a, b) };
    return [...ended, { kind: 'two-finger-start', centre: centreOf(a, b) }];
  }

  private allLifted(time: number): TouchGesture[] {
    const state = this.state;
    this.state = { kind: 'idle' };
    if (state.kind !== 'pressing') {
      this.lastTap = undefined;
      return this.endOf(state);
    }
    if (time - state.since > TAP_MAX_MS) {
      this.lastTap = undefined;
      return [];
    }
    const previous = this.lastTap;
    if (previous && state.since - previous.liftedAt <= DOUBLE_TAP_GAP_MS && distance(previous.at, state.start) <= DOUBLE_TAP_SLOP_PX) {
      this.lastTap = undefined;
      return [{ kind: 'double-tap', at: state.start }];
    }
    this.lastTap = { at: state.start, liftedAt: time };
    return [];
  }

  private spend(ended: TouchGesture[]): TouchGesture[] {
    this.state = { kind: 'spent' };
    this.lastTap = undefined;
    return ended;
  }

  private endOf(state: State): TouchGesture[] {
    if (state.kind === 'windowing') return [{ kind: 'window-end' }];
    if (state.kind === 'two-finger') return [{ kind: 'two-finger-end' }];
    return [];
  }
}

/**
 * The window a long-press drag sets: like Cornerstone's mouse window/level, right widens and
 * down raises the level. The step per CSS pixel grows with the starting width, so a narrow
 * brain window and a wide lung window both take about a thumb's travel to change usefully.
 */
export function windowAfterDrag(start: { width: number; center: number }, dx: number, dy: number): { width: number; center: number } {
  const perPixel = Math.max(1, start.width / 200);
  return { width: Math.max(1, start.width + dx * perPixel), center: start.center + dy * perPixel };
}
