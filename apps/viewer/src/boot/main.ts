import { loadRender } from '../render/loadRender';
import { startEarlyOpen } from './earlyOpen';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
if (window.location.pathname.startsWith('/viewer/')) {
  loadRender().catch(() => undefined); // the viewport's own load reports a failed download
}
