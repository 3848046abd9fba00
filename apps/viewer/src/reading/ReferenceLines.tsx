import { useEffect, useReducer } from 'react';
import { referenceLine } from '@longview/reading';
import type { SyncableViewer } from './useGridSync';
import type { SeriesStack } from '../series/seriesStack';
import { frameOfReferenceOf, planeOf } from './cellGeometry';

interface ReferenceLinesProps {
  source: { viewer: SyncableViewer | undefined; stack: SeriesStack | undefined };
  target: { viewer: SyncableViewer | undefined; stack: SeriesStack | undefined };
}

/**
 * The active cell's current slice drawn as a line across this cell's image, where both share a
 * frame of reference and the planes cross (an axial level on a sagittal). Redrawn when either
 * cell scrolls or this one pans, zooms or rotates.
 */
export function ReferenceLines({ source, target }: ReferenceLinesProps) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => source.viewer?.subscribe(() => redraw()), [source.viewer]);
  useEffect(() => target.viewer?.subscribe(() => redraw()), [target.viewer]);
  if (!source.viewer || !target.viewer || !source.stack || !target.stack) return null;
  const frame = frameOfReferenceOf(source.stack);
  if (!frame || frame !== frameOfReferenceOf(target.stack)) return null;
  const sourcePlane = planeOf(source.stack, source.viewer.state().imageIndex);
  const targetPlane = planeOf(target.stack, target.viewer.state().imageIndex);
  const line = sourcePlane && targetPlane ? referenceLine(sourcePlane, targetPlane) : undefined;
  if (!line) return null;
  const [a, b] = line.map((point) => (target.viewer as SyncableViewer).worldToCanvas(point)) as [[number, number], [number, number]];
  const world = line.map((point) => point.map((v) => v.toFixed(2)).join(',')).join(';');
  return (
    <svg className="reference-lines" aria-hidden="true">
      <line data-testid="reference-line" data-world={world} x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} />
    </svg>
  );
}
