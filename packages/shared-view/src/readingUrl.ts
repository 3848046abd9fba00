import type { SharedCase, SharedCell } from './types';
import { SHARED_VIEW_LIMITS } from './validate';

/**
 * Format 0: the reading URL Longview already ships (issue 6),
 * `/viewer/:archiveId/:studyUid?layout=1x2&cells=c:<series>,p:<series>[:<sop>]&prior=<archive>:<study>`
 * or `?series=<uid>`. The parsing matches readGridParams in apps/viewer/src/state/gridState.ts
 * (a package cannot import the app): malformed parts are dropped, never guessed; a prior cell
 * without a named prior is left empty. Such a URL carries no view details, so every cell opens
 * on its first image with the viewer's defaults.
 */

const isUid = (text: string | undefined): text is string =>
  text !== undefined && text.length <= SHARED_VIEW_LIMITS.uidMaxLength && SHARED_VIEW_LIMITS.uidPattern.test(text);
const isArchiveId = (text: string | undefined): text is string => text !== undefined && SHARED_VIEW_LIMITS.archiveIdPattern.test(text);

function readCellText(text: string | undefined): SharedCell | null {
  if (!text || text === '-') return null;
  const [role, seriesUid, sopInstanceUid, ...rest] = text.split(':');
  if (rest.length > 0 || (role !== 'c' && role !== 'p') || !isUid(seriesUid)) return null;
  if (sopInstanceUid !== undefined && !isUid(sopInstanceUid)) return null;
  return { study: role === 'c' ? 'current' : 'prior', seriesUid, ...(sopInstanceUid ? { sopInstanceUid } : {}), image: 0 };
}

/** The case a reading URL shows; undefined when it names neither a usable layout nor a series, or the study is not a UID. */
export function sharedCaseFromReadingUrl(archiveId: string, studyUid: string, params: URLSearchParams): SharedCase | undefined {
  if (!isArchiveId(archiveId) || !isUid(studyUid)) return undefined;
  const layoutMatch = /^(\d+)x(\d+)$/.exec(params.get('layout') ?? '');
  if (layoutMatch) {
    const layout = { rows: Number(layoutMatch[1]), columns: Number(layoutMatch[2]) };
    const side = SHARED_VIEW_LIMITS.maxGridSide;
    if (layout.rows >= 1 && layout.columns >= 1 && layout.rows <= side && layout.columns <= side) {
      const texts = (params.get('cells') ?? '').split(',');
      const [priorArchiveId, priorStudyUid] = (params.get('prior') ?? '').split(':');
      const prior = isArchiveId(priorArchiveId) && isUid(priorStudyUid) ? { archiveId: priorArchiveId, studyUid: priorStudyUid } : undefined;
      const cells = Array.from({ length: layout.rows * layout.columns }, (_, i) => {
        const cell = readCellText(texts[i]);
        return cell?.study === 'prior' && !prior ? null : cell;
      });
      return { archiveId, studyUid, ...(prior ? { prior } : {}), layout, cells };
    }
  }
  const series = params.get('series') ?? undefined;
  if (isUid(series)) return { archiveId, studyUid, layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: series, image: 0 }] };
  return undefined;
}
