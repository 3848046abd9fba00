import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { ArchiveClient } from '@longview/dicomweb';
import { readKeyImageSelection, type KeyImageSelection } from '@longview/structured-report';
import { useSeriesList } from '../archives/queries';

export interface KeyImages {
  /** SOP Instance UIDs a Key Object Selection of the study flags. */
  sopInstanceUids: ReadonlySet<string>;
  /** How many flagged images each series holds. */
  countBySeries: ReadonlyMap<string, number>;
}

const NONE: KeyImages = { sopInstanceUids: new Set(), countBySeries: new Map() };

/**
 * The study's key images: every image referenced by its Key Object Selection documents (the
 * KO series, PS3.3 A.35.4), rejection notes excepted. Reads the series list the study view has
 * already asked for and the KOS metadata once per series; used by the series browser's badge
 * and the image overlay, so the same image is flagged everywhere.
 */
export function useKeyImages(archive: ArchiveClient | undefined, studyUid: string): KeyImages {
  const seriesList = useSeriesList(archive, studyUid);
  const keyObjectSeries = (seriesList.data ?? []).filter((series) => series.modality === 'KO');
  const selections = useQueries({
    queries: keyObjectSeries.map((series) => ({
      queryKey: ['key-objects', archive?.id, studyUid, series.seriesInstanceUid],
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<KeyImageSelection[]> =>
        (await (archive as ArchiveClient).retrieveSeriesMetadata(studyUid, series.seriesInstanceUid, signal)).map(readKeyImageSelection),
      enabled: archive !== undefined,
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  const loaded = selections.flatMap((query) => query.data ?? []);
  const signature = loaded.flatMap((selection) => selection.references.map((reference) => reference.sopInstanceUid)).join(',');
  return useMemo(() => {
    if (loaded.length === 0) return NONE;
    const sopInstanceUids = new Set<string>();
    const countBySeries = new Map<string, number>();
    for (const selection of loaded) {
      if (selection.isRejection) continue;
      for (const reference of selection.references) {
        // Only this study's images: a KOS may cite a prior, which this view does not show.
        if (reference.studyInstanceUid !== undefined && reference.studyInstanceUid !== studyUid) continue;
        if (sopInstanceUids.has(reference.sopInstanceUid)) continue;
        sopInstanceUids.add(reference.sopInstanceUid);
        if (reference.seriesInstanceUid) countBySeries.set(reference.seriesInstanceUid, (countBySeries.get(reference.seriesInstanceUid) ?? 0) + 1);
      }
    }
    return { sopInstanceUids, countBySeries };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when the references change, not on every render
  }, [signature, studyUid]);
}
