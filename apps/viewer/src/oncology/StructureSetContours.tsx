import { useEffect, useMemo, useReducer } from 'react';
import { getNumbers, sliceNormal } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { StackViewer } from '@longview/render';
import type { Roi } from '@longview/segmentation';
import { useSeriesList } from '../archives/queries';
import type { SeriesStack } from '../series/seriesStack';
import { lookOf, useSegmentationStore } from './segmentationStore';
import { useTumorBoardObjects, type StudyStructureSet } from './useTumorBoardObjects';

type Vector3 = [number, number, number];
type ShowableSet = Extract<StudyStructureSet, { kind: 'read' }>;

interface ContourOnSlice {
  key: string;
  roi: Roi;
  points: Float32Array;
  isClosed: boolean;
}

/**
 * The contours that lie on the image on screen: by the image a contour names (Contour Image
 * Sequence), else, for one that names none or an image not in the stack, by its plane: within
 * half a slice of the image's own.
 */
function contoursOnImage(sets: readonly ShowableSet[], stack: SeriesStack, imageIndex: number, halfSliceMm: number): ContourOnSlice[] {
  const image = stack.images[imageIndex];
  const instance = stack.instances.find((i) => i.sopInstanceUid === image?.sopInstanceUid);
  const normal = sliceNormal(getNumbers(stack.firstMetadata, 'ImageOrientationPatient') ?? []);
  const position = instance?.imagePositionPatient;
  const stackSops = new Set(stack.instances.map((i) => i.sopInstanceUid));
  const isOnPlane = (points: Float32Array) => {
    if (!normal || position?.length !== 3) return false;
    const offset = ((points[0] ?? 0) - (position[0] ?? 0)) * normal[0] + ((points[1] ?? 0) - (position[1] ?? 0)) * normal[1] + ((points[2] ?? 0) - (position[2] ?? 0)) * normal[2];
    return Math.abs(offset) <= halfSliceMm;
  };
  return sets.flatMap((set) => {
    const hidden = lookOf(useSegmentationStore.getState().looks, set.sopInstanceUid).hidden;
    return set.structureSet.rois.flatMap((roi) => {
      if (hidden.includes(roi.number)) return [];
      return roi.contours.flatMap((contour, index) => {
        const named = contour.referencedSopInstanceUid;
        const isHere = named && stackSops.has(named) ? named === image?.sopInstanceUid : isOnPlane(contour.points);
        if (!isHere || contour.geometricType === 'POINT') return [];
        return [{ key: `${set.sopInstanceUid}/${roi.number}/${index}`, roi, points: contour.points, isClosed: contour.geometricType.startsWith('CLOSED') }];
      });
    });
  });
}

/** Half the distance between the stack's first two slices (mm): how far a contour may lie from an image's plane and still be on it. */
function halfSliceOf(stack: SeriesStack): number {
  const [a, b] = stack.instances;
  const pa = a?.imagePositionPatient;
  const pb = b?.imagePositionPatient;
  if (pa?.length !== 3 || pb?.length !== 3) return 0.5;
  return Math.hypot((pb[0] ?? 0) - (pa[0] ?? 0), (pb[1] ?? 0) - (pa[1] ?? 0), (pb[2] ?? 0) - (pa[2] ?? 0)) / 2;
}

/**
 * The study's structure sets drawn over a stack of the series their contours lie on: each
 * contour crossing the image on screen, as an outline in its ROI's colour. Redrawn as the
 * viewer scrolls, pans or zooms, and as the structure list hides or shows an ROI.
 */
export function StructureSetContours({ archive, studyUid, seriesUid, stack, viewer }: { archive: ArchiveClient; studyUid: string; seriesUid: string; stack: SeriesStack | undefined; viewer: StackViewer | undefined }) {
  const seriesList = useSeriesList(archive, studyUid);
  const objects = useTumorBoardObjects(archive, studyUid, seriesList.data);
  useSegmentationStore((state) => state.looks); // redraw when an ROI is hidden or shown
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => viewer?.subscribe(() => redraw()), [viewer]);
  const sets = useMemo(
    () => (objects.data?.structureSets ?? []).filter((set): set is ShowableSet => set.kind === 'read' && set.check.isShowable && set.check.referencedSeries?.seriesInstanceUid === seriesUid),
    [objects.data, seriesUid],
  );
  if (!viewer || !stack || sets.length === 0) return null;
  const state = viewer.state();
  const contours = contoursOnImage(sets, stack, state.shownIndex ?? state.imageIndex, halfSliceOf(stack));
  return (
    <svg className="reference-lines roi-contours" aria-hidden="true" data-testid="roi-contours" data-contour-count={contours.length}>
      {contours.map(({ key, roi, points, isClosed }) => {
        const canvasPoints: string[] = [];
        for (let i = 0; i + 2 < points.length; i += 3) {
          const [x, y] = viewer.worldToCanvas([points[i], points[i + 1], points[i + 2]] as Vector3);
          canvasPoints.push(`${x.toFixed(1)},${y.toFixed(1)}`);
        }
        const colour = roi.colour ? `rgb(${roi.colour.join(', ')})` : 'yellow';
        const Shape = isClosed ? 'polygon' : 'polyline';
        return <Shape key={key} data-roi-number={roi.number} points={canvasPoints.join(' ')} fill="none" stroke={colour} strokeWidth={2} />;
      })}
    </svg>
  );
}
