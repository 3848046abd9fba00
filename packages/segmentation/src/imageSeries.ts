import { getNumber, getNumbers, getString, type DicomJson, type Vector3 } from '@longview/dicom-meta';

/**
 * What a SEG or an RTSTRUCT is checked against: one image series of the study, as its instances'
 * metadata say. Plain data, so the viewer builds it from the metadata it already holds
 * (imageSeriesGeometry) and a test writes it by hand.
 */
export interface ImageSeriesGeometry {
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string | undefined;
  /** The images' matrix; undefined when the metadata does not say. */
  readonly rows: number | undefined;
  readonly columns: number | undefined;
  readonly instances: readonly ImageInstance[];
}

export interface ImageInstance {
  readonly sopInstanceUid: string;
  /** The image's top-left pixel centre in patient coordinates (mm); undefined when the metadata does not say. */
  readonly imagePositionPatient: Vector3 | undefined;
}

/**
 * A series' geometry from its instances' DICOM JSON metadata (WADO-RS): undefined for no
 * instances or no SeriesInstanceUID. Rows and columns are the first instance's; instances
 * without a SOP Instance UID are left out, as nothing could reference them.
 */
export function imageSeriesGeometry(metadata: readonly DicomJson[]): ImageSeriesGeometry | undefined {
  const [first] = metadata;
  const seriesInstanceUid = first && getString(first, 'SeriesInstanceUID');
  if (!first || !seriesInstanceUid) return undefined;
  return {
    seriesInstanceUid,
    frameOfReferenceUid: getString(first, 'FrameOfReferenceUID'),
    rows: getNumber(first, 'Rows'),
    columns: getNumber(first, 'Columns'),
    instances: metadata.flatMap((json) => {
      const sopInstanceUid = getString(json, 'SOPInstanceUID');
      if (!sopInstanceUid) return [];
      const position = getNumbers(json, 'ImagePositionPatient');
      const imagePositionPatient: Vector3 | undefined = position?.length === 3 ? [position[0] as number, position[1] as number, position[2] as number] : undefined;
      return [{ sopInstanceUid, imagePositionPatient }];
    }),
  };
}
