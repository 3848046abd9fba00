import { Enums, cache, imageLoader } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import { loadTools } from './tools';

/**
 * A segmentation drawn over a stack as a labelmap (issue 27): Cornerstone's segmentation state
 * and its labelmap rendering, fed with masks the app has already read from the DICOM SEG
 * (@longview/segmentation). One labelmap image per stack image (run-length encoded), derived from
 * it so it shares its plane; the SEG's frames are matched to the stack's images by the app, not here.
 */
export interface LabelmapOverlay {
  /** Unique per SEG instance: its SOP Instance UID. */
  segmentationId: string;
  /** The stack's image ids, in stack order. */
  imageIds: readonly string[];
  /** Per stack image that holds any segment: the segment number of each pixel (0 none), row by row. */
  slices: ReadonlyMap<number, Uint8Array>;
  /** Each segment's number and display colour (sRGB 0–255). */
  segments: ReadonlyArray<{ number: number; label: string; rgb: readonly [number, number, number] }>;
}

/** How the labelmap is drawn: the fill's opacity (0–1) and the segments hidden. */
export interface LabelmapLook {
  opacity: number;
  hidden: ReadonlySet<number>;
}

const labelmapImageId = (segmentationId: string, index: number) => `longview-labelmap:${segmentationId}:${index}`;

/**
 * The labelmap images of a segmentation, made once and shared by every viewport that shows it.
 * Cornerstone's stack labelmap wants one per stack image, in stack order (it pairs them by
 * index), so each is kept run-length encoded: a 512² CT of 500 slices with a tumour on 20 would
 * otherwise hold 500 labelmaps of 256 KiB each, 480 of them empty.
 */
export function labelmapImagesOf(overlay: LabelmapOverlay): string[] {
  return overlay.imageIds.map((referencedImageId, index) => {
    const imageId = labelmapImageId(overlay.segmentationId, index);
    if (cache.getImage(imageId)) return imageId;
    const image = imageLoader.createAndCacheDerivedLabelmapImage(referencedImageId, { imageId, voxelRepresentation: Enums.VoxelManagerEnum.RLE });
    const labels = overlay.slices.get(index);
    if (labels) {
      const { voxelManager } = image;
      if (labels.length !== image.rows * image.columns) {
        throw new Error(`The segmentation's slice ${index + 1} has ${labels.length} pixels; its image has ${image.rows * image.columns}.`);
      }
      if (!voxelManager) throw new Error('Cornerstone made a labelmap image without its voxels.');
      labels.forEach((segment, at) => {
        if (segment !== 0) voxelManager.setAtIndex(at, segment);
      });
    }
    return imageId;
  });
}

/**
 * Shows the segmentation over the stack viewport `viewportId` in the SEG's own colours. The
 * labelmap is registered once per segmentation; calling again for another viewport shares it.
 */
export async function showLabelmapOnStack(viewportId: string, overlay: LabelmapOverlay, look: LabelmapLook): Promise<void> {
  const tools = await loadTools();
  const { segmentation, Enums } = tools;
  const type = Enums.SegmentationRepresentations.Labelmap;
  if (!segmentation.state.getSegmentation(overlay.segmentationId)) {
    segmentation.addSegmentations([
      {
        segmentationId: overlay.segmentationId,
        representation: { type, data: { imageIds: labelmapImagesOf(overlay) } },
        // Every segment named up front: Cornerstone hides or colours only the segments it knows.
        config: { segments: Object.fromEntries(overlay.segments.map((segment) => [segment.number, { segmentIndex: segment.number, label: segment.label }])) },
      },
    ]);
  }
  const shown = segmentation.state.getSegmentationRepresentations(viewportId, { segmentationId: overlay.segmentationId });
  if (shown.length === 0) await segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId: overlay.segmentationId }]);
  for (const segment of overlay.segments) {
    segmentation.config.color.setSegmentIndexColor(viewportId, overlay.segmentationId, segment.number, [...segment.rgb, 255] as Types.Color);
  }
  await setLabelmapLook(viewportId, overlay, look);
}

/** Applies the opacity and which segments are hidden, and draws. */
export async function setLabelmapLook(viewportId: string, overlay: Pick<LabelmapOverlay, 'segmentationId' | 'segments'>, look: LabelmapLook): Promise<void> {
  const { segmentation, Enums } = await loadTools();
  const specifier = { segmentationId: overlay.segmentationId, type: Enums.SegmentationRepresentations.Labelmap };
  // Active or not (a viewport's first segmentation is its active one), the same look. The
  // outline is a little stronger than the fill, so a segment stays findable under a faint fill,
  // and goes with it at 0: the reader's "opacity 0" means the CT alone.
  const outlineOpacity = Math.min(1, look.opacity * 1.6);
  segmentation.config.style.setStyle(
    { viewportId, ...specifier },
    { fillAlpha: look.opacity, fillAlphaInactive: look.opacity, renderOutline: true, renderOutlineInactive: true, outlineOpacity, outlineOpacityInactive: outlineOpacity },
  );
  for (const segment of overlay.segments) {
    segmentation.config.visibility.setSegmentIndexVisibility(viewportId, specifier, segment.number, !look.hidden.has(segment.number));
  }
}

/** Takes the segmentation off one viewport; its labelmap stays for the others. */
export async function removeLabelmapFromViewport(viewportId: string, segmentationId: string): Promise<void> {
  const { segmentation } = await loadTools();
  segmentation.removeSegmentationRepresentations(viewportId, { segmentationId });
}
