import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { ArchiveClient } from '@longview/dicomweb';
import type { ReportImageReference } from '@longview/measurement-report';
import { readKeyImageSelection, type KeyImageSelection } from '@longview/structured-report';
import { useSeriesList } from '../archives/queries';
import { studyKeyOf, useResultsStore, type SavedKeyImages } from './resultsStore';
import { useReaderName } from './useSavedResults';

export interface KeyImages {
  /** SOP Instance UIDs flagged: by the study's key object selections, and by the reader's toggles since the last save. */
  sopInstanceUids: ReadonlySet<string>;
  /** How many flagged images each series holds. */
  countBySeries: ReadonlyMap<string, number>;
  /** The reader's own latest selection (the one this page saved, until the archive lists it). */
  mine: SavedKeyImages | undefined;
  /** The images the reader's next selection holds: their latest, with the toggles since applied. */
  minePending: ReportImageReference[];
  /** The reader flagged or unflagged an image since the last save. */
  hasUnsaved: boolean;
}

const NO_TOGGLES: Readonly<Record<string, { isKey: boolean; image: ReportImageReference }>> = {};

/** Selections still current: neither a rejection note nor an earlier version another selection replaces. */
function currentSelections(loaded: readonly KeyImageSelection[]): KeyImageSelection[] {
  const replaced = new Set(loaded.flatMap((selection) => selection.predecessors));
  return loaded.filter((selection) => !selection.isRejection && !(selection.sopInstanceUid && replaced.has(selection.sopInstanceUid)));
}

function referencesOf(selection: KeyImageSelection, studyUid: string): ReportImageReference[] {
  return selection.references.flatMap((reference) =>
    // Only this study's images: a KOS may cite a prior, which this view does not show.
    reference.seriesInstanceUid && (reference.studyInstanceUid === undefined || reference.studyInstanceUid === studyUid)
      ? [{ studyInstanceUid: studyUid, seriesInstanceUid: reference.seriesInstanceUid, sopInstanceUid: reference.sopInstanceUid, sopClassUid: reference.sopClassUid }]
      : [],
  );
}

/**
 * The study's key images: every image referenced by its current Key Object Selection documents
 * (the KO series, PS3.3 A.35.4; rejection notes and replaced versions excepted), with the
 * reader's flags since the last save (K). Reads the series list the study view has already
 * asked for and the KOS metadata once per series; used by the series browser's badge, the
 * image overlay and Save, so the same image is flagged everywhere.
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
  const readerName = useReaderName();
  const key = studyKeyOf(archive?.id ?? '', studyUid);
  const justSaved = useResultsStore((state) => state.justSavedKeyImages[key]);
  const toggles = useResultsStore((state) => state.keyImageToggles[key] ?? NO_TOGGLES);
  const loaded = selections.flatMap((query) => query.data ?? []);
  const signature = loaded.map((selection) => `${selection.sopInstanceUid}:${selection.references.map((r) => r.sopInstanceUid).join(',')}`).join(';');
  return useMemo(() => {
    const current = currentSelections(loaded);
    const listedMine = current.find((selection) => readerName !== undefined && selection.observerName === readerName);
    const isJustSavedNewer =
      justSaved !== undefined && (listedMine === undefined || (listedMine.sopInstanceUid !== justSaved.sopInstanceUid && !listedMine.predecessors.includes(justSaved.sopInstanceUid)));
    const mine: SavedKeyImages | undefined = isJustSavedNewer
      ? justSaved
      : listedMine?.sopInstanceUid && listedMine.seriesInstanceUid
        ? { sopInstanceUid: listedMine.sopInstanceUid, seriesInstanceUid: listedMine.seriesInstanceUid, images: referencesOf(listedMine, studyUid) }
        : undefined;
    const minePending = new Map((mine?.images ?? []).map((image) => [image.sopInstanceUid, image]));
    for (const { isKey, image } of Object.values(toggles)) {
      if (isKey) minePending.set(image.sopInstanceUid, image);
      else minePending.delete(image.sopInstanceUid);
    }
    const others = current.filter((selection) => selection !== listedMine).flatMap((selection) => referencesOf(selection, studyUid));
    const flagged = new Map<string, string>();
    for (const image of [...others, ...minePending.values()]) flagged.set(image.sopInstanceUid, image.seriesInstanceUid);
    const countBySeries = new Map<string, number>();
    for (const series of flagged.values()) countBySeries.set(series, (countBySeries.get(series) ?? 0) + 1);
    const before = new Set((mine?.images ?? []).map((image) => image.sopInstanceUid));
    const hasUnsaved = before.size !== minePending.size || [...minePending.keys()].some((sop) => !before.has(sop));
    return { sopInstanceUids: new Set(flagged.keys()), countBySeries, mine, minePending: [...minePending.values()], hasUnsaved };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when the references change, not on every render
  }, [signature, studyUid, readerName, justSaved, toggles]);
}
