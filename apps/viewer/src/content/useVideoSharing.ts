import type { VideoPlayer, VideoViewState } from '@longview/render';
import { PLAYBACK_RATES } from '@longview/render/plain';
import type { SharedCell } from '@longview/shared-view';
import { useSharedContentView } from '../viewport/useSharedContentView';

/**
 * Sharing a video: the frame on screen, and playing / speed as a cine rate (frames per second ×
 * speed). Only once the first frame is drawn: until then the player's own load still seeks to
 * frame 1, and would undo a shared frame applied earlier (seen as a shared frame 40 shown as 0).
 * Returns the key of the shared view last applied, for tests.
 */
export function useVideoSharing(
  cellViewportId: string | undefined,
  player: VideoPlayer | undefined,
  view: VideoViewState | undefined,
  sharedView: { cell: SharedCell; key: number } | undefined,
): number | undefined {
  return useSharedContentView(
    cellViewportId,
    view?.hasFrame ? player : undefined,
    (shown) => {
      const state = shown.getState();
      const isDefault = !state.isPlaying && state.playbackRate === 1;
      return { image: state.frameIndex, ...(isDefault ? {} : { cine: { isPlaying: state.isPlaying, framesPerSecond: state.framesPerSecond * state.playbackRate } }) };
    },
    (shown, cell) => {
      const state = shown.getState();
      const wanted = cell.cine ? cell.cine.framesPerSecond / state.framesPerSecond : 1;
      const rate = PLAYBACK_RATES.reduce((best, r) => (Math.abs(r - wanted) < Math.abs(best - wanted) ? r : best), 1);
      if (rate !== state.playbackRate) shown.setPlaybackRate(rate);
      if (cell.cine?.isPlaying) {
        if (!state.isPlaying) shown.play();
      } else {
        if (state.isPlaying) shown.pause();
        if (state.frameIndex !== cell.image) shown.showFrame(cell.image);
      }
    },
    sharedView,
  );
}
