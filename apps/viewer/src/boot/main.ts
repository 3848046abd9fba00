import { iidStudyLaunchOf, isEarlyFirstFrameNative, seriesLinkOf, startEarlyOpen } from './earlyOpen';
import { preloadRenderingEngine } from './enginePreload';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
if (seriesLinkOf(window.location)) {
  // A series link's first frame is asked for at once and drawn by the 2D first paint without
  // the engine (firstPaint/; the engine starts once that paint is on the screen,
  // render/engineStart.ts): the engine's 0.7 MB waits for the frame rather than share a slow
  // link with it. Where nothing was fetched early, this settles as soon as that is known.
  void isEarlyFirstFrameNative().then(() => preloadRenderingEngine());
} else if (window.location.pathname.startsWith('/viewer/') || window.location.pathname === '/board' || iidStudyLaunchOf(window.location)) {
  // A study link's or an IID launch's first frame comes only after the study's searches, by when
  // the engine has downloaded; a shared board link's cell is drawn by the engine alone.
  preloadRenderingEngine();
}
