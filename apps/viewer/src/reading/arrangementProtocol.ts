import type { SeriesSummary, StudySummary } from '@longview/dicomweb';
import { protocolFromArrangement, type HangingProtocol, type StudyFacts } from '@longview/hanging-protocols';
import type { GridState } from '../state/gridState';

/**
 * The reader's own arrangement of this study as a protocol for the next study of its kind: the
 * grid, and each cell described by what the protocol matches on (study role, modality, series
 * description, a mammogram's view and laterality). Undefined when the modality is unknown.
 */
export function arrangementProtocol(reading: {
  grid: GridState;
  study: StudySummary;
  series: readonly SeriesSummary[] | undefined;
  priorSeries: readonly SeriesSummary[] | undefined;
  facts: StudyFacts | undefined;
  syncScroll: boolean;
}): HangingProtocol | undefined {
  const { grid, study, series: seriesList, priorSeries, facts, syncScroll } = reading;
  const modality = seriesList?.find((s) => s.seriesInstanceUid === grid.cells.find(Boolean)?.seriesUid)?.modality ?? study.modalities[0];
  if (!modality) return undefined;
  const describe = (cell: GridState['cells'][number]) => {
    if (!cell) return undefined;
    const list = cell.study === 'prior' ? priorSeries : seriesList;
    const series = list?.find((s) => s.seriesInstanceUid === cell.seriesUid);
    const image = cell.sopInstanceUid ? facts?.series.flatMap((s) => s.images ?? []).find((i) => i.sopInstanceUid === cell.sopInstanceUid) : undefined;
    return { study: cell.study, modality: series?.modality, seriesDescription: series?.seriesDescription, viewPosition: image?.viewPosition, laterality: image?.laterality };
  };
  return protocolFromArrangement({ modality, bodyPart: study.bodyParts[0], layout: grid.layout, cells: grid.cells.map(describe), syncScroll });
}
