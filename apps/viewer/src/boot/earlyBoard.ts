import type { SharedCell, SharedSession } from '@longview/shared-view';

/**
 * A shared board link (`/board#<shared view>`) names its first image exactly: the active case,
 * its cells' series and the image each shows. The boot script opens that cell's series early, as
 * it does a series link's, so a tumor board's attendee waits for the archive, not for the app.
 */

/** The series a board link shows in the cell the reader sees first, and the image it shows there. */
export interface BoardCellToOpen {
  archiveId: string;
  study: string;
  series: string;
  /** Index of the image on screen in the ordered stack (0-based), as the link gives it. */
  image: number;
}

/** The shared view a board link carries (what follows `#`), if this page is one. */
export function boardLinkOf(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string | undefined {
  if (location.pathname !== '/board' || location.search !== '') return undefined;
  const payload = location.hash.replace(/^#/, '');
  return payload === '' ? undefined : payload;
}

/**
 * A plain image stack only: an MPR, a slide, a fusion, a MIP or a single instance is loaded
 * otherwise, and its first image is another request.
 */
function isPlainStack(cell: SharedCell | null | undefined): cell is SharedCell {
  return cell !== null && cell !== undefined && !cell.mpr && !cell.slide && !cell.fusion && !cell.mip && cell.sopInstanceUid === undefined;
}

/**
 * The cell a board link shows first: the maximised cell if there is one (it is the only one on
 * screen), else the active cell, else the first cell that shows anything; undefined when that
 * cell is not a plain image stack, or its study (the prior) is not in the link.
 */
export function boardCellToOpen(session: SharedSession): BoardCellToOpen | undefined {
  const shown = session.cases[session.activeCase];
  if (!shown) return undefined;
  const index = shown.maximisedCell ?? shown.activeCell ?? shown.cells.findIndex((cell) => cell !== null);
  const cell = shown.cells[index];
  if (!isPlainStack(cell)) return undefined;
  const study = cell.study === 'prior' ? shown.prior : { archiveId: shown.archiveId, studyUid: shown.studyUid };
  if (!study) return undefined;
  return { archiveId: study.archiveId, study: study.studyUid, series: cell.seriesUid, image: cell.image };
}

/**
 * The board link's cell to open early, read as the app reads the link (decodeSharedSession:
 * format, integrity, every field), or undefined for a link the app will refuse. The decoder is
 * its own chunk, fetched only on a board link: every other page's boot script stays small.
 */
export async function boardCellOfLink(payload: string): Promise<BoardCellToOpen | undefined> {
  const { decodeSharedSession } = await import('@longview/shared-view');
  const decoded = decodeSharedSession(payload);
  return decoded.ok ? boardCellToOpen(decoded.session) : undefined;
}
