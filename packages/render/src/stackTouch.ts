import { TouchGestureRecognizer, type TouchGesture, type TouchPoint } from './touchGestures';

/**
 * Touch on a stack viewport: the browser's touch events fed to the gesture recognizer
 * (touchGestures.ts), its gestures handed to `onGesture`.
 *
 * Why our own recognizer rather than Cornerstone's touch bindings: Cornerstone 5.14's
 * ZoomTool pinch zooms by the change in finger spread through a sensitivity, not by its ratio
 * (fingers twice as far apart do not give twice the zoom), pan and zoom cannot both hold the
 * two-finger binding, StackScrollTool would bypass the viewer's own stepping (which skips
 * images that failed to load), and the tools load only after the first image. Cornerstone's
 * touch is still used where it does the job: with a measuring tool picked, a one-finger touch
 * goes through to that tool (a Primary mouse binding answers one finger, see
 * getActiveToolForTouchEvent), which draws and drags measurements by touch.
 *
 * The listeners sit in the capture phase on the element itself, so at the target they run
 * before Cornerstone's own touchstart listener, and a touch claimed here is stopped there.
 */
export interface StackTouchOptions {
  /** Whether one finger belongs to Cornerstone's measuring tool rather than to scrolling. */
  readonly oneFingerIsTool: () => boolean;
  readonly onGesture: (gesture: TouchGesture) => void;
}

const CAPTURE: AddEventListenerOptions = { capture: true, passive: false };

export function attachStackTouch(element: HTMLElement, { oneFingerIsTool, onGesture }: StackTouchOptions): () => void {
  const recognizer = new TouchGestureRecognizer();
  /** Whether the touches since the first finger landed are ours (else Cornerstone's tool). */
  let isClaimed = false;
  /**
   * Whether the first finger went to Cornerstone's tool before a second one was claimed here:
   * the last lift must still reach the tool, or it would wait for a finger already gone.
   */
  let toolHasFirstFinger = false;

  const report = (gestures: TouchGesture[]) => {
    for (const gesture of gestures) onGesture(gesture);
  };
  const pointsOf = (touches: TouchList): TouchPoint[] => {
    const bounds = element.getBoundingClientRect();
    return Array.from(touches, (touch) => ({ id: touch.identifier, x: touch.clientX - bounds.left, y: touch.clientY - bounds.top }));
  };

  const onTouch = (event: TouchEvent) => {
    const fingers = event.touches.length;
    if (event.type === 'touchstart') {
      // A first finger with a measuring tool picked is the tool's; a second finger is ours
      // (pinch and two-finger pan work whatever the tool).
      if (fingers === 1) {
        isClaimed = !oneFingerIsTool();
        toolHasFirstFinger = !isClaimed;
      } else {
        isClaimed = true;
      }
    }
    if (!isClaimed) return;
    // Ours: not Cornerstone's tools, not the page's scroll or zoom, no emulated mouse events.
    if (!(toolHasFirstFinger && fingers === 0)) event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
    // When the screen saw the fingers, not when this busy thread got round to them.
    report(recognizer.update(pointsOf(event.touches), event.timeStamp));
    if (fingers === 0) isClaimed = toolHasFirstFinger = false;
  };
  const onCancel = (event: TouchEvent) => {
    if (isClaimed) report(recognizer.cancel());
    if (event.touches.length === 0) isClaimed = toolHasFirstFinger = false;
  };

  element.addEventListener('touchstart', onTouch, CAPTURE);
  element.addEventListener('touchmove', onTouch, CAPTURE);
  element.addEventListener('touchend', onTouch, CAPTURE);
  element.addEventListener('touchcancel', onCancel, CAPTURE);
  return () => {
    element.removeEventListener('touchstart', onTouch, CAPTURE);
    element.removeEventListener('touchmove', onTouch, CAPTURE);
    element.removeEventListener('touchend', onTouch, CAPTURE);
    element.removeEventListener('touchcancel', onCancel, CAPTURE);
  };
}
