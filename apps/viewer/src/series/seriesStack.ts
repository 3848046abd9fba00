import { getString, orderStack, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, InstanceSummary } from '@longview/dicomweb';
import { registerInstanceMetadata, wadorsImageId } from '@longview/render';

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

function registerInstance(images: readonly StackImage[], sopInstanceUid: string, metadata: DicomJson): void {
  for (const image of images) {
    if (image.sopInstanceUid === sopInstanceUid) registerInstanceMetadata(image.imageId, metadata);
  }
}

/**
 * The first-image path: ask only for what the first image needs — the instance list
 * (ordering, from the archive's index) and the first instance's metadata — so the viewer can
 * show it while the rest of the series' metadata and pixels stream in afterwards.
 */
export async function openSeriesStack(archive: ArchiveClient, study: string, series: string, signal: AbortSignal): Promise<SeriesStack> {
  const instances = orderStack(await archive.searchInstances(study, series, signal));
  const first = instances[0];
  if (!first) throw new EmptySeries();
  const images = imagesOf(archive, study, series, instances);
  const firstMetadata = await archive.retrieveInstanceMetadata(study, series, first.sopInstanceUid, signal);
  registerInstance(images, first.sopInstanceUid, firstMetadata);
  return { images, instances, firstMetadata };
}

/**
 * The rest of the series' metadata in one WADO-RS request, registered per instance.
 * Returns metadata keyed by SOP Instance UID for the overlay.
 */
export async function completeSeriesMetadata(
  archive: ArchiveClient,
  study: string,
  series: string,
  stack: SeriesStack,
  signal: AbortSignal,
): Promise<Map<string, DicomJson>> {
  const all = await archive.retrieveSeriesMetadata(study, series, signal);
  const bySop = new Map<string, DicomJson>();
  for (const metadata of all) {
    const sop = getString(metadata, 'SOPInstanceUID');
    if (!sop) continue;
    bySop.set(sop, metadata);
    registerInstance(stack.images, sop, metadata);
  }
  return bySop;
}

export class EmptySeries extends Error {
  constructor() {
    super('This series has no images.');
    this.name = 'EmptySeries';
  }
}
