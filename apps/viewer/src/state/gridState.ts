import { isValidLayout, type GridLayout, type Hanging, type StudyRole } from '@longview/hanging-protocols';

/** What one grid cell shows: a series of the current study or of its prior (one image of it, at most). */
export interface CellContent {
  study: StudyRole;
  seriesUid: string;
  sopInstanceUid?: string | undefined;
  /** A PET/CT fusion (the series is the CT, `fusedSeriesUid` the PET) or a PET MIP, of the current study. */
  display?: 'fusion' | 'mip';
  fusedSeriesUid?: string;
}

/** The shareable part of a reading: layout, what is in each cell, and which prior. UIDs and numbers only. */
export interface GridState {
  layout: GridLayout;
  /** Row-major, one per cell (undefined: empty). */
  cells: ReadonlyArray<CellContent | undefined>;
  prior: { archiveId: string; studyUid: string } | undefined;
}

const UID = /^[0-9]+(\.[0-9]+)*$/;
const ARCHIVE_ID = /^[A-Za-z0-9_-]+$/;

function readCell(text: string): CellContent | undefined {
  const [role, seriesUid, sopInstanceUid, ...rest] = text.split(':');
  // f:<ct>:<pet> a fusion, m:<pet> a MIP (current study only).
  if (role === 'f') return rest.length === 0 && seriesUid && sopInstanceUid && UID.test(seriesUid) && UID.test(sopInstanceUid) ? { study: 'current', seriesUid, display: 'fusion', fusedSeriesUid: sopInstanceUid } : undefined;
  if (role === 'm') return rest.length === 0 && sopInstanceUid === undefined && seriesUid && UID.test(seriesUid) ? { study: 'current', seriesUid, display: 'mip' } : undefined;
  if (rest.length > 0 || (role !== 'c' && role !== 'p') || !seriesUid || !UID.test(seriesUid)) return undefined;
  if (sopInstanceUid !== undefined && !UID.test(sopInstanceUid)) return undefined;
  return { study: role === 'c' ? 'current' : 'prior', seriesUid, ...(sopInstanceUid ? { sopInstanceUid } : {}) };
}

/**
 * The grid a URL asks for: `?layout=1x2&cells=c:<series>,p:<series>&prior=<archive>:<study>`,
 * or the single viewport of `?series=<uid>` (the viewer's original links). Undefined when the
 * URL names neither: the hanging protocol decides. Malformed parts are dropped, never guessed.
 */
export function readGridParams(params: URLSearchParams): GridState | undefined {
  const layoutText = params.get('layout');
  if (layoutText) {
    const match = /^(\d+)x(\d+)$/.exec(layoutText);
    const layout = match ? { rows: Number(match[1]), columns: Number(match[2]) } : undefined;
    if (layout && isValidLayout(layout)) {
      const texts = (params.get('cells') ?? '').split(',');
      const cells = Array.from({ length: layout.rows * layout.columns }, (_, i) => {
        const text = texts[i];
        return text && text !== '-' ? readCell(text) : undefined;
      });
      const [archiveId, studyUid] = (params.get('prior') ?? '').split(':');
      const prior = archiveId && studyUid && ARCHIVE_ID.test(archiveId) && UID.test(studyUid) ? { archiveId, studyUid } : undefined;
      // A prior cell without a named prior study cannot be shown.
      return { layout, cells: cells.map((cell) => (cell?.study === 'prior' && !prior ? undefined : cell)), prior };
    }
  }
  const series = params.get('series');
  if (series && UID.test(series)) return { layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: series }], prior: undefined };
  return undefined;
}

function cellText(cell: CellContent): string {
  if (cell.display === 'fusion' && cell.fusedSeriesUid) return `f:${cell.seriesUid}:${cell.fusedSeriesUid}`;
  if (cell.display === 'mip') return `m:${cell.seriesUid}`;
  return [cell.study === 'current' ? 'c' : 'p', cell.seriesUid, ...(cell.sopInstanceUid ? [cell.sopInstanceUid] : [])].join(':');
}

/** The URL parameters of a grid; a lone current series keeps the short `?series=` form. */
export function writeGridParams(state: GridState): Record<string, string> {
  const [only] = state.cells;
  if (state.layout.rows * state.layout.columns === 1 && only?.study === 'current' && !only.sopInstanceUid && !only.display) return { series: only.seriesUid };
  const cells = state.cells.map((cell) => (cell ? cellText(cell) : '-'));
  return {
    layout: `${state.layout.rows}x${state.layout.columns}`,
    cells: cells.join(','),
    ...(state.prior && state.cells.some((cell) => cell?.study === 'prior') ? { prior: `${state.prior.archiveId}:${state.prior.studyUid}` } : {}),
  };
}

/** The grid a hanging protocol produced. */
export function gridFromHanging(hanging: Hanging, prior: GridState['prior']): GridState {
  return {
    layout: hanging.layout,
    cells: hanging.cells.map((cell) =>
      cell.kind === 'series'
        ? {
            study: cell.study,
            seriesUid: cell.seriesInstanceUid,
            ...(cell.sopInstanceUid ? { sopInstanceUid: cell.sopInstanceUid } : {}),
            ...(cell.display ? { display: cell.display } : {}),
            ...(cell.fusedSeriesInstanceUid ? { fusedSeriesUid: cell.fusedSeriesInstanceUid } : {}),
          }
        : undefined,
    ),
    prior,
  };
}

/** The same cells in another layout: kept in order, the rest empty; cells beyond it are dropped. */
export function withLayout(state: GridState, layout: GridLayout): GridState {
  const count = layout.rows * layout.columns;
  return { ...state, layout, cells: Array.from({ length: count }, (_, i) => state.cells[i]) };
}

/** The grid with one cell's content replaced. */
export function withCell(state: GridState, index: number, content: CellContent | undefined): GridState {
  return { ...state, cells: state.cells.map((cell, i) => (i === index ? content : cell)) };
}

/** The viewport id of a grid cell: unique on the page (Cornerstone keys viewports by it). */
export function cellViewportId(index: number): string {
  return index === 0 ? 'stack-main' : `stack-cell-${index}`;
}
