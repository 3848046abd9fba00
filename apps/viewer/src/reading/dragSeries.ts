import type { DragEvent } from 'react';

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
