import { isEarlyFirstFrameNative } from '../boot/earlyOpen';

/**
 * When the rendering engine may start. Starting it (evaluating Cornerstone and vtk.js, opening
 * WebGL, which on a software rasteriser takes most of a second) holds the page's main thread;
 * while it does, no answer from the archive is acted on and nothing is drawn. On a page whose
 * first frame came early in a native syntax, the 2D first paint (firstPaint/) can show that
 * frame without the engine, so the engine waits until the paint is on the screen. Everywhere
 * else (compressed frames, nothing fetched early) it starts at once, as the image needs it.
 */

/**
 * If the first paint has not settled this long after its frame arrived, the engine starts
 * anyway: a safety net for a page whose viewport never draws it (the paint itself comes well
 * within it, about 0.8 s after the frame on the 2-core machine while the app mounts).
 */
const FIRST_PAINT_PATIENCE_MS = 2500;

let settleFirstPaint: () => void = () => undefined;
const firstPaintSettled = new Promise<void>((resolve) => (settleFirstPaint = resolve));

/**
 * The first paint says it is done: drawn and shown (called after the frame that shows it), or
 * not drawable here (colour, an implausible frame). Either way the engine may start.
 */
export function reportFirstPaintSettled(): void {
  settleFirstPaint();
}

let gate: Promise<void> | undefined;

export function whenEngineMayStart(): Promise<void> {
  gate ??= isEarlyFirstFrameNative().then((isNative) => {
    if (!isNative) return undefined;
    return Promise.race([firstPaintSettled, new Promise<void>((resolve) => setTimeout(resolve, FIRST_PAINT_PATIENCE_MS))]);
  });
  return gate;
}
