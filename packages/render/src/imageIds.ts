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
  registeredBeforeLoaderStart?.set(imageId, metadata);
  const waiting = metadataWaiters.get(imageId);
  metadataWaiters.delete(imageId);
  for (const resolve of waiting ?? []) resolve();
}

/**
 * What was registered before the image loader started: its start (`init`, registerLoaders)
 * empties the metadata manager, so anything a viewport registered while the engine was still
 * starting (a fusion cell beside stacks that started it) would be lost, and its volume fail on
 * a slice without metadata. Undefined once the loader has started.
 */
let registeredBeforeLoaderStart: Map<string, DicomJson> | undefined = new Map();

/** Called right after the image loader starts: puts back what its start emptied, and stops keeping copies. */
export function restoreMetadataAfterLoaderStart(): void {
  const registered = registeredBeforeLoaderStart;
  registeredBeforeLoaderStart = undefined;
  for (const [imageId, metadata] of registered ?? []) wadors.metaDataManager.add(imageId, metadata as never);
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
