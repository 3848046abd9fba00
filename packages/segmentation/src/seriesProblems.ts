import type { ImageSeriesGeometry } from './imageSeries';

// The two ways a SEG and a structure set alike fail to fit the study's images before any frame
// or contour is looked at: the series they were drawn on is not there, or it is in another frame
// of reference. Both are errors: the object is not shown (the images still are).

/** What the messages call the object. */
export type DerivedObjectName = 'segmentation' | 'structure set';

export interface ReferencedSeriesMissing {
  readonly kind: 'referenced-series-missing';
  readonly severity: 'error';
  readonly referencedSeriesUid: string | undefined;
  readonly message: string;
}

export interface FrameOfReferenceDiffers {
  readonly kind: 'frame-of-reference-differs';
  readonly severity: 'error';
  /** The object's own. */
  readonly frameOfReferenceUid: string | undefined;
  readonly imagesFrameOfReferenceUid: string | undefined;
  readonly message: string;
}

/** "This segmentation is not shown:", the start of every error's sentence. */
export const notShown = (object: DerivedObjectName) => `This ${object} is not shown:`;

export function referencedSeriesMissing(object: DerivedObjectName, referencedSeriesUid: string | undefined): ReferencedSeriesMissing {
  const message = referencedSeriesUid
    ? `${notShown(object)} the series it was drawn on is not in this study.`
    : `${notShown(object)} it does not say which series it was drawn on.`;
  return { kind: 'referenced-series-missing', severity: 'error', referencedSeriesUid, message };
}

/** The problem when the object's frame of reference is not its images'; `what` names what would then not lie on them ("its voxels"). */
export function frameOfReferenceDiffers(
  object: DerivedObjectName,
  frameOfReferenceUid: string | undefined,
  series: ImageSeriesGeometry,
  what: string,
): FrameOfReferenceDiffers | undefined {
  if (frameOfReferenceUid === series.frameOfReferenceUid) return undefined;
  const message = `${notShown(object)} it is in another frame of reference than the images it was drawn on, so ${what} would not lie on them.`;
  return { kind: 'frame-of-reference-differs', severity: 'error', frameOfReferenceUid, imagesFrameOfReferenceUid: series.frameOfReferenceUid, message };
}
