import type { StackViewer } from '@longview/render';

/**
 * Moving through a stack, the one way every caller in the stack viewport does it.
 *
 * StackViewer.goTo rejects when the image cannot be loaded, and by then it has already said so
 * where the reader looks: it marks the image unavailable (its view's `unavailableReason`), so
 * StackNotices shows "Image N cannot be displayed" with the reason, the overlay and the image's
 * text alternative say "not shown", and the series load lists the image in LoadProgress. A
 * rejection that arrives after the reader moved on belongs to an image no longer asked for.
 * So the caller has nothing left to tell: the promise is settled here, never reported a second
 * time (as DISPLAY_FAILED it would blame the whole display for one image) and never left
 * unhandled (the page would log an error, and e2e fails on any unhandled rejection).
 * The returned promise resolves once the move is done or has failed.
 */
export function goToImage(viewer: StackViewer, index: number): Promise<void> {
  return viewer.goTo(index).catch(settleMarkedFailure);
}

/** `delta` images on from the one asked for last (the viewer's own goTo: same failure handling). */
export function scrollImages(viewer: StackViewer, delta: number): Promise<void> {
  return viewer.scrollBy(delta).catch(settleMarkedFailure);
}

/** The viewer has marked the image unavailable already (see goToImage). */
function settleMarkedFailure(): void {}
