/**
 * Downloads (and lets the browser compile) the rendering engine's chunks without running them:
 * running Cornerstone's and vtk.js's module code holds the main thread for half a second, which
 * would hold up the first image's requests; the app's loadRender() runs it when it is due
 * (render/engineStart.ts). The build names the chunks on the boot script's tag (vite.config.ts).
 * Asking twice adds nothing: each chunk is preloaded once per page.
 */
export function preloadRenderingEngine(): void {
  const chunks = document.querySelector<HTMLScriptElement>('script[data-render-chunks]')?.dataset.renderChunks?.split(' ') ?? [];
  for (const href of chunks) {
    if (href === '' || document.head.querySelector(`link[rel="modulepreload"][href="${CSS.escape(href)}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
