import type { VideoPlayer } from '@longview/render';
import { isTyping } from '../keyboard/isTyping';
import { commandForKey } from '../keyboard/shortcuts';
import { useKeysWhileActive } from '../keyboard/useKeysWhileActive';

/** Space plays / pauses; ←/→ (and ↑/↓) step one frame; Home / End go to the first / last frame. */
export function useVideoKeys(player: VideoPlayer | undefined, isActive: boolean): void {
  useKeysWhileActive(player, isActive, (event, player) => {
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
  });
}
