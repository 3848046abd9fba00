import { useEffect, useRef } from 'react';
import { getNumbers } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { FusionViewState, LabelmapOverlay } from '@longview/render';
import type { SeriesStack } from '../series/seriesStack';
import { lookOf, useSegmentationStore, type SegmentationLook } from './segmentationStore';
import { useOverlaysOnSeries } from './useSegmentationOverlay';

type Affine = [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * Where the CT slice's pixels fall on the fusion's canvas: the image's pixel grid (column, row)
 * through its plane (position, orientation, spacing) into patient space, then through the
 * fusion's own canvas map. An affine map, for the canvas's setTransform; undefined without geometry.
 */
function pixelToCanvas(stack: SeriesStack, imageIndex: number, view: FusionViewState): Affine | undefined {
  const position = stack.instances[imageIndex]?.imagePositionPatient;
  const orientation = getNumbers(stack.firstMetadata, 'ImageOrientationPatient');
  const spacing = getNumbers(stack.firstMetadata, 'PixelSpacing');
  if (position?.length !== 3 || orientation?.length !== 6 || spacing?.length !== 2) return undefined;
  const [rowSpacing, columnSpacing] = spacing as [number, number];
  const canvasOf = (world: readonly number[]): [number, number] => {
    const [x, y] = view.canvasOfFocalPoint;
    return [0, 1, 2].reduce<[number, number]>((canvas, axis) => {
      const mm = (world[axis] as number) - (view.focalPoint[axis] as number);
      const [perX, perY] = view.canvasPerMm[axis] as [number, number];
      return [canvas[0] + perX * mm, canvas[1] + perY * mm];
    }, [x, y]);
  };
  const worldOf = (column: number, row: number) => [0, 1, 2].map((axis) => (position[axis] as number) + column * columnSpacing * (orientation[axis] as number) + row * rowSpacing * (orientation[axis + 3] as number));
  // A pixel spans its centre ± ½: the drawn image's origin is the first pixel's outer corner.
  const origin = canvasOf(worldOf(-0.5, -0.5));
  const alongColumns = canvasOf(worldOf(0.5, -0.5));
  const alongRows = canvasOf(worldOf(-0.5, 0.5));
  return [alongColumns[0] - origin[0], alongColumns[1] - origin[1], alongRows[0] - origin[0], alongRows[1] - origin[1], origin[0], origin[1]];
}

/** One labelmap slice as RGBA in its segments' colours, hidden segments left clear. */
function labelmapPicture(labels: Uint8Array, overlay: LabelmapOverlay, look: SegmentationLook, columns: number, rows: number): ImageData {
  const picture = new ImageData(columns, rows);
  const colours = new Map(overlay.segments.filter((segment) => !look.hidden.includes(segment.number)).map((segment) => [segment.number, segment.rgb]));
  const alpha = Math.round(look.opacity * 255);
  for (let pixel = 0; pixel < labels.length; pixel++) {
    const rgb = colours.get(labels[pixel] as number);
    if (!rgb) continue;
    picture.data.set([rgb[0], rgb[1], rgb[2], alpha], pixel * 4);
  }
  return picture;
}

/**
 * The study's segmentations over the fusion's CT slice, in their own colours at the list's
 * opacity. Drawn on a canvas of its own above the fusion's two layers: the upper layer's CSS
 * opacity is the PET's (render/fusion.ts), and a labelmap inside either layer would be faded
 * by it or hidden under it.
 */
export function FusionLabelmap({ archive, studyUid, ctSeriesUid, ctStack, view }: { archive: ArchiveClient; studyUid: string; ctSeriesUid: string; ctStack: SeriesStack | undefined; view: FusionViewState | undefined }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlays = useOverlaysOnSeries(archive, studyUid, ctSeriesUid, ctStack);
  const looks = useSegmentationStore((state) => state.looks);
  const rows = getNumbers(ctStack?.firstMetadata ?? {}, 'Rows')?.[0];
  const columns = getNumbers(ctStack?.firstMetadata ?? {}, 'Columns')?.[0];
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    canvas.width = canvas.clientWidth;
    canvas.height = canvas.clientHeight;
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!view || !ctStack || !rows || !columns) return;
    const transform = pixelToCanvas(ctStack, view.imageIndex, view);
    if (!transform) return;
    const scratch = new OffscreenCanvas(columns, rows);
    const scratchContext = scratch.getContext('2d');
    if (!scratchContext) return;
    context.imageSmoothingEnabled = false;
    for (const overlay of overlays) {
      const labels = overlay.slices.get(view.imageIndex);
      if (!labels) continue;
      scratchContext.putImageData(labelmapPicture(labels, overlay, lookOf(looks, overlay.segmentationId), columns, rows), 0, 0);
      context.setTransform(...transform);
      context.drawImage(scratch, 0, 0);
      context.setTransform(1, 0, 0, 1, 0, 0);
    }
  }, [overlays, looks, view, ctStack, rows, columns]);
  if (overlays.length === 0) return null;
  return <canvas ref={canvasRef} className="fusion-labelmap" data-testid="fusion-labelmap" data-segmentations={overlays.length} aria-hidden="true" />;
}
