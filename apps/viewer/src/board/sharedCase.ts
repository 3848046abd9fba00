import type { SharedCase, SharedCell, SharedSession } from '@longview/shared-view';
import { DEFAULT_FUSION_OPACITY } from '../oncology/petCtCell';
import { writeGridParams, type CellContent, type GridState } from '../state/gridState';
import type { ViewportCapture } from '../viewport/viewportCaptures';

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

/** A fusion or MIP cell says so whatever its viewport reported (a fusion still opening is shared with its defaults). */
function displayOf(content: CellContent, capture: ViewportCapture | undefined): Pick<SharedCell, 'fusion' | 'mip'> {
  if (content.display === 'fusion' && content.fusedSeriesUid) {
    return { fusion: { opacity: DEFAULT_FUSION_OPACITY, colormap: 'hot-iron', ...capture?.fusion, petSeriesUid: content.fusedSeriesUid } };
  }
  return content.display === 'mip' ? { mip: true } : {};
}

function cellOf(content: CellContent, capture: ViewportCapture | undefined): SharedCell {
  // What the cell shows is the grid's to say (displayOf), whatever the viewport reported.
  const view: ViewportCapture = { ...(capture ?? { image: 0 }) };
  delete view.fusion;
  delete view.mip;
  return {
    study: content.study,
    seriesUid: content.seriesUid,
    ...(content.sopInstanceUid ? { sopInstanceUid: content.sopInstanceUid } : {}),
    // A viewport still opening is shared at its first image, as it will open for everyone.
    ...view,
    ...displayOf(content, capture),
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

/** What a shared cell shows (its view details are applied apart). */
export function contentOfCell(cell: SharedCell): CellContent {
  if (cell.fusion) return { study: 'current', seriesUid: cell.seriesUid, display: 'fusion', fusedSeriesUid: cell.fusion.petSeriesUid };
  if (cell.mip) return { study: 'current', seriesUid: cell.seriesUid, display: 'mip' };
  return { study: cell.study, seriesUid: cell.seriesUid, ...(cell.sopInstanceUid ? { sopInstanceUid: cell.sopInstanceUid } : {}) };
}

/** The grid a shared case arranges (its cells' contents; their view details are applied apart). */
export function gridOfCase(shared: SharedCase): GridState {
  return {
    layout: shared.layout,
    cells: shared.cells.map((cell) => (cell ? contentOfCell(cell) : undefined)),
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
