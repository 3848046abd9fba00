import { getString, orderStack, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, InstanceSummary } from '@longview/dicomweb';
import { wadorsImageId } from '@longview/render/ids';
import { adoptOrAsk, takeEarlyInstanceMetadata, takeEarlySeriesMetadata } from '../boot/earlyOpen';

/** One displayable image of a series: an instance, or one frame of a multi-frame instance. */
export interface StackImage {
  imageId: string;
  sopInstanceUid: string;
  frame: number;
  instanceNumber: number | undefined;
}

export interface SeriesStack {
  images: StackImage[];
  /** The QIDO instance list, in display order. */
  instances: InstanceSummary[];
  /** Metadata of the first instance, for the overlay until the rest arrives. */
  firstMetadata: DicomJson;
}

export function imagesOf(archive: ArchiveClient, study: string, series: string, instances: readonly InstanceSummary[]): StackImage[] {
  return instances.flatMap((instance) => {
    const frames = Math.max(1, instance.numberOfFrames ?? 1);
    return Array.from({ length: frames }, (_, k) => ({
      imageId: wadorsImageId(archive.frameUrl(study, series, instance.sopInstanceUid, k + 1)),
      sopInstanceUid: instance.sopInstanceUid,
      frame: k + 1,
      instanceNumber: instance.instanceNumber,
    }));
  });
}

/** Registers metadata with the renderer, which needs it before it can load an image. */
export type RegisterMetadata = (imageId: string, metadata: DicomJson) => void;

/** Hands each instance's metadata to the renderer under the image ids of all its frames. */
export function registerSeriesMetadata(
  register: RegisterMetadata,
  images: readonly StackImage[],
  metadataBySop: ReadonlyMap<string, DicomJson>,
): void {
  for (const image of images) {
    const metadata = metadataBySop.get(image.sopInstanceUid);
    if (metadata) register(image.imageId, metadata);
  }
}

/** Hands the first instance's metadata to the renderer: all the first image needs. */
export function registerFirstInstance(register: RegisterMetadata, stack: SeriesStack): void {
  const first = stack.instances[0];
  if (first) registerSeriesMetadata(register, stack.images, new Map([[first.sopInstanceUid, stack.firstMetadata]]));
}

/**
 * The first-image path: ask only for what the first image needs — the instance list
 * (ordering, from the archive's index) and the first instance's metadata — so the viewer can
 * show it while the rest of the series' metadata and pixels stream in afterwards.
 */
export async function openSeriesStack(
  archive: ArchiveClient,
  study: string,
  series: string,
  signal: AbortSignal,
  // The content dispatcher has usually fetched the list already (series/seriesInstances.ts).
  listInstances: () => Promise<InstanceSummary[]> = async () => orderStack(await archive.searchInstances(study, series, signal)),
): Promise<SeriesStack> {
  const instances = await listInstances();
  const first = instances[0];
  if (!first) throw new EmptySeries();
  const images = imagesOf(archive, study, series, instances);
  const sop = first.sopInstanceUid;
  const firstMetadata = await adoptOrAsk(
    takeEarlyInstanceMetadata({ archiveId: archive.id, study, series }, sop),
    (answer) => archive.instanceMetadataOf(answer, signal),
    () => archive.retrieveInstanceMetadata(study, series, sop, signal),
  );
  return { images, instances, firstMetadata };
}

/** The rest of the series' metadata in one WADO-RS request (or the boot script's), keyed by SOP Instance UID. */
export async function completeSeriesMetadata(archive: ArchiveClient, study: string, series: string, signal: AbortSignal): Promise<Map<string, DicomJson>> {
  const all = await adoptOrAsk(
    takeEarlySeriesMetadata({ archiveId: archive.id, study, series }),
    (answer) => archive.seriesMetadataOf(answer, signal),
    () => archive.retrieveSeriesMetadata(study, series, signal),
  );
  const bySop = new Map<string, DicomJson>();
  for (const metadata of all) {
    const sop = getString(metadata, 'SOPInstanceUID');
    if (sop) bySop.set(sop, metadata);
  }
  return bySop;
}

export class EmptySeries extends Error {
  constructor() {
    super('This series has no images.');
    this.name = 'EmptySeries';
  }
}
