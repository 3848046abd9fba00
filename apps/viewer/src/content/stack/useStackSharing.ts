import { useEffect, useRef, useState, type RefObject } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { MprViewer, StackViewer } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import { applySharedCell, captureStackViewport } from './stackViewState';
import { registerViewportCapture } from '../../viewport/viewportCaptures';
import { loadRender } from '../../render/loadRender';
import { registerSeriesMetadata, type SeriesStack } from '../../series/seriesStack';
import { DISPLAY_FAILED } from './useStackLoading';
import { useLatest } from '../../react/useLatest';
import type { Cine } from './useCine';

/**
 * Sharing (a session link, an agenda, the live presenter): the viewport describes itself —
 * slice, window, camera, cine, MPR, measurements — once its stack is on screen.
 */
function useViewportCapture(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  { isStackShown, viewportId, cineRate, mprViewer }: { isStackShown: boolean; viewportId: string; cineRate: { readonly current: number }; mprViewer: RefObject<MprViewer | undefined> },
): void {
  useEffect(() => {
    if (!viewer || !stack || !isStackShown) return undefined;
    const imageIds = stack.images.map((image) => image.imageId);
    return registerViewportCapture(viewportId, () => {
      const capture = captureStackViewport(viewer, imageIds, cineRate.current);
      const mpr = mprViewer.current;
      if (!mpr) return capture;
      const { slabThickness, blend } = mpr.state();
      return { ...capture, mpr: { center: mpr.center(), slabMm: slabThickness, blend } };
    });
  }, [viewer, stack, isStackShown, viewportId, cineRate, mprViewer]);
}

interface SharedViewHandlers {
  /** The shared view opens or closes MPR. */
  onMpr: (isOpen: boolean) => void;
  /** Applied: whether cine plays now, and the shared cine rate if it does. */
  onApplied: (isPlaying: boolean, cineFramesPerSecond: number | undefined) => void;
  onError: (message: string) => void;
}

/**
 * Takes on a shared view once the stack is on screen and every image's metadata is known (a
 * slice other than the first cannot be decoded without it); returns the key of the request
 * last applied. A new request is a new key.
 */
function useSharedViewApplied(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  metadataBySop: Map<string, DicomJson> | undefined,
  { isStackShown, viewportId, sharedView }: { isStackShown: boolean; viewportId: string; sharedView: { cell: SharedCell; key: number } | undefined },
  handlers: { readonly current: SharedViewHandlers },
): number | undefined {
  const [appliedSharedKey, setAppliedSharedKey] = useState<number | undefined>(undefined);
  const lastMeasurementsRef = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !stack || !isStackShown || !sharedView || !metadataBySop) return undefined;
    let isCurrent = true;
    const imageIds = stack.images.map((image) => image.imageId);
    handlers.current.onMpr(sharedView.cell.mpr !== undefined);
    loadRender()
      .then(async (render) => {
        registerSeriesMetadata(render.registerInstanceMetadata, stack.images, metadataBySop);
        await applySharedCell(viewer, viewportId, imageIds, sharedView.cell, lastMeasurementsRef, () => !isCurrent);
        if (!isCurrent) return;
        handlers.current.onApplied(viewer.isPlaying, sharedView.cell.cine?.isPlaying ? sharedView.cell.cine.framesPerSecond : undefined);
        setAppliedSharedKey(sharedView.key);
      })
      .catch(() => {
        if (isCurrent) handlers.current.onError(DISPLAY_FAILED);
      });
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request is a new key
  }, [viewer, stack, isStackShown, metadataBySop, viewportId, sharedView?.key]);
  return appliedSharedKey;
}

/**
 * A stack viewport's part in sharing: it describes itself for a capture, and takes on a shared
 * view (its cine through `cine`, its MPR through `onMpr`). Returns the key of the shared view
 * last applied. `onMpr` and `onError` may change each render.
 */
export function useStackSharing(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  metadataBySop: Map<string, DicomJson> | undefined,
  options: { isStackShown: boolean; viewportId: string; sharedView: { cell: SharedCell; key: number } | undefined; cine: Cine; mprViewer: RefObject<MprViewer | undefined> },
  { onMpr, onError }: Pick<SharedViewHandlers, 'onMpr' | 'onError'>,
): number | undefined {
  const { isStackShown, viewportId, sharedView, cine, mprViewer } = options;
  useViewportCapture(viewer, stack, { isStackShown, viewportId, cineRate: cine.latestRate, mprViewer });
  const handlers = useLatest({ onMpr, onApplied: cine.takeShared, onError });
  return useSharedViewApplied(viewer, stack, metadataBySop, { isStackShown, viewportId, sharedView }, handlers);
}
