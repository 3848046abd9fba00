/**
 * The overlay's image position: "Im n/N", or "Fr n/N" within a multi-frame instance. N counts
 * the images that exist: the viewer's stack, or, when the only image of a series failed to
 * decode and the viewer holds no stack (0 images), the series' own (`stackSize`): the reader
 * is looking at that image's error, image 1 of 1, not 1 of 0.
 */
export function imageNumberText(position: { imageIndex: number; frame: number | undefined; viewerImageCount: number; stackSize: number; isMultiframe: boolean }): string {
  const { imageIndex, frame, viewerImageCount, stackSize, isMultiframe } = position;
  if (isMultiframe) return `Fr ${frame ?? imageIndex + 1}/${stackSize}`;
  return `Im ${imageIndex + 1}/${viewerImageCount > 0 ? viewerImageCount : stackSize}`;
}
