import { iidStudyLaunchOf, startEarlyOpen } from './earlyOpen';

/**
 * The page's first script (index.html loads it async, ahead of the app): it starts the
 * requests the first image needs, and on a viewer page the rendering engine's download, while
 * the app's own chunks are still on their way. It imports nothing heavy, so it runs early.
 */
startEarlyOpen(window.location, import.meta.env.BASE_URL);
// A shared board link opens its case in the viewer too (board/SharedLinkPage.tsx).
if (window.location.pathname.startsWith('/viewer/') || window.location.pathname === '/board' || iidStudyLaunchOf(window.location)) preloadRenderingEngine();

/**
 * Downloads (and lets the browser compile) the rendering engine's chunks without running them:
 * running Cornerstone's and vtk.js's module code holds the main thread for half a second, which
 * would hold up the first image's requests; the app's loadRender() runs it when it is due
 * (render/engineStart.ts). The build names the chunks on this script's tag (vite.config.ts).
 */
function preloadRenderingEngine(): void {
  const chunks = document.querySelector<HTMLScriptElement>('script[data-render-chunks]')?.dataset.renderChunks?.split(' ') ?? [];
  for (const href of chunks) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
