import type { SharedCell } from '@longview/shared-view';

/** What a viewport reports of itself for a shared view: everything of a cell but what it shows. */
export type ViewportCapture = Omit<SharedCell, 'study' | 'seriesUid' | 'sopInstanceUid'>;

/**
 * The viewports on the page that can describe themselves for a shared view, by viewport id.
 * A registry rather than React state: a share, an agenda step or a live session's presenter
 * reads them when it needs to, and reading must not re-render the grid.
 */
const captures = new Map<string, () => ViewportCapture | undefined>();

export function registerViewportCapture(viewportId: string, capture: () => ViewportCapture | undefined): () => void {
  captures.set(viewportId, capture);
  return () => {
    if (captures.get(viewportId) === capture) captures.delete(viewportId);
  };
}

export function captureViewport(viewportId: string): ViewportCapture | undefined {
  return captures.get(viewportId)?.();
}
