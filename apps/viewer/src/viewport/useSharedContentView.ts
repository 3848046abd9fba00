import { useEffect, useState } from 'react';
import type { SharedCell } from '@longview/shared-view';
import { registerViewportCapture, type ViewportCapture } from './viewportCaptures';
import { useLatest } from '../react/useLatest';

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
  const captureRef = useLatest(capture);
  const applyRef = useLatest(apply);
  const [appliedKey, setAppliedKey] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (!cellViewportId || target === undefined) return undefined;
    return registerViewportCapture(cellViewportId, () => captureRef.current(target));
  }, [cellViewportId, target, captureRef]);

  useEffect(() => {
    if (target === undefined || !sharedView) return;
    applyRef.current(target, sharedView.cell);
    setAppliedKey(sharedView.key);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request is a new key
  }, [target, sharedView?.key]);

  return appliedKey;
}
