import type { SharedCase, SharedCell, SharedSession } from '@longview/shared-view';
import { writeGridParams, type CellContent, type GridState } from '../reading/gridState';

/** What a viewport reports of itself for a shared view: everything of a cell but what it shows. */
export type ViewportCapture = Omit<SharedCell, 'study' | 'seriesUid' | 'sopInstanceUid'>;

export interface ReadingSnapshot {
  archiveId: string;
  studyUid: string;
  grid: GridState;
  /** One per cell, row-major; undefined where the cell is empty or its viewport not ready. */
  captures: ReadonlyArray<ViewportCapture | undefined>;
  activeCell: number;
  maximisedCell: number | undefined;
  sync: NonNullable<SharedCase['sync']>;
}

function cellOf(content: CellContent, capture: ViewportCapture | undefined): SharedCell {
  return {
    study: content.study,
    seriesUid: content.seriesUid,
    ...(content.sopInstanceUid ? { sopInstanceUid: content.sopInstanceUid } : {}),
    // A viewport still opening is shared at its first image, as it will open for everyone.
    ...(capture ?? { image: 0 }),
  };
}

/** The shared form of what a study viewer shows now. */
export function sharedCaseOf(reading: ReadingSnapshot): SharedCase {
  const { grid } = reading;
  const cells = grid.cells.map((content, i) => (content ? cellOf(content, reading.captures[i]) : null));
  const hasPriorCell = cells.some((cell) => cell?.study === 'prior');
  return {
    archiveId: reading.archiveId,
    studyUid: reading.studyUid,
    ...(grid.prior && hasPriorCell ? { prior: { archiveId: grid.prior.archiveId, studyUid: grid.prior.studyUid } } : {}),
    layout: { rows: grid.layout.rows, columns: grid.layout.columns },
    cells,
    activeCell: reading.activeCell,
    ...(reading.maximisedCell !== undefined ? { maximisedCell: reading.maximisedCell } : {}),
    sync: reading.sync,
  };
}

/** The grid a shared case arranges (its cells' contents; their view details are applied apart). */
export function gridOfCase(shared: SharedCase): GridState {
  return {
    layout: shared.layout,
    cells: shared.cells.map((cell) => (cell ? { study: cell.study, seriesUid: cell.seriesUid, ...(cell.sopInstanceUid ? { sopInstanceUid: cell.sopInstanceUid } : {}) } : undefined)),
    prior: shared.prior,
  };
}

/** The study viewer's address of a case: the study in the path, the grid in the query (UIDs only). */
export function viewerPathOfCase(shared: SharedCase): string {
  const query = new URLSearchParams(writeGridParams(gridOfCase(shared))).toString();
  return `/viewer/${encodeURIComponent(shared.archiveId)}/${encodeURIComponent(shared.studyUid)}${query ? `?${query}` : ''}`;
}

export function isCaseOf(shared: SharedCase | undefined, archiveId: string, studyUid: string): boolean {
  return shared !== undefined && shared.archiveId === archiveId && shared.studyUid === studyUid;
}

/**
 * The session to share: the agenda with the case on screen put in its place (or made the
 * active one), or just that case when it is not on the agenda.
 */
export function sessionWithCurrentCase(agenda: SharedSession | undefined, current: SharedCase): SharedSession {
  const index = agenda ? agenda.cases.findIndex((c) => isCaseOf(c, current.archiveId, current.studyUid)) : -1;
  if (!agenda || index < 0) return { cases: [current], activeCase: 0 };
  return { cases: agenda.cases.map((c, i) => (i === index ? current : c)), activeCase: index };
}
