import type { Dispatch, DragEvent, SetStateAction } from 'react';

/** The drag-and-drop type of a series card: which series of which study. */
export const SERIES_DRAG_TYPE = 'application/x-longview-series';

export interface DraggedSeries {
  archiveId: string;
  studyUid: string;
  seriesUid: string;
}

export function readDraggedSeries(event: DragEvent): DraggedSeries | undefined {
  try {
    const value = JSON.parse(event.dataTransfer.getData(SERIES_DRAG_TYPE)) as Partial<DraggedSeries>;
    return typeof value.archiveId === 'string' && typeof value.studyUid === 'string' && typeof value.seriesUid === 'string'
      ? { archiveId: value.archiveId, studyUid: value.studyUid, seriesUid: value.seriesUid }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a dropped series belongs in this reading: this study's, or its confirmed prior's.
 * Any other study's series (another patient's, say) has no place and is refused.
 */
export function droppedSeriesRole(dropped: DraggedSeries, current: { archiveId: string; studyUid: string }, prior: { archiveId: string; studyUid: string } | undefined): 'current' | 'prior' | undefined {
  if (dropped.studyUid === current.studyUid && dropped.archiveId === current.archiveId) return 'current';
  if (prior && dropped.studyUid === prior.studyUid && dropped.archiveId === prior.archiveId) return 'prior';
  return undefined;
}

/**
 * A grid cell as a drop target for series cards: it lights up while a series is dragged over it
 * (`setDropTarget`), and hands a dropped series to `onDropSeries`. Other drags pass through.
 */
export function cellDropHandlers(index: number, setDropTarget: Dispatch<SetStateAction<number | undefined>>, onDropSeries: (index: number, series: DraggedSeries) => void) {
  return {
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDropTarget(index);
    },
    onDragLeave: () => setDropTarget((current) => (current === index ? undefined : current)),
    onDrop: (event: DragEvent) => {
      setDropTarget(undefined);
      const dragged = readDraggedSeries(event);
      if (!dragged) return;
      event.preventDefault();
      onDropSeries(index, dragged);
    },
  };
}
