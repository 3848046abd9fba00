import { useCallback, useMemo, useState } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { StackViewState } from '@longview/render';
import type { SeriesStack, StackImage } from '../../series/seriesStack';
import { useSeriesStack } from '../../series/useSeriesStack';

/**
 * The stack of one instance of a series. Waits for that instance's own metadata: the series'
 * first metadata belongs to another image and must never be registered under this one's id.
 */
function onlyInstance(stack: SeriesStack | undefined, metadataBySop: Map<string, DicomJson> | undefined, sopInstanceUid: string): SeriesStack | undefined {
  const metadata = sopInstanceUid === stack?.instances[0]?.sopInstanceUid ? stack.firstMetadata : metadataBySop?.get(sopInstanceUid);
  if (!stack || !metadata) return undefined;
  return {
    images: stack.images.filter((image) => image.sopInstanceUid === sopInstanceUid),
    instances: stack.instances.filter((instance) => instance.sopInstanceUid === sopInstanceUid),
    firstMetadata: metadata,
  };
}

/**
 * The series a stack viewport opens, and the stack it shows of it: the whole series, or only
 * `sopInstanceUid` (a hanging protocol's single mammographic view). `retry` asks the archive again.
 */
export function useViewportStack(archive: ArchiveClient, studyUid: string, seriesUid: string, sopInstanceUid: string | undefined) {
  const [attempt, setAttempt] = useState(0);
  const series = useSeriesStack(archive, studyUid, seriesUid, attempt);
  const seriesStack = series.kind === 'ready' ? series.stack : undefined;
  const metadataBySop = series.kind === 'ready' ? series.metadataBySop : undefined;
  const stack = useMemo(() => (sopInstanceUid ? onlyInstance(seriesStack, metadataBySop, sopInstanceUid) : seriesStack), [seriesStack, metadataBySop, sopInstanceUid]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { series, stack, metadataBySop, retry };
}

/** The image asked for (the first before the viewer reports a view), and its metadata: its own once the series' metadata is in, the first image's before. */
export function imageOfView(stack: SeriesStack | undefined, metadataBySop: Map<string, DicomJson> | undefined, view: StackViewState | undefined): { image: StackImage | undefined; metadata: DicomJson | undefined } {
  const image = stack?.images[view?.imageIndex ?? 0];
  if (!image) return { image, metadata: undefined };
  return { image, metadata: metadataBySop?.get(image.sopInstanceUid) ?? (image.sopInstanceUid === stack?.instances[0]?.sopInstanceUid ? stack?.firstMetadata : undefined) };
}
