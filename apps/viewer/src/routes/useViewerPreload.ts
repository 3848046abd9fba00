import { useEffect } from 'react';
import { preloadRenderingEngine } from '../boot/enginePreload';

/** How long a settled page waits for the browser to be idle before it preloads anyway. */
const IDLE_TIMEOUT_MS = 2_000;
/** Where there is no requestIdleCallback (Safari, the bedside iPad): a short pause instead. */
const NO_IDLE_CALLBACK_DELAY_MS = 300;

/**
 * A page from which a reader opens a study (the study list, the patient's timeline) loads the
 * viewer's code once it has settled and the browser is idle: the viewer page's chunk, and the
 * rendering engine's chunks downloaded and compiled but not run. A click on a study then waits
 * on none of it; measured with `bench/first-image.mjs --way list|timeline`. Nothing is loaded
 * while the page's own searches are still answering, so they never share the link with it.
 */
export function useViewerPreload(isSettled: boolean): void {
  useEffect(() => {
    if (!isSettled) return undefined;
    const preload = () => {
      // The module lazyRoutes.ts loads for the viewer page: one chunk, one module instance, so
      // its own load later resolves at once. (Imported here, not through lazyRoutes, which
      // imports this page.) A failed download is left to that load, which reports it.
      import('./StudyViewer').catch(() => undefined);
      preloadRenderingEngine();
    };
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(preload, { timeout: IDLE_TIMEOUT_MS });
      return () => window.cancelIdleCallback(handle);
    }
    const timer = window.setTimeout(preload, NO_IDLE_CALLBACK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [isSettled]);
}
