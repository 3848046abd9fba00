import type { StackViewState } from '@longview/render';

/** The viewport element's data-* attributes: a name React writes as is, and its value (undefined: left out). */
export type ViewportDataAttributes = Record<`data-${string}`, string | number | undefined>;

/**
 * What the viewport element says about its view in data-* attributes. The e2e specs read them
 * (the image asked for and the one on screen, the shared view applied, window, zoom, centre,
 * where the image lies on the canvas), so a name or a format here changes what they read:
 * change both together. Before the first view, every attribute is left out.
 */
export function viewportDataAttributes(view: StackViewState | undefined, appliedSharedKey: number | undefined): ViewportDataAttributes {
  return {
    'data-image-index': view?.imageIndex,
    'data-shown-index': view?.shownIndex,
    'data-shared-view-key': appliedSharedKey,
    'data-window': view?.window ? `${Math.round(view.window.width)}/${Math.round(view.window.center)}` : undefined,
    'data-zoom': view?.scale !== undefined ? view.scale.toFixed(2) : undefined,
    'data-fit-zoom': view?.fitZoom !== undefined ? view.fitZoom.toFixed(3) : undefined,
    'data-view-centre': view?.centre ? `${view.centre.x.toFixed(1)},${view.centre.y.toFixed(1)}` : undefined,
    'data-mouse-tools': view?.hasMouseTools ? 'ready' : undefined,
    'data-image-rect': view?.imageRect ? [view.imageRect.x, view.imageRect.y, view.imageRect.width, view.imageRect.height].join(',') : undefined,
  };
}
