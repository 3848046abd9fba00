import type { VideoPlayer, VideoViewState } from '@longview/render';
import { formatVideoTime, PLAYBACK_RATES } from '@longview/render/plain';
import type { PatientStudyFacts } from '../viewport/PatientStudyContext';
import { PatientStudyCorners } from '../viewport/PatientStudyContext';
import type { VideoLoad } from './useVideoPlayer';

/** The four corners over a video: patient, study and series, frame and time, codec and speed. */
export function VideoOverlay({ facts, load, view }: { facts: PatientStudyFacts; load: VideoLoad; view: VideoViewState | undefined }) {
  const frameCount = view?.frameCount ?? 0;
  return (
    <div className="viewport-overlay">
      <PatientStudyCorners facts={facts} showSeries={load.kind === 'ready'} />
      <div className="corner bottom-left">
        {view && frameCount > 0 ? (
          <div data-testid="video-frame">
            Fr {view.frameIndex + 1}/{frameCount}
          </div>
        ) : null}
        {view ? (
          <div data-testid="video-time">
            {formatVideoTime(view.currentTime)} / {formatVideoTime(Number.isFinite(view.duration) ? view.duration : frameCount / view.framesPerSecond)}
          </div>
        ) : null}
      </div>
      <div className="corner bottom-right">
        {load.kind === 'ready' || load.kind === 'unplayable' ? <div data-testid="video-codec">{load.codecName}</div> : null}
        {load.kind === 'ready' ? <div>{load.containerName}</div> : null}
        {view ? <div data-testid="video-fps">{Number(view.framesPerSecond.toFixed(2))} fps × {view.playbackRate}</div> : null}
      </div>
    </div>
  );
}

/** Frame steps, play / pause, the position slider and the speed of a video that plays. */
export function VideoControls({ player, view }: { player: VideoPlayer; view: VideoViewState }) {
  const frameCount = view.frameCount;
  return (
    <div className="video-controls" role="group" aria-label="Video controls">
      <button type="button" data-testid="video-step-back" aria-label="Previous frame" title="Previous frame (←)" onClick={() => player.stepFrames(-1)}>
        ⏮
      </button>
      <button
        type="button"
        data-testid="video-play"
        aria-label={view.isPlaying ? 'Pause' : 'Play'}
        title="Play / pause (Space)"
        onClick={() => player.togglePlay()}
      >
        {view.isPlaying ? '❚❚' : '▶'}
      </button>
      <button type="button" data-testid="video-step-forward" aria-label="Next frame" title="Next frame (→)" onClick={() => player.stepFrames(1)}>
        ⏭
      </button>
      <input
        type="range"
        className="video-seek"
        data-testid="video-seek"
        aria-label="Position (frame)"
        min={0}
        max={Math.max(0, frameCount - 1)}
        step={1}
        value={view.frameIndex}
        onChange={(event) => player.showFrame(Number(event.target.value))}
      />
      <label className="video-rate">
        Speed{' '}
        <select data-testid="video-rate" value={view.playbackRate} onChange={(event) => player.setPlaybackRate(Number(event.target.value))}>
          {PLAYBACK_RATES.map((rate) => (
            <option key={rate} value={rate}>
              {rate}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
