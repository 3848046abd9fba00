import { formatDicomDate } from '@longview/dicom-meta';
import type { SeriesSummary } from '@longview/dicomweb';
import type { GridState } from '../state/gridState';
import type { CellChoice } from './PhoneReadingBar';

/** "#3 T2 FLAIR", or the modality when the series has no description. */
function seriesLabel(series: SeriesSummary | undefined): string | undefined {
  if (!series) return undefined;
  const name = series.seriesDescription ?? series.modality ?? 'Series';
  return series.seriesNumber !== undefined ? `#${series.seriesNumber} ${name}` : name;
}

/**
 * How the phone's cell switch names each cell of the grid. A current/prior pair reads
 * "Current" / "Prior <date>"; when the study itself fills several cells (a 2×2 of MR
 * sequences, say) each is named by its series, and a cell of the prior keeps "Prior" in front.
 */
export function cellChoicesOf(
  cells: GridState['cells'],
  series: readonly SeriesSummary[] | undefined,
  priorSeries: readonly SeriesSummary[] | undefined,
  priorStudyDate: string | undefined,
): CellChoice[] {
  const currentCount = cells.filter((cell) => cell?.study === 'current').length;
  const priorCount = cells.filter((cell) => cell?.study === 'prior').length;
  const priorName = `Prior ${formatDicomDate(priorStudyDate) || ''}`.trim();
  return cells.map((cell, index) => {
    if (!cell) return { label: `Cell ${index + 1} (empty)`, isPrior: false };
    if (cell.study === 'prior') {
      const label = priorCount > 1 ? `${priorName} ${seriesLabel(priorSeries?.find((s) => s.seriesInstanceUid === cell.seriesUid)) ?? ''}`.trim() : priorName;
      return { label, isPrior: true };
    }
    if (currentCount === 1) return { label: 'Current', isPrior: false };
    return { label: seriesLabel(series?.find((s) => s.seriesInstanceUid === cell.seriesUid)) ?? `Cell ${index + 1}`, isPrior: false };
  });
}
