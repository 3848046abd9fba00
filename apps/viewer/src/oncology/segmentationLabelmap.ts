import type { Segmentation } from '@longview/segmentation';
import type { StackImage } from '../series/seriesStack';

/**
 * A SEG's frames as one labelmap per stack image: each pixel holds the number of the segment it
 * is in (0 none). Frames are placed by the image they name (Derivation Image); the SEG was
 * checked against the series first (checkSegmentation), so a frame naming no image of the stack
 * is not expected and is left out rather than guessed. Where segments overlap (a note the panel
 * shows) the later segment's number wins on the shared pixels; the volumes, from the SEG itself,
 * stay each segment's own.
 */
export function labelmapSlicesOf(segmentation: Segmentation, images: readonly StackImage[]): Map<number, Uint8Array> {
  const indexBySop = new Map<string, number>();
  images.forEach((image, index) => {
    if (image.frame === 1 && !indexBySop.has(image.sopInstanceUid)) indexBySop.set(image.sopInstanceUid, index);
  });
  const slices = new Map<number, Uint8Array>();
  for (const frame of segmentation.frames) {
    const index = frame.referencedSopInstanceUid === undefined ? undefined : indexBySop.get(frame.referencedSopInstanceUid);
    if (index === undefined) continue;
    let labels = slices.get(index);
    if (!labels) {
      labels = new Uint8Array(segmentation.rows * segmentation.columns);
      slices.set(index, labels);
    }
    const { mask, segmentNumber } = frame;
    for (let pixel = 0; pixel < mask.length; pixel++) if (mask[pixel]) labels[pixel] = segmentNumber;
  }
  return slices;
}

/** The stack index of an image of the series by its SOP Instance UID (its first frame), or undefined. */
export function stackIndexOf(images: readonly StackImage[], sopInstanceUid: string | undefined): number | undefined {
  if (!sopInstanceUid) return undefined;
  const index = images.findIndex((image) => image.sopInstanceUid === sopInstanceUid);
  return index < 0 ? undefined : index;
}
