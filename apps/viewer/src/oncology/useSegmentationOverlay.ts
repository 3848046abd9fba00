import { useEffect, useMemo, useRef, useState } from 'react';
import type { ArchiveClient } from '@longview/dicomweb';
import type { LabelmapOverlay, StackViewer } from '@longview/render';
import { useSeriesList } from '../archives/queries';
import { loadRender } from '../render/loadRender';
import type { SeriesStack } from '../series/seriesStack';
import { labelmapSlicesOf, stackIndexOf } from './segmentationLabelmap';
import { lookOf, useSegmentationStore } from './segmentationStore';
import { useTumorBoardObjects } from './useTumorBoardObjects';

interface SegmentationOverlayOptions {
  archive: ArchiveClient;
  studyUid: string;
  seriesUid: string;
  stack: SeriesStack | undefined;
  viewportId: string;
  /** The stack is on the viewport's own canvas, with every image's metadata registered. */
  isReady: boolean;
  viewer: StackViewer | undefined;
}

/** The study's showable SEGs drawn on this series, as labelmap overlays for the renderer. */
export function useOverlaysOnSeries(archive: ArchiveClient, studyUid: string, seriesUid: string, stack: SeriesStack | undefined): LabelmapOverlay[] {
  const seriesList = useSeriesList(archive, studyUid);
  const objects = useTumorBoardObjects(archive, studyUid, seriesList.data);
  return useMemo(() => {
    if (!stack || !objects.data) return [];
    return objects.data.segmentations.flatMap((entry) => {
      if (entry.kind !== 'read' || !entry.check.isShowable || entry.segmentation.referencedSeriesUid !== seriesUid) return [];
      const { segmentation } = entry;
      return [
        {
          segmentationId: segmentation.sopInstanceUid,
          imageIds: stack.images.map((image) => image.imageId),
          slices: labelmapSlicesOf(segmentation, stack.images),
          // A segment without a recommended colour gets a fixed one, never nothing.
          segments: segmentation.segments.map((segment) => ({ number: segment.number, label: segment.label, rgb: segment.colour ?? ([255, 255, 0] as const) })),
        },
      ];
    });
  }, [objects.data, stack, seriesUid]);
}

/**
 * Draws the study's segmentations over a stack of the series they were drawn on, in each SEG's
 * own colours, as the segment list sets them (opacity, hidden segments), and goes to a
 * segment's centre slice when the reader picks it in the list. Returns how many segmentations
 * the viewport draws (for its data attributes).
 */
export function useSegmentationOverlay({ archive, studyUid, seriesUid, stack, viewportId, isReady, viewer }: SegmentationOverlayOptions): number {
  const overlays = useOverlaysOnSeries(archive, studyUid, seriesUid, stack);
  const looks = useSegmentationStore((state) => state.looks);
  const jump = useSegmentationStore((state) => state.jump);
  const [shownIds, setShownIds] = useState<readonly string[]>([]);

  useEffect(() => {
    if (!isReady || overlays.length === 0) return undefined;
    let isCurrent = true;
    void loadRender()
      .then(async (render) => {
        for (const overlay of overlays) {
          const look = lookOf(useSegmentationStore.getState().looks, overlay.segmentationId);
          await render.showLabelmapOnStack(viewportId, overlay, { opacity: look.opacity, hidden: new Set(look.hidden) });
        }
        if (isCurrent) setShownIds(overlays.map((overlay) => overlay.segmentationId));
      })
      .catch((error: unknown) => console.error('Segmentation overlay not drawn:', error instanceof Error ? error.message : 'unknown error'));
    return () => {
      isCurrent = false;
      setShownIds([]);
      void loadRender().then((render) => Promise.all(overlays.map((overlay) => render.removeLabelmapFromViewport(viewportId, overlay.segmentationId)))).catch(() => undefined);
    };
  }, [overlays, isReady, viewportId]);

  useEffect(() => {
    if (shownIds.length === 0) return;
    void loadRender().then(async (render) => {
      for (const overlay of overlays) {
        if (!shownIds.includes(overlay.segmentationId)) continue;
        const look = lookOf(looks, overlay.segmentationId);
        await render.setLabelmapLook(viewportId, overlay, { opacity: look.opacity, hidden: new Set(look.hidden) });
      }
    });
  }, [looks, overlays, shownIds, viewportId]);

  // Only a jump made after this viewport opened moves it (not one left over from an earlier click).
  // A jump picked before the stack is on the viewport waits for it: the viewer has no images to
  // go to until then, and would drop it.
  const jumpSeen = useRef(jump?.serial);
  useEffect(() => {
    if (!jump || jump.serial === jumpSeen.current || !stack || !viewer || !isReady) return;
    jumpSeen.current = jump.serial;
    if (jump.seriesUid !== seriesUid) return;
    const index = stackIndexOf(stack.images, jump.sopInstanceUid);
    // An image that cannot be loaded is marked on the viewport by the viewer itself.
    if (index !== undefined) viewer.goTo(index).catch(() => undefined);
  }, [jump, stack, seriesUid, viewer, isReady]);

  return shownIds.length;
}
