import { describe, expect, it } from 'vitest';
import { LONG_PRESS_MS, SWIPE_PIXELS_PER_IMAGE, TouchGestureRecognizer, windowAfterDrag, type TouchGesture } from './touchGestures';

const finger = (x: number, y: number, id = 1) => ({ id, x, y });

/** Feeds a sequence of (touches, time) and collects every gesture. */
function play(recognizer: TouchGestureRecognizer, steps: Array<[ReturnType<typeof finger>[], number]>): TouchGesture[] {
  return steps.flatMap(([touches, time]) => recognizer.update(touches, time));
}

describe('TouchGestureRecognizer', () => {
  it('turns an upward swipe into whole image steps, carrying the remainder between moves', () => {
    const recognizer = new TouchGestureRecognizer();
    const steps: Array<[ReturnType<typeof finger>[], number]> = [[[finger(100, 400)], 0]];
    // 168 px upwards in 12 moves of 14 px: 10.5 images' worth, so 10 images in all.
    for (let i = 1; i <= 12; i += 1) steps.push([[finger(100, 400 - 14 * i)], i * 16]);
    steps.push([[], 220]);
    const gestures = play(recognizer, steps);
    const scrolled = gestures.reduce((sum, gesture) => sum + (gesture.kind === 'scroll' ? gesture.images : 0), 0);
    expect(scrolled).toBe(Math.trunc(168 / SWIPE_PIXELS_PER_IMAGE));
    expect(gestures.every((gesture) => gesture.kind === 'scroll')).toBe(true);
  });

  it('scrolls back with a downward swipe', () => {
    const recognizer = new TouchGestureRecognizer();
    const gestures = play(recognizer, [
      [[finger(50, 100)], 0],
      [[finger(50, 100 + 3 * SWIPE_PIXELS_PER_IMAGE + 2)], 50],
      [[], 60],
    ]);
    expect(gestures).toEqual([{ kind: 'scroll', images: -3 }]);
  });

  it('ignores a resting finger inside the slop', () => {
    const recognizer = new TouchGestureRecognizer();
    expect(play(recognizer, [[[finger(50, 100)], 0], [[finger(53, 104)], 100]])).toEqual([]);
  });

  it('recognises a double tap, and not two taps too far apart in time or space', () => {
    const quick = new TouchGestureRecognizer();
    expect(play(quick, [[[finger(80, 80)], 0], [[], 60], [[finger(84, 82)], 200], [[], 260]])).toEqual([{ kind: 'double-tap', at: { x: 84, y: 82 } }]);
    const slow = new TouchGestureRecognizer();
    expect(play(slow, [[[finger(80, 80)], 0], [[], 60], [[finger(80, 80)], 600], [[], 660]])).toEqual([]);
    const apart = new TouchGestureRecognizer();
    expect(play(apart, [[[finger(80, 80)], 0], [[], 60], [[finger(200, 80)], 200], [[], 260]])).toEqual([]);
  });

  it('a long press then a drag sets window/level instead of scrolling', () => {
    const recognizer = new TouchGestureRecognizer();
    expect(recognizer.update([finger(100, 100)], 0)).toEqual([]);
    // Resting fingers wobble inside the slop without deciding anything.
    expect(recognizer.update([finger(102, 101)], 300)).toEqual([]);
    expect(recognizer.update([finger(160, 80)], LONG_PRESS_MS + 10)).toEqual([
      { kind: 'window-start', at: { x: 100, y: 100 } },
      { kind: 'window-move', dx: 60, dy: -20 },
    ]);
    expect(recognizer.update([finger(170, 120)], LONG_PRESS_MS + 100)).toEqual([{ kind: 'window-move', dx: 70, dy: 20 }]);
    expect(recognizer.update([], LONG_PRESS_MS + 200)).toEqual([{ kind: 'window-end' }]);
  });

  it('a finger that leaves the slop before LONG_PRESS_MS swipes, however long it then takes', () => {
    const recognizer = new TouchGestureRecognizer();
    recognizer.update([finger(100, 100)], 0);
    expect(recognizer.update([finger(100, 100 - SWIPE_PIXELS_PER_IMAGE)], LONG_PRESS_MS - 1)).toEqual([{ kind: 'scroll', images: 1 }]);
    expect(recognizer.update([finger(100, 100 - 2 * SWIPE_PIXELS_PER_IMAGE)], 5 * LONG_PRESS_MS)).toEqual([{ kind: 'scroll', images: 1 }]);
  });

  it('two fingers report the spread ratio and the centre, and end when one lifts', () => {
    const recognizer = new TouchGestureRecognizer();
    const a = (x: number, y: number) => finger(x, y, 1);
    const b = (x: number, y: number) => finger(x, y, 2);
    expect(recognizer.update([a(100, 100)], 0)).toEqual([]);
    expect(recognizer.update([a(100, 100), b(140, 100)], 10)).toEqual([{ kind: 'two-finger-start', centre: { x: 120, y: 100 } }]);
    // Spread 40 → 80 about the same centre: twice the zoom.
    expect(recognizer.update([a(80, 100), b(160, 100)], 50)).toEqual([{ kind: 'two-finger-move', centre: { x: 120, y: 100 }, scale: 2 }]);
    // Same spread moved 30 px right and 10 down: a pan at scale 1.
    expect(recognizer.update([a(150, 110), b(190, 110)], 90)).toEqual([{ kind: 'two-finger-move', centre: { x: 170, y: 110 }, scale: 1 }]);
    expect(recognizer.update([b(190, 110)], 120)).toEqual([{ kind: 'two-finger-end' }]);
    // The finger left behind does not start a swipe.
    expect(recognizer.update([b(190, 10)], 150)).toEqual([]);
    expect(recognizer.update([], 160)).toEqual([]);
  });

  it('a second finger during a long-press drag ends window/level before the pinch starts', () => {
    const recognizer = new TouchGestureRecognizer();
    recognizer.update([finger(100, 100)], 0);
    recognizer.update([finger(100, 130)], LONG_PRESS_MS);
    expect(recognizer.update([finger(100, 100), finger(200, 100, 2)], LONG_PRESS_MS + 50).map((gesture) => gesture.kind)).toEqual(['window-end', 'two-finger-start']);
  });

  it('cancel ends the gesture in progress', () => {
    const recognizer = new TouchGestureRecognizer();
    recognizer.update([finger(1, 1), finger(50, 1, 2)], 0);
    expect(recognizer.cancel()).toEqual([{ kind: 'two-finger-end' }]);
    expect(recognizer.update([finger(10, 10)], 100)).toEqual([]);
  });
});

describe('windowAfterDrag', () => {
  it('widens to the right and raises the level downwards, in steps that grow with the width', () => {
    expect(windowAfterDrag({ width: 400, center: 40 }, 10, 5)).toEqual({ width: 420, center: 50 });
    expect(windowAfterDrag({ width: 100, center: 40 }, 10, -5)).toEqual({ width: 110, center: 35 });
  });

  it('never narrows the window below one', () => {
    expect(windowAfterDrag({ width: 400, center: 40 }, -1000, 0).width).toBe(1);
  });
});
