import type { SharedCase } from '@longview/shared-view';
import { useBoardStore } from './boardStore';
import { viewerPathOfCase } from './sharedCase';

/** Where to go to show a shared case, and the history state that says this visit is for it. */
export interface SharedNavigation {
  path: string;
  state: { sharedViewKey: number };
}

/**
 * Asks for `shared` to be shown exactly and returns the navigation that shows it. The key in
 * the history entry ties the request to that visit: the study opened later from the list, or
 * after the reader changed the grid, opens as it would anyway, not as the link had it.
 */
export function navigationToCase(shared: SharedCase): SharedNavigation {
  const key = useBoardStore.getState().showCase(shared);
  return { path: viewerPathOfCase(shared), state: { sharedViewKey: key } };
}

/** The shared-view request a history entry was made for, if any. */
export function sharedViewKeyOf(locationState: unknown): number | undefined {
  const key = (locationState as { sharedViewKey?: unknown } | null | undefined)?.sharedViewKey;
  return typeof key === 'number' ? key : undefined;
}
