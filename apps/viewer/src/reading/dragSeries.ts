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

/**
 * Where a dropped series belongs in this reading: this study's, or its confirmed prior's.
 * Any other study's series (another patient's, say) has no place and is refused.
 */
export function droppedSeriesRole(dropped: DraggedSeries, current: { archiveId: string; studyUid: string }, prior: { archiveId: string; studyUid: string } | undefined): 'current' | 'prior' | undefined {
  if (dropped.studyUid === current.studyUid && dropped.archiveId === current.archiveId) return 'current';
  if (prior && dropped.studyUid === prior.studyUid && dropped.archiveId === prior.archiveId) return 'prior';
  return undefined;
}
