import type { MutableRefObject } from 'react';
import type { StackViewer } from '@longview/render';
import type { SharedAnnotation, SharedCell } from '@longview/shared-view';
import { loadedRender, loadRender } from '../../render/loadRender';
import type { ViewportCapture } from '../../viewport/viewportCaptures';
import { goToImage } from './imageNavigation';

/** What a stack viewport shows now, in the shared form. */
export function captureStackViewport(viewer: StackViewer, imageIds: readonly string[], cineFramesPerSecond: number): ViewportCapture {
  const state = viewer.state();
  const presentation = viewer.presentation();
  const annotations: SharedAnnotation[] = (loadedRender()?.measurementsOnStack(imageIds) ?? []).map((m) => ({
    kind: m.kind,
    image: m.imageIndex,
    points: m.points,
    ...(m.label ? { label: m.label.slice(0, 64) } : {}),
  }));
  return {
    image: state.imageIndex,
    ...(state.window ? { window: { center: state.window.center, width: state.window.width } } : {}),
    ...(state.isInverted ? { invert: true } : {}),
    zoom: presentation.zoom,
    pan: presentation.pan,
    rotation: presentation.rotation,
    ...(presentation.flipHorizontal ? { flipHorizontal: true } : {}),
    ...(presentation.flipVertical ? { flipVertical: true } : {}),
    ...(viewer.isPlaying ? { cine: { isPlaying: true, framesPerSecond: cineFramesPerSecond } } : {}),
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

/**
 * Makes a stack viewport show a shared cell: slice, window, inversion, camera, cine and
 * measurements. Measurements are redrawn only when they changed since the last shared view
 * (`lastMeasurements` keeps that), so following a presenter who scrolls does not redraw them.
 *
 * `isSuperseded` says a newer shared view has come meanwhile: an application still waiting for
 * its slice must then stop there, or it would set its older window over the newer one's.
 */
export async function applySharedCell(
  viewer: StackViewer,
  viewportId: string,
  imageIds: readonly string[],
  cell: SharedCell,
  lastMeasurements: MutableRefObject<string | undefined>,
  isSuperseded: () => boolean = () => false,
): Promise<void> {
  const render = await loadRender();
  if (isSuperseded()) return;
  if (cell.cine?.isPlaying) {
    if (!viewer.isPlaying) viewer.startCine(cell.cine.framesPerSecond);
  } else {
    if (viewer.isPlaying) viewer.stopCine();
    if (viewer.state().imageIndex !== cell.image) await goToImage(viewer, cell.image);
    if (isSuperseded()) return;
  }
  if (cell.window) viewer.setWindow({ center: cell.window.center, width: cell.window.width });
  if (viewer.state().isInverted !== (cell.invert ?? false)) viewer.setInverted(cell.invert ?? false);
  viewer.applyPresentation({
    zoom: cell.zoom ?? 1,
    pan: cell.pan ? [cell.pan[0], cell.pan[1]] : [0, 0],
    rotation: cell.rotation ?? 0,
    flipHorizontal: cell.flipHorizontal ?? false,
    flipVertical: cell.flipVertical ?? false,
  });
  const measurements = (cell.annotations ?? []).map((a) => ({ kind: a.kind, imageIndex: a.image, points: a.points.map((p): [number, number, number] => [p[0], p[1], p[2]]), ...(a.label ? { label: a.label } : {}) }));
  const text = JSON.stringify(measurements);
  if (text !== lastMeasurements.current) {
    lastMeasurements.current = text;
    await render.replaceMeasurementsOnStack(viewportId, imageIds, measurements);
  }
}
