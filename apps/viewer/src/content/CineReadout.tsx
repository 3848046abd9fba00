import { useEffect, useState } from 'react';
import { cineFrameRate, type CineRateSource, type DicomJson } from '@longview/dicom-meta';
import type { StackViewer, StackViewState } from '@longview/render';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';

const SOURCE_NAMES: Record<CineRateSource, string> = {
  FrameTime: 'Frame Time',
  CineRate: 'Cine Rate',
  RecommendedDisplayFrameRate: 'Recommended Display Frame Rate',
  FrameTimeVector: 'Frame Time Vector',
  default: 'no rate in the file',
};

function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(1);
}

interface CineReadoutProps {
  viewer: StackViewer;
  /** The first instance's metadata: where the acquisition rate is read. */
  metadata: DicomJson;
}

/**
 * The read-out of a multi-frame loop (ultrasound, angiography, cardiac MR). The stack viewport
 * plays it: frames show as they arrive (playback waits at the first frame not yet loaded) and
 * a frame that cannot be decoded is skipped (render/stackViewer startCine). This says where
 * the loop is, the rate the object was acquired at and where that came from, the rate it plays
 * at when the reader chose another, and which frames were skipped.
 */
export function CineReadout({ viewer, metadata }: CineReadoutProps) {
  const [view, setView] = useState<StackViewState | undefined>(undefined);
  const [skipped, setSkipped] = useState<ReadonlyMap<number, string>>(new Map());
  const chosenFps = useViewerPrefsStore((state) => state.cineFramesPerSecond);

  useEffect(() => {
    setSkipped(new Map());
    return viewer.subscribe((state) => {
      setView(state);
      // A frame shown as unavailable could not be loaded or decoded: playback skips it from now on.
      const reason = state.unavailableReason;
      if (reason !== undefined) setSkipped((current) => (current.has(state.imageIndex) ? current : new Map(current).set(state.imageIndex, reason)));
    });
  }, [viewer, metadata]);

  if (!view || view.imageCount === 0) return null;
  const source = cineFrameRate(metadata);
  const sourceFps = Math.round(source.framesPerSecond);
  const skippedFrames = [...skipped.keys()].sort((a, b) => a - b).map((index) => index + 1);
  // "Damaged" only when the data is (the integrity check, a decoder's refusal); else the archive did not send it.
  const isDamaged = [...skipped.values()].every((reason) => /damaged|decod|does not fit/i.test(reason));

  return (
    <div className="cine-status" data-testid="cine-status">
      <div>
        <strong data-testid="cine-frame-counter">
          Frame {view.imageIndex + 1} / {view.imageCount}
        </strong>{' '}
        ·{' '}
        <span data-testid="cine-source-fps" data-fps={source.framesPerSecond}>
          Source {formatFps(source.framesPerSecond)} fps ({SOURCE_NAMES[source.source]})
        </span>
        {chosenFps !== undefined && chosenFps !== sourceFps ? <span data-testid="cine-playing-fps"> · playing at {chosenFps} fps</span> : null}
      </div>
      {skippedFrames.length > 0 ? (
        <div className="damaged" role="status" data-testid="cine-skipped" data-frames={skippedFrames.join(',')}>
          {skippedFrames.length === 1 ? `Frame ${skippedFrames[0]}` : `Frames ${skippedFrames.join(', ')}`} {isDamaged ? 'damaged' : 'unavailable'} — skipped
        </div>
      ) : null}
    </div>
  );
}
