import { startEarlyOpen } from './earlyOpen';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
if (window.location.pathname.startsWith('/viewer/')) {
  // Only the download: the app's loadRender() takes the same module (one instance per page)
  // and sets it up. A failed download is reported by the viewport's own load.
  import('@longview/render').catch(() => undefined);
}
