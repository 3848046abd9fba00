import type { Vector3 } from '@longview/dicom-meta';
import { dot, SAME_PLACE_MM } from '../geometry';
import type { ImageSeriesGeometry } from '../imageSeries';
import { frameOfReferenceDiffers, referencedSeriesMissing, type FrameOfReferenceDiffers, type ReferencedSeriesMissing } from '../seriesProblems';
import type { Roi, StructureSet } from './model';
import { roiSlices, type RoiSlice } from './roiSlices';

/**
 * What is wrong with a structure set against the study's images, each in a sentence the viewer
 * shows on it. An 'error' means its contours are not drawn (the images still are); a 'note' is
 * shown beside them.
 */
export type StructureSetProblem =
  | ReferencedSeriesMissing
  | FrameOfReferenceDiffers
  | { readonly kind: 'contours-on-unknown-images'; readonly severity: 'note'; readonly contourCount: number; readonly message: string };

/** Where an ROI lies on the referenced series: how many slices it spans and the image to jump to. */
export interface RoiPlacement {
  readonly roiNumber: number;
  readonly sliceCount: number;
  /** The series image of the ROI's centre plane; undefined when no image of the series lies on it. */
  readonly centreSopInstanceUid: string | undefined;
}

export interface StructureSetCheck {
  readonly referencedSeries: ImageSeriesGeometry | undefined;
  readonly problems: readonly StructureSetProblem[];
  /** No error among the problems: the contours may be drawn. */
  readonly isShowable: boolean;
  /** One per ROI, in the structure set's order; empty when the referenced series is missing. */
  readonly rois: readonly RoiPlacement[];
}

/**
 * A structure set against the image series of its study. Contours are coordinates in the frame
 * of reference (PS3.3 C.8.8.6), so contours that name images the series does not have are still
 * drawn where they lie, with a note, and each ROI's centre is found by plane when its named
 * image is unknown. A different frame of reference is an error: the coordinates would not mean
 * the same place.
 */
export function checkStructureSet(structureSet: StructureSet, studySeries: readonly ImageSeriesGeometry[]): StructureSetCheck {
  const referencedSeries = studySeries.find((series) => series.seriesInstanceUid === structureSet.referencedSeriesUid);
  if (!referencedSeries) {
    return { referencedSeries, problems: [referencedSeriesMissing('structure set', structureSet.referencedSeriesUid)], isShowable: false, rois: [] };
  }
  const problems: StructureSetProblem[] = [];
  const otherFrame = frameOfReferenceDiffers('structure set', structureSet.frameOfReferenceUid, referencedSeries, 'its contours');
  if (otherFrame) problems.push(otherFrame);
  const known = new Set(referencedSeries.instances.map((instance) => instance.sopInstanceUid));
  const contours = structureSet.rois.flatMap((roi) => roi.contours);
  const unknown = contours.filter((contour) => contour.referencedSopInstanceUid !== undefined && !known.has(contour.referencedSopInstanceUid)).length;
  if (unknown > 0) {
    const message = `${unknown} of its ${contours.length} contours name images that are not in the series it was drawn on; they are drawn where their coordinates lie.`;
    problems.push({ kind: 'contours-on-unknown-images', severity: 'note', contourCount: unknown, message });
  }
  const rois = structureSet.rois.map((roi) => placeRoi(roi, referencedSeries, known));
  return { referencedSeries, problems, isShowable: problems.every((problem) => problem.severity !== 'error'), rois };
}

function placeRoi(roi: Roi, series: ImageSeriesGeometry, known: ReadonlySet<string>): RoiPlacement {
  const slices = roiSlices(roi);
  if (!slices) return { roiNumber: roi.number, sliceCount: 0, centreSopInstanceUid: undefined };
  return { roiNumber: roi.number, sliceCount: slices.count, centreSopInstanceUid: imageOfSlice(slices.centre, slices.normal, series, known) };
}

/** The series image a contour plane lies on: the one its contour names when the series has it, else the one in that plane. */
function imageOfSlice(slice: RoiSlice, normal: Vector3, series: ImageSeriesGeometry, known: ReadonlySet<string>): string | undefined {
  if (slice.referencedSopInstanceUid !== undefined && known.has(slice.referencedSopInstanceUid)) return slice.referencedSopInstanceUid;
  const offset = dot(slice.pointOnPlane, normal);
  return series.instances.find((instance) => instance.imagePositionPatient && Math.abs(dot(instance.imagePositionPatient, normal) - offset) <= SAME_PLACE_MM)?.sopInstanceUid;
}
