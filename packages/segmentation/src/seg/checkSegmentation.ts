import { distance, SAME_PLACE_MM } from '../geometry';
import type { ImageInstance, ImageSeriesGeometry } from '../imageSeries';
import { frameOfReferenceDiffers, notShown, referencedSeriesMissing, type FrameOfReferenceDiffers, type ReferencedSeriesMissing } from '../seriesProblems';
import type { Segmentation, SegmentationFrame } from './model';
import { segmentOverlap } from './segmentOverlap';

/**
 * What is wrong with a SEG against the study's images, each in a sentence the viewer shows on
 * the SEG. An 'error' means the overlay and its numbers are not shown (the images still are);
 * a 'note' is shown beside them.
 */
export type SegmentationProblem =
  | ReferencedSeriesMissing
  | FrameOfReferenceDiffers
  | {
      readonly kind: 'dimensions-differ';
      readonly severity: 'error';
      readonly segmentation: { readonly rows: number; readonly columns: number };
      readonly images: { readonly rows: number | undefined; readonly columns: number | undefined };
      readonly message: string;
    }
  | { readonly kind: 'frames-on-unknown-images'; readonly severity: 'error'; readonly frameCount: number; readonly message: string }
  | { readonly kind: 'frames-misplaced'; readonly severity: 'error'; readonly frameCount: number; readonly message: string }
  | { readonly kind: 'fractional-partial'; readonly severity: 'error'; readonly partialVoxelCount: number; readonly message: string }
  | { readonly kind: 'fractional-shown-as-binary'; readonly severity: 'note'; readonly message: string }
  | { readonly kind: 'segments-overlap'; readonly severity: 'note'; readonly segmentNumbers: readonly number[]; readonly voxelCount: number; readonly message: string };

export interface SegmentationCheck {
  /** The series the SEG was drawn on, when the study has it. */
  readonly referencedSeries: ImageSeriesGeometry | undefined;
  readonly problems: readonly SegmentationProblem[];
  /** No error among the problems: the overlay and its numbers may be shown. */
  readonly isShowable: boolean;
}

const NOT_SHOWN = notShown('segmentation');

/**
 * A SEG against the image series of its study (any order; the one it names is looked up).
 * FRACTIONAL: a SEG whose every voxel is 0 or the maximum is binary in all but name and is
 * shown, with a note; one with partial voxels is not, since its extent and volume would depend
 * on a threshold the author did not give, and a wrong volume is worse than none.
 */
export function checkSegmentation(segmentation: Segmentation, studySeries: readonly ImageSeriesGeometry[]): SegmentationCheck {
  const referencedSeries = studySeries.find((series) => series.seriesInstanceUid === segmentation.referencedSeriesUid);
  const problems: SegmentationProblem[] = [...seriesProblems(segmentation, referencedSeries), ...encodingProblems(segmentation)];
  return { referencedSeries, problems, isShowable: problems.every((problem) => problem.severity !== 'error') };
}

function seriesProblems(segmentation: Segmentation, series: ImageSeriesGeometry | undefined): SegmentationProblem[] {
  if (!series) return [referencedSeriesMissing('segmentation', segmentation.referencedSeriesUid)];
  const problems: SegmentationProblem[] = [];
  const otherFrame = frameOfReferenceDiffers('segmentation', segmentation.frameOfReferenceUid, series, 'its voxels');
  if (otherFrame) problems.push(otherFrame);
  if (segmentation.rows !== series.rows || segmentation.columns !== series.columns) {
    problems.push({
      kind: 'dimensions-differ',
      severity: 'error',
      segmentation: { rows: segmentation.rows, columns: segmentation.columns },
      images: { rows: series.rows, columns: series.columns },
      message: `${NOT_SHOWN} its frames are ${segmentation.columns} × ${segmentation.rows} pixels but its images are ${series.columns ?? '?'} × ${series.rows ?? '?'}.`,
    });
  }
  // Where each frame lies only means something once the grids agree: one message at a time.
  return problems.length > 0 ? problems : framePlacementProblems(segmentation, series);
}

/** The image a frame lies on: the one it names, else (naming none) the one at its position. */
function imageOfFrame(frame: SegmentationFrame, series: ImageSeriesGeometry, byUid: ReadonlyMap<string, ImageInstance>): ImageInstance | undefined {
  if (frame.referencedSopInstanceUid !== undefined) return byUid.get(frame.referencedSopInstanceUid);
  return series.instances.find((instance) => instance.imagePositionPatient && distance(instance.imagePositionPatient, frame.imagePositionPatient) <= SAME_PLACE_MM);
}

function framePlacementProblems(segmentation: Segmentation, series: ImageSeriesGeometry): SegmentationProblem[] {
  const byUid = new Map(series.instances.map((instance) => [instance.sopInstanceUid, instance]));
  let [unknown, misplaced] = [0, 0];
  for (const frame of segmentation.frames) {
    const image = imageOfFrame(frame, series, byUid);
    if (!image) unknown += 1;
    else if (image.imagePositionPatient && distance(image.imagePositionPatient, frame.imagePositionPatient) > SAME_PLACE_MM) misplaced += 1;
  }
  const total = segmentation.frames.length;
  const problems: SegmentationProblem[] = [];
  if (unknown > 0) {
    const message = `${NOT_SHOWN} ${unknown} of its ${total} frames lie on images that are not in the series it was drawn on.`;
    problems.push({ kind: 'frames-on-unknown-images', severity: 'error', frameCount: unknown, message });
  }
  if (misplaced > 0) {
    const message = `${NOT_SHOWN} ${misplaced} of its ${total} frames do not lie where the images they were drawn on lie.`;
    problems.push({ kind: 'frames-misplaced', severity: 'error', frameCount: misplaced, message });
  }
  return problems;
}

function encodingProblems(segmentation: Segmentation): SegmentationProblem[] {
  const problems: SegmentationProblem[] = [];
  const { fractional } = segmentation;
  if (fractional && fractional.partialVoxelCount > 0) {
    const { partialVoxelCount } = fractional;
    const message = `${NOT_SHOWN} it is FRACTIONAL (${fractional.fractionalType.toLowerCase()} per voxel) and ${partialVoxelCount} voxels are only partly in a segment; its extent and volumes would depend on a threshold it does not give.`;
    problems.push({ kind: 'fractional-partial', severity: 'error', partialVoxelCount, message });
  } else if (fractional) {
    const message = `This segmentation is FRACTIONAL, but every voxel is either outside or certainly inside its segment, so it is shown as binary.`;
    problems.push({ kind: 'fractional-shown-as-binary', severity: 'note', message });
  }
  const overlap = segmentOverlap(segmentation);
  if (overlap.voxelCount > 0) {
    const labels = overlap.segmentNumbers.map((number) => `"${segmentation.segments.find((segment) => segment.number === number)?.label ?? number}"`);
    const message = `Segments ${joinNames(labels)} overlap in ${overlap.voxelCount} voxels; each segment's volume includes the voxels it shares.`;
    problems.push({ kind: 'segments-overlap', severity: 'note', segmentNumbers: overlap.segmentNumbers, voxelCount: overlap.voxelCount, message });
  }
  return problems;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
