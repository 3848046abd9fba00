import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { DicomJson } from '@longview/dicom-meta';

export { wadorsImageId } from './ids';

/**
 * Registers an instance's DICOM JSON metadata for an image id. The WADO-RS loader needs it
 * before the frame is fetched (transfer syntax, pixel module, geometry), so callers register
 * first and load second.
 */
export function registerInstanceMetadata(imageId: string, metadata: DicomJson): void {
  wadors.metaDataManager.add(imageId, metadata as never);
  const waiting = metadataWaiters.get(imageId);
  metadataWaiters.delete(imageId);
  for (const resolve of waiting ?? []) resolve();
}

/** Loads waiting for an image's metadata, by image id. */
const metadataWaiters = new Map<string, Array<() => void>>();

/**
 * Resolves once the image's metadata is registered (at once if it is). A stack shows its
 * first image with only that image's metadata; a slice asked for before the rest arrives
 * (a key pressed early, a shared view) waits for it rather than failing to decode.
 */
export function whenMetadataRegistered(imageId: string): Promise<void> {
  if (getRegisteredMetadata(imageId) !== undefined) return Promise.resolve();
  return new Promise((resolve) => {
    metadataWaiters.set(imageId, [...(metadataWaiters.get(imageId) ?? []), resolve]);
  });
}

export function getRegisteredMetadata(imageId: string): DicomJson | undefined {
  return wadors.metaDataManager.get(imageId) as DicomJson | undefined;
}
