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
}

export function getRegisteredMetadata(imageId: string): DicomJson | undefined {
  return wadors.metaDataManager.get(imageId) as DicomJson | undefined;
}
