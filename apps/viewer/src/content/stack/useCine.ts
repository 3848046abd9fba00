import { useCallback, useState } from 'react';
import { cineFrameRate, type DicomJson } from '@longview/dicom-meta';
import type { StackViewer } from '@longview/render';
import { useLatest } from '../../react/useLatest';
import { useViewerPrefsStore } from '../../state/viewerPrefsStore';

/** A stack viewport's cine: whether it plays, at what rate, and the ways to change either. */
export interface Cine {
  isPlaying: boolean;
  /** Frames a second: the reader's choice (one for every viewport), else the series' own. */
  rate: number;
  /** The rate of the latest render, for a shared-view capture taken between renders. */
  latestRate: { readonly current: number };
  toggle: () => void;
  /** A new rate, taken at once by a cine that is playing. */
  changeRate: (framesPerSecond: number) => void;
  /** A shared view was applied: whether cine plays now, and the shared rate if it does. */
  takeShared: (isPlaying: boolean, sharedFramesPerSecond: number | undefined) => void;
}

/** Cine speed: the series' own rate when it has one (FrameTime first, PS3.3 C.7.6.5), else 15 slices a second. */
function defaultCineRate(metadata: DicomJson | undefined): number {
  return Math.round(cineFrameRate(metadata).framesPerSecond);
}

/** Cine on `viewer`, whose series starts with `firstMetadata`. */
export function useCine(viewer: StackViewer | undefined, firstMetadata: DicomJson | undefined): Cine {
  const [isPlaying, setIsPlaying] = useState(false);
  const chosenRate = useViewerPrefsStore((state) => state.cineFramesPerSecond);
  const setChosenRate = useViewerPrefsStore((state) => state.setCineFramesPerSecond);
  const rate = chosenRate ?? defaultCineRate(firstMetadata);
  const latestRate = useLatest(rate);
  const toggle = useCallback(() => {
    if (!viewer) return;
    if (viewer.isPlaying) viewer.stopCine();
    else viewer.startCine(rate);
    setIsPlaying(viewer.isPlaying);
  }, [viewer, rate]);
  const changeRate = useCallback(
    (framesPerSecond: number) => {
      setChosenRate(framesPerSecond);
      if (viewer?.isPlaying) viewer.startCine(framesPerSecond);
    },
    [viewer, setChosenRate],
  );
  const takeShared = useCallback(
    (isNowPlaying: boolean, sharedFramesPerSecond: number | undefined) => {
      setIsPlaying(isNowPlaying);
      if (sharedFramesPerSecond !== undefined) setChosenRate(sharedFramesPerSecond);
    },
    [setChosenRate],
  );
  return { isPlaying, rate, latestRate, toggle, changeRate, takeShared };
}
