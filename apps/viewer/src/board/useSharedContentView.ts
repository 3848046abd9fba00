import { useEffect, useRef, useState } from 'react';
import type { SharedCell } from '@longview/shared-view';
import type { ViewportCapture } from './sharedCase';
import { registerViewportCapture } from './viewportCaptures';

/**
 * Sharing for a content viewport that is not a stack (video, slide): while `target` (its
 * player or viewer) is ready, the viewport describes itself under the cell's viewport id, and
 * takes on each new shared view (`sharedView.key`). Returns the key last applied, for tests.
 */
export function useSharedContentView<Target>(
  cellViewportId: string | undefined,
  target: Target | undefined,
  capture: (target: Target) => ViewportCapture,
  apply: (target: Target, cell: SharedCell) => void,
  sharedView: { cell: SharedCell; key: number } | undefined,
): number | undefined {
  const captureRef = useRef(capture);
  captureRef.current = capture;
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const [appliedKey, setAppliedKey] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (!cellViewportId || target === undefined) return undefined;
    return registerViewportCapture(cellViewportId, () => captureRef.current(target));
  }, [cellViewportId, target]);

  useEffect(() => {
    if (target === undefined || !sharedView) return;
    applyRef.current(target, sharedView.cell);
    setAppliedKey(sharedView.key);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request is a new key
  }, [target, sharedView?.key]);

  return appliedKey;
}
