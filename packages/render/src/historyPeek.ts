import { utilities } from '@cornerstonejs/core';

/**
 * The internals of Cornerstone's HistoryMemo that the next undo (or redo) is read from:
 * Cornerstone offers no look at it, and the app brings the touched measurement's image into
 * view. Private in 5.14 (`ring`, `position`); cornerstoneInternals.test.ts fails if they move.
 */
export interface HistoryRing {
  ring: unknown[];
  position: number;
  size: number;
  canUndo: boolean;
  canRedo: boolean;
}

/** The id (an annotation's UID) of the memo the next undo or redo of `memo` restores. */
export function nextHistoryItemUid(memo: HistoryRing, isUndo: boolean): string | undefined {
  if (isUndo ? !memo.canUndo : !memo.canRedo) return undefined;
  const item = memo.ring[isUndo ? memo.position : (memo.position + 1) % memo.size];
  // A grouped edit is an array of memos: its first names the measurement.
  const first = (Array.isArray(item) ? item[0] : item) as { id?: unknown } | undefined;
  return typeof first?.id === 'string' ? first.id : undefined;
}

/** The page's undo history (the one the annotation tools record into), read as a ring. */
export function defaultHistoryRing(): HistoryRing {
  return utilities.HistoryMemo.DefaultHistoryMemo as unknown as HistoryRing;
}
