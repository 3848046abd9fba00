import { iidStudyLaunchOf, isEarlyFirstFrameNative, startEarlyOpen } from './earlyOpen';
import { preloadRenderingEngine } from './enginePreload';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
if (window.location.pathname === '/board') {
  // A shared board link's cell is drawn by the engine alone (board/SharedLinkPage.tsx): it is
  // needed for the first image, so it downloads beside it.
  preloadRenderingEngine();
} else if (window.location.pathname.startsWith('/viewer/') || iidStudyLaunchOf(window.location)) {
  // A link's first frame, fetched early, is drawn by the 2D first paint without the engine
  // (firstPaint/), and the engine starts only once that paint is on the screen
  // (render/engineStart.ts): its 0.7 MB download waits for the frame rather than share the
  // link with it. Where nothing was fetched early, this settles as soon as that is known.
  void isEarlyFirstFrameNative().then(() => preloadRenderingEngine());
}
