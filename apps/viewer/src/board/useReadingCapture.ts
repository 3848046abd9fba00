import { useEffect } from 'react';
import { cellViewportId, type GridState } from '../state/gridState';
import { useLatest } from '../react/useLatest';
import { useReadingStore } from '../state/readingStore';
import { registerReading } from './readingHandle';
import { sharedCaseOf } from './sharedCase';
import { captureViewport } from '../viewport/viewportCaptures';
import { sharedSegmentationsOf, useSegmentationStore } from '../oncology/segmentationStore';

/**
 * What sharing reads of this reading, when asked: the grid, every cell's own view, the active and
 * maximised cell, the synchronisation and the segmentations' looks, as they are at that moment.
 */
export function useReadingCapture(archiveId: string, studyUid: string, grid: GridState | undefined, activeIndex: number, maximisedIndex: number | undefined): void {
  const capture = useLatest(() => {
    if (!grid) return undefined;
    const sync = useReadingStore.getState();
    const sharedCase = sharedCaseOf({
      archiveId,
      studyUid,
      grid,
      captures: grid.cells.map((cell, index) => (cell ? captureViewport(cellViewportId(index)) : undefined)),
      activeCell: Math.min(activeIndex, grid.layout.rows * grid.layout.columns - 1),
      maximisedCell: maximisedIndex,
      sync: { scroll: sync.isScrollSynced, window: sync.isWindowSynced, zoom: sync.isZoomSynced, referenceLines: sync.showReferenceLines },
    });
    return { ...sharedCase, ...sharedSegmentationsOf(useSegmentationStore.getState()) };
  });
  useEffect(() => registerReading({ archiveId, studyUid, capture: () => capture.current() }), [archiveId, studyUid, capture]);
}
