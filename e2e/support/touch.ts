import type { CDPSession, Locator, Page } from '@playwright/test';

/**
 * Real multi-touch for specs, through the Chrome DevTools Protocol's Input.dispatchTouchEvent:
 * the browser makes genuine touchstart/touchmove/touchend (and pointer events) from it, as
 * from a touch screen. Playwright's own `tap()` is one finger and no movement. Each gesture is
 * a finger sequence with intermediate moves at about 60 Hz (MOVE_INTERVAL_MS), as a hand
 * draws them, so code that reads velocity or positions along the way sees what it would on a
 * phone. Coordinates are CSS pixels of the page (viewport), as CDP takes them.
 *
 * The context must have touch on (`hasTouch: true`, as support/devices.ts' contexts do).
 */

export interface ScreenPoint {
  readonly x: number;
  readonly y: number;
}

/** One touch-screen frame: moves are sent this far apart. */
const MOVE_INTERVAL_MS = 16;

type TouchPhase = 'touchStart' | 'touchMove' | 'touchEnd' | 'touchCancel';

export class TouchScreen {
  private constructor(
    private readonly page: Page,
    private readonly session: CDPSession,
  ) {}

  static async of(page: Page): Promise<TouchScreen> {
    return new TouchScreen(page, await page.context().newCDPSession(page));
  }

  /** Sends the fingers now on the screen (touchEnd: the ones still on, usually none). */
  private async send(type: TouchPhase, fingers: readonly ScreenPoint[]): Promise<void> {
    await this.session.send('Input.dispatchTouchEvent', {
      type,
      // Stable ids per finger position in the list: CDP matches moves to fingers by id.
      touchPoints: fingers.map((point, index) => ({ x: point.x, y: point.y, id: index, radiusX: 8, radiusY: 8, force: 1 })),
    });
  }

  private async pause(ms: number): Promise<void> {
    await this.page.waitForTimeout(ms);
  }

  /**
   * Fingers travel from `from` to `to` (one path per finger, all moving together) in `steps`
   * moves, held down throughout; `lift` ends the touch afterwards.
   */
  async drag(from: readonly ScreenPoint[], to: readonly ScreenPoint[], { steps = 12, lift = true }: { steps?: number; lift?: boolean } = {}): Promise<void> {
    await this.send('touchStart', from);
    await this.pause(MOVE_INTERVAL_MS);
    await this.moveAlong(from, to, steps);
    if (lift) await this.send('touchEnd', []);
  }

  private async moveAlong(from: readonly ScreenPoint[], to: readonly ScreenPoint[], steps: number): Promise<void> {
    for (let step = 1; step <= steps; step += 1) {
      const t = step / steps;
      await this.send(
        'touchMove',
        from.map((start, index) => {
          const end = to[index] ?? start;
          return { x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t };
        }),
      );
      await this.pause(MOVE_INTERVAL_MS);
    }
  }

  /**
   * One finger from `from` by (dx, dy) (negative dy: upwards), then lifted: a brisk swipe of
   * about 12 px a frame, so its first move already leaves a resting finger's slop.
   */
  async swipe(from: ScreenPoint, dx: number, dy: number, steps = Math.max(3, Math.ceil(Math.hypot(dx, dy) / 12))): Promise<void> {
    await this.drag([from], [{ x: from.x + dx, y: from.y + dy }], { steps });
  }

  /**
   * Two fingers placed symmetrically about `centre`, `startSpread` apart horizontally, spread
   * to `startSpread × scale` about the same centre (scale > 1: pinch out, zoom in).
   */
  async pinch(centre: ScreenPoint, scale: number, startSpread = 80, steps = 15): Promise<void> {
    const half = startSpread / 2;
    const endHalf = half * scale;
    await this.drag(
      [
        { x: centre.x - half, y: centre.y },
        { x: centre.x + half, y: centre.y },
      ],
      [
        { x: centre.x - endHalf, y: centre.y },
        { x: centre.x + endHalf, y: centre.y },
      ],
      { steps },
    );
  }

  /** Two fingers (60 px apart) about `from`, moved together by (dx, dy). */
  async twoFingerDrag(from: ScreenPoint, dx: number, dy: number, steps = 15): Promise<void> {
    const fingers = [
      { x: from.x - 30, y: from.y },
      { x: from.x + 30, y: from.y },
    ];
    await this.drag(
      fingers,
      fingers.map((point) => ({ x: point.x + dx, y: point.y + dy })),
      { steps },
    );
  }

  /** A quick touch and lift at `at` (about 60 ms down). */
  async tap(at: ScreenPoint): Promise<void> {
    await this.send('touchStart', [at]);
    await this.pause(60);
    await this.send('touchEnd', []);
  }

  /** Two taps 120 ms apart, as a thumb double-taps. */
  async doubleTap(at: ScreenPoint): Promise<void> {
    await this.tap(at);
    await this.pause(120);
    await this.tap({ x: at.x + 2, y: at.y + 1 });
  }

  /** A finger rests at `from` for `holdMs`, then drags by (dx, dy) and lifts. */
  async longPressDrag(from: ScreenPoint, dx: number, dy: number, holdMs = 800, steps = 12): Promise<void> {
    await this.send('touchStart', [from]);
    await this.pause(holdMs);
    await this.moveAlong([from], [{ x: from.x + dx, y: from.y + dy }], steps);
    await this.send('touchEnd', []);
  }

  async detach(): Promise<void> {
    await this.session.detach();
  }
}

/** The centre of an element on the page, in CSS pixels. */
export async function centreOf(locator: Locator): Promise<ScreenPoint> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
