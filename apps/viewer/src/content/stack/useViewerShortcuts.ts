import { useEffect } from 'react';
import { windowPresetsFor, type Window } from '@longview/dicom-meta';
import type { StackViewer } from '@longview/render';
import { isTyping } from '../../keyboard/isTyping';
import { useViewerPrefsStore } from '../../state/viewerPrefsStore';
import { commandForKey, type ViewerCommand } from '../../keyboard/shortcuts';
import { goToImage, scrollImages } from './imageNavigation';

const PAN_STEP_PX = 20;
const ZOOM_STEP = 1.25;

export function runViewerCommand(
  viewer: StackViewer,
  command: ViewerCommand,
  context: { defaultWindow: Window | undefined; toggleCine: () => void; toggleHelp: () => void },
): void {
  switch (command) {
    case 'previous-image':
      return void scrollImages(viewer, -1);
    case 'next-image':
      return void scrollImages(viewer, 1);
    case 'back-10':
      return void scrollImages(viewer, -10);
    case 'forward-10':
      return void scrollImages(viewer, 10);
    case 'first-image':
      return void goToImage(viewer, 0);
    case 'last-image':
      return void goToImage(viewer, Number.MAX_SAFE_INTEGER);
    case 'invert':
      return viewer.toggleInvert();
    case 'toggle-smoothing':
      return viewer.toggleSmoothing();
    case 'rotate-right':
      return viewer.rotateBy(90);
    case 'rotate-left':
      return viewer.rotateBy(-90);
    case 'flip-horizontal':
      return viewer.flipHorizontal();
    case 'flip-vertical':
      return viewer.flipVertical();
    case 'zoom-in':
      return viewer.zoomBy(ZOOM_STEP);
    case 'zoom-out':
      return viewer.zoomBy(1 / ZOOM_STEP);
    case 'pan-left':
      return viewer.panBy(-PAN_STEP_PX, 0);
    case 'pan-right':
      return viewer.panBy(PAN_STEP_PX, 0);
    case 'pan-up':
      return viewer.panBy(0, -PAN_STEP_PX);
    case 'pan-down':
      return viewer.panBy(0, PAN_STEP_PX);
    case 'reset':
      return viewer.reset();
    case 'default-window':
      if (context.defaultWindow) viewer.setWindow(context.defaultWindow);
      return undefined;
    case 'toggle-cine':
      return context.toggleCine();
    case 'toggle-help':
      return context.toggleHelp();
  }
}

/** Keyboard-first reading: every viewport action has a key (see shortcuts.ts), plus 1–9 for presets. */
export function useViewerShortcuts(
  viewer: StackViewer | undefined,
  options: { modality: string | undefined; defaultWindow: Window | undefined; toggleCine: () => void; isActive: boolean },
): void {
  const toggleHelp = useViewerPrefsStore((state) => state.toggleShortcutHelp);
  useEffect(() => {
    // With two viewports side by side, keys go to the one the reader last worked in.
    if (!viewer || !options.isActive) return undefined;
    const presets = windowPresetsFor(options.modality);
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const preset = presets.find((p) => p.key === event.key);
      if (preset) {
        viewer.setWindow(preset);
        event.preventDefault();
        return;
      }
      const command = commandForKey(event.key, event.shiftKey);
      if (!command) return;
      event.preventDefault();
      runViewerCommand(viewer, command, { defaultWindow: options.defaultWindow, toggleCine: options.toggleCine, toggleHelp });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [viewer, options.modality, options.defaultWindow, options.toggleCine, options.isActive, toggleHelp]);
}
