import type { SharedCase } from '@longview/shared-view';

/** The study viewer on screen, as sharing sees it. */
export interface ReadingHandle {
  archiveId: string;
  studyUid: string;
  capture: () => SharedCase | undefined;
}

let current: ReadingHandle | undefined;

/** The study viewer registers itself while mounted; one is on screen at a time. */
export function registerReading(handle: ReadingHandle): () => void {
  current = handle;
  return () => {
    if (current === handle) current = undefined;
  };
}

export function currentReading(): ReadingHandle | undefined {
  return current;
}
