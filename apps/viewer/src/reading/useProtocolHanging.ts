import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { getNumber, getString, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, SeriesSummary, StudySummary } from '@longview/dicomweb';
import {
  chooseProtocol,
  hangStudy,
  needsImageFacts,
  readerProtocols,
  studyFactsOf,
  type Hanging,
  type HangingProtocol,
  type ImageFacts,
  type StudyFacts,
} from '@longview/hanging-protocols';

/** ViewPosition (0018,5101): not among dicom-meta's named tags; read here for the protocols. */
function viewPosition(metadata: DicomJson): string | undefined {
  const value = metadata['00185101']?.Value?.[0];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function imageFacts(metadata: DicomJson): ImageFacts | undefined {
  const sopInstanceUid = getString(metadata, 'SOPInstanceUID');
  if (!sopInstanceUid) return undefined;
  return {
    sopInstanceUid,
    instanceNumber: getNumber(metadata, 'InstanceNumber'),
    viewPosition: viewPosition(metadata),
    laterality: getString(metadata, 'ImageLaterality') ?? getString(metadata, 'Laterality'),
  };
}

/** The reader's own protocols (localStorage) after the built-in ones; read once per page. */
export function useProtocols(): readonly HangingProtocol[] {
  return useMemo(() => readerProtocols(() => window.localStorage), []);
}

/**
 * The protocol for the current study and, when its rules pick single images (mammography),
 * the per-image facts it needs: the series' metadata, asked once and cached like the rest.
 */
export function useCurrentStudyFacts(
  archive: ArchiveClient | undefined,
  studyUid: string,
  study: StudySummary | null | undefined,
  series: readonly SeriesSummary[] | undefined,
  isEnabled: boolean,
) {
  const protocols = useProtocols();
  const base = series && study !== undefined ? studyFactsOf(archive?.id ?? '', studyUid, study ?? undefined, series) : undefined;
  const protocol = base ? chooseProtocol(base, protocols) : undefined;
  const wantsImages = isEnabled && protocol !== undefined && needsImageFacts(protocol);
  const modalities = new Set(protocol?.cells.map((cell) => cell.series.modality?.toUpperCase()).filter(Boolean));
  const imageSeries = wantsImages ? (series ?? []).filter((s) => modalities.has((s.modality ?? '').toUpperCase())) : [];
  const metadata = useQueries({
    queries: imageSeries.map((s) => ({
      queryKey: ['series-metadata', archive?.id, studyUid, s.seriesInstanceUid],
      queryFn: ({ signal }: { signal: AbortSignal }) => (archive as ArchiveClient).retrieveSeriesMetadata(studyUid, s.seriesInstanceUid, signal),
      enabled: archive !== undefined,
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  const isReady = !wantsImages || metadata.every((query) => !query.isPending);
  const facts: StudyFacts | undefined = base && {
    ...base,
    series: base.series.map((s) => {
      const index = imageSeries.findIndex((candidate) => candidate.seriesInstanceUid === s.seriesInstanceUid);
      const list = index >= 0 ? metadata[index]?.data : undefined;
      return list ? { ...s, images: list.map(imageFacts).filter((f): f is ImageFacts => f !== undefined) } : s;
    }),
  };
  return { protocol, facts, isReady };
}

export type { Hanging };
export { hangStudy };
