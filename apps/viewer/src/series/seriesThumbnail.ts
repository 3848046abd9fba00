import { contentKindName, contentKindOf, contentLabelOf, SOP_CLASSES, type ContentKind } from '@longview/content-kind';
import { isRequestCancelled, type ArchiveClient, type InstanceSummary } from '@longview/dicomweb';
import { readKeyImageSelection } from '@longview/structured-report';
import { loadRender } from '../render/loadRender';

/**
 * What a series card shows: a picture of the series (rendered by the archive, or the first
 * frame of a video decoded here), or a drawn icon of its kind with a short label. Never
 * nothing: a series no picture can represent is named by its kind.
 */
export type SeriesThumbnail =
  | {
      kind: 'image';
      url: string;
      contentKind: ContentKind;
      /** Said beside the picture where the picture alone does not tell (a video). */
      label: string | undefined;
      /** The instance pictured (a whole slide's overview or label, not its first tile). */
      sopInstanceUid: string;
    }
  | {
      kind: 'icon';
      contentKind: ContentKind;
      /** A key object selection: an SR to the viewer, a set of flagged images to a reader. */
      isKeyImages?: boolean;
      label: string;
      /** Why there is no picture where one was expected ("No preview"). */
      note: string | undefined;
    };

/** The long side of a thumbnail, in image pixels (the card shows it at 64 CSS px). */
export const THUMBNAIL_SIZE = 128;

/** A whole slide's picture, by its image type (PS3.3 C.8.12.4.1.1): overview, then label, then thumbnail level. */
const WSI_PICTURES = ['OVERVIEW', 'LABEL', 'THUMBNAIL'];

function wholeSlidePicture(instances: InstanceSummary[]): InstanceSummary | undefined {
  for (const wanted of WSI_PICTURES) {
    const found = instances.find((instance) => instance.imageType?.[2]?.toUpperCase() === wanted);
    if (found) return found;
  }
  // No associated image: the pyramid's smallest level (fewest tiles) is the whole slide, small.
  return [...instances].sort((a, b) => (a.numberOfFrames ?? 1) - (b.numberOfFrames ?? 1))[0];
}

async function renderedImage(archive: ArchiveClient, study: string, series: string, instance: InstanceSummary, kind: ContentKind, signal: AbortSignal): Promise<SeriesThumbnail> {
  try {
    const blob = await archive.retrieveThumbnail(study, series, instance.sopInstanceUid, signal);
    return { kind: 'image', url: URL.createObjectURL(blob), contentKind: kind, label: undefined, sopInstanceUid: instance.sopInstanceUid };
  } catch (error) {
    if (isRequestCancelled(error) || signal.aborted) throw error;
    return { kind: 'icon', contentKind: kind, label: contentKindName(kind), note: 'No preview' };
  }
}

async function videoImage(archive: ArchiveClient, study: string, series: string, instance: InstanceSummary, signal: AbortSignal): Promise<SeriesThumbnail> {
  const traits = { sopClassUid: instance.sopClassUid, numberOfFrames: instance.numberOfFrames };
  const stored = await archive.retrieveStoredInstance(study, series, instance.sopInstanceUid, signal);
  const render = await loadRender();
  const expected = { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance.sopInstanceUid, patientId: undefined };
  const result = await render.videoFirstFrame(stored, expected, THUMBNAIL_SIZE, signal);
  if (result.kind === 'refused') return { kind: 'icon', contentKind: 'video', label: 'Video', note: 'Not shown' };
  const label = contentLabelOf('video', { ...traits, transferSyntaxUid: result.transferSyntaxUid });
  if (result.kind === 'undecodable') return { kind: 'icon', contentKind: 'video', label, note: 'No preview here' };
  return { kind: 'image', url: URL.createObjectURL(result.blob), contentKind: 'video', label, sopInstanceUid: instance.sopInstanceUid };
}

/** How many images a key object selection flags (its own references, rejection notes none). */
async function keyImageCount(archive: ArchiveClient, study: string, series: string, signal: AbortSignal): Promise<number | undefined> {
  try {
    const selections = (await archive.retrieveSeriesMetadata(study, series, signal)).map(readKeyImageSelection);
    const flagged = new Set(selections.filter((selection) => !selection.isRejection).flatMap((selection) => selection.references.map((reference) => reference.sopInstanceUid)));
    return flagged.size;
  } catch (error) {
    if (isRequestCancelled(error) || signal.aborted) throw error;
    return undefined; // the label still says what the series is
  }
}

/**
 * The thumbnail of one series, decided by the kind of its first instance (the same rule as
 * the viewport it opens in): images through the archive's rendered JPEG, a whole slide through
 * its overview or label, a video through its first decoded frame, documents and waveforms as
 * their kind's icon and label. Undefined for a series without instances.
 */
export async function fetchSeriesThumbnail(archive: ArchiveClient, study: string, series: string, signal: AbortSignal): Promise<SeriesThumbnail | undefined> {
  const [first] = await archive.searchInstances(study, series, signal, { limit: 1 });
  if (!first) return undefined;
  const traits = { sopClassUid: first.sopClassUid, numberOfFrames: first.numberOfFrames };
  const kind = contentKindOf(traits);
  switch (kind) {
    case 'stack':
    case 'cine':
    case 'photo':
      return renderedImage(archive, study, series, first, kind, signal);
    case 'wsi': {
      const all = await archive.searchInstances(study, series, signal, { extraFields: ['00080008'] });
      return renderedImage(archive, study, series, wholeSlidePicture(all) ?? first, kind, signal);
    }
    case 'video':
      return videoImage(archive, study, series, first, signal);
    case 'sr':
      if (first.sopClassUid === SOP_CLASSES.keyObjectSelection) {
        const count = await keyImageCount(archive, study, series, signal);
        return { kind: 'icon', contentKind: kind, isKeyImages: true, label: contentLabelOf(kind, traits, { keyImageCount: count }), note: undefined };
      }
      return { kind: 'icon', contentKind: kind, label: contentLabelOf(kind, traits), note: undefined };
    default:
      return { kind: 'icon', contentKind: kind, label: contentLabelOf(kind, traits), note: undefined };
  }
}
