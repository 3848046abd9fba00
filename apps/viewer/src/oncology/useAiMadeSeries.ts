import { useMemo } from 'react';
import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import { useSavedResults } from '../results/useSavedResults';
import { aiMadeSeriesOf } from './aiMadeSeries';
import { useTumorBoardObjects } from './useTumorBoardObjects';

/**
 * Which of the study's series a program made, and who (aiMadeSeriesOf), from the queries the
 * segment list and the findings already run: nothing more is fetched for it.
 */
export function useAiMadeSeries(archive: ArchiveClient, studyUid: string, series: readonly SeriesSummary[] | undefined): ReadonlyMap<string, string> {
  const objects = useTumorBoardObjects(archive, studyUid, series);
  const saved = useSavedResults(archive, studyUid);
  return useMemo(() => aiMadeSeriesOf(objects.data?.segmentations ?? [], saved.reports), [objects.data, saved.reports]);
}
