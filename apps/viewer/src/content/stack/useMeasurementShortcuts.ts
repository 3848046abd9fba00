import { useEffect } from 'react';
import type { MouseTool, StackViewer } from '@longview/render';
import { commandForKey, type ViewerCommand } from '../../keyboard/shortcuts';
import { isTyping } from '../../keyboard/isTyping';
import { loadedRender } from '../../render/loadRender';
import { useMeasurementToolStore } from '../../state/measurementToolStore';

const TOOL_COMMANDS: Partial<Record<ViewerCommand, MouseTool>> = {
  'tool-window-level': 'window-level',
  'tool-length': 'length',
  'tool-angle': 'angle',
  'tool-ellipse': 'ellipse',
  'tool-rectangle': 'rectangle',
  'tool-probe': 'probe',
  'tool-arrow': 'arrow',
};

/**
 * Undo or redo one measurement change, then show the image it happened on. Measurements exist
 * only once the rendering package has loaded (a viewport on screen), so this needs no promise.
 */
export function stepMeasurementHistory(viewer: StackViewer | undefined, direction: 'undo' | 'redo'): void {
  const render = loadedRender();
  if (!render) return;
  const uid = direction === 'undo' ? render.undoMeasurement() : render.redoMeasurement();
  const imageId = uid ? render.measurementImageId(uid) : undefined;
  if (imageId) viewer?.showImage(imageId);
}

/**
 * Keys of the measurement tools, delete, undo/redo and MPR (see shortcuts.ts). The other
 * viewer keys are handled by useViewerShortcuts; these live apart because they act on
 * measurements of every viewport, not on one viewport's camera.
 */
export function useMeasurementShortcuts(viewer: StackViewer | undefined, options: { isActive: boolean; onToggleMpr: () => void }): void {
  const setMouseTool = useMeasurementToolStore((state) => state.setMouseTool);
  const { isActive, onToggleMpr } = options;
  useEffect(() => {
    if (!isActive) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.altKey) return;
      const command = commandForKey(event.key, event.shiftKey, event.ctrlKey || event.metaKey);
      if (!command) return;
      const tool = TOOL_COMMANDS[command];
      if (tool) {
        setMouseTool(tool);
        return;
      }
      switch (command) {
        case 'delete-measurement': {
          const render = loadedRender();
          const uid = render?.selectedMeasurementUid();
          if (uid) render?.deleteMeasurement(uid);
          return;
        }
        case 'undo-measurement':
        case 'redo-measurement':
          event.preventDefault(); // not the browser's own undo
          stepMeasurementHistory(viewer, command === 'undo-measurement' ? 'undo' : 'redo');
          return;
        case 'toggle-mpr':
          onToggleMpr();
          return;
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [viewer, isActive, onToggleMpr, setMouseTool]);
}
