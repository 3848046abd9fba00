import { useEffect } from 'react';
import type { VideoPlayer } from '@longview/render';
import { isTyping } from '../keyboard/isTyping';
import { commandForKey } from '../keyboard/shortcuts';

/** Space plays / pauses; ←/→ (and ↑/↓) step one frame; Home / End go to the first / last frame. */
export function useVideoKeys(player: VideoPlayer | undefined, isActive: boolean): void {
  useEffect(() => {
    if (!player || !isActive) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const command = commandForKey(event.key, event.shiftKey);
      const state = player.getState();
      switch (command) {
        case 'toggle-cine':
          player.togglePlay();
          break;
        case 'previous-image':
          player.stepFrames(-1);
          break;
        case 'next-image':
          player.stepFrames(1);
          break;
        case 'first-image':
          player.showFrame(0);
          break;
        case 'last-image':
          player.showFrame(state.frameCount - 1);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [player, isActive]);
}
