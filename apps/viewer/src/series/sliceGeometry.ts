import { getNumber, getNumbers, type DicomJson } from '@longview/dicom-meta';
import type { SliceGeometry } from '@longview/render/plain';

/** What a volume needs of one slice's header (position, orientation, spacing, size); each absent part undefined. */
export function sliceGeometryOf(metadata: DicomJson | undefined): SliceGeometry {
  return {
    imagePositionPatient: metadata ? getNumbers(metadata, 'ImagePositionPatient') : undefined,
    imageOrientationPatient: metadata ? getNumbers(metadata, 'ImageOrientationPatient') : undefined,
    pixelSpacing: metadata ? getNumbers(metadata, 'PixelSpacing') : undefined,
    rows: metadata ? getNumber(metadata, 'Rows') : undefined,
    columns: metadata ? getNumber(metadata, 'Columns') : undefined,
  };
}
