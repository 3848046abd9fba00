import { iidStudyLaunchOf, startEarlyOpen } from './earlyOpen';
import { preloadRenderingEngine } from './enginePreload';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
// A shared board link opens its case in the viewer too (board/SharedLinkPage.tsx).
if (window.location.pathname.startsWith('/viewer/') || window.location.pathname === '/board' || iidStudyLaunchOf(window.location)) preloadRenderingEngine();
