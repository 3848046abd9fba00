import { useEffect, useState } from 'react';
import type { FusionViewer } from '@longview/render';
import type { FusionColormap } from '@longview/render/plain';
import type { SharedCell } from '@longview/shared-view';
import { isTyping } from '../keyboard/isTyping';
import { registerViewportCapture } from '../viewport/viewportCaptures';

/**
 * What a share or the live board reads of a fusion cell (slice, CT window, PET opacity and colour
 * map), and a shared view taken on. Returns the key of the shared view last applied, which the
 * cell publishes so a test or a follower knows it has arrived.
 */
export function useFusionSharing(
  viewer: FusionViewer | undefined,
  {
    viewportId,
    petSeriesUid,
    sharedView,
    setOpacity,
    setColormap,
  }: {
    viewportId: string;
    petSeriesUid: string;
    sharedView: { cell: SharedCell; key: number } | undefined;
    setOpacity: (opacity: number) => void;
    setColormap: (colormap: FusionColormap) => void;
  },
): number | undefined {
  useEffect(() => {
    if (!viewer) return undefined;
    return registerViewportCapture(viewportId, () => {
      const state = viewer.state();
      return {
        image: state.imageIndex,
        ...(state.window ? { window: { center: state.window.center, width: state.window.width } } : {}),
        fusion: { petSeriesUid, opacity: state.opacity, colormap: state.colormap },
      };
    });
  }, [viewer, viewportId, petSeriesUid]);

  const [appliedSharedKey, setAppliedSharedKey] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !sharedView) return;
    const { cell } = sharedView;
    if (cell.fusion) {
      setOpacity(cell.fusion.opacity);
      setColormap(cell.fusion.colormap);
    }
    if (cell.window) viewer.setWindow(cell.window);
    // goTo moves a camera: it fails only when the cell has gone meanwhile, and then nothing is left to tell.
    void viewer.goTo(cell.image).then(() => setAppliedSharedKey(sharedView.key), () => undefined);
    // The key says when a new view is asked for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewer, sharedView?.key]);
  return appliedSharedKey;
}

/** Up/Down (and Page keys) step through the CT's slices while the fusion cell is the active one. */
export function useSliceKeys(viewer: FusionViewer | undefined, isActive: boolean): void {
  useEffect(() => {
    if (!viewer || !isActive) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const step = { ArrowUp: -1, ArrowDown: 1, PageUp: -10, PageDown: 10 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      void viewer.goTo(viewer.state().imageIndex + step).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [viewer, isActive]);
}
