import type { MouseTool, StackViewer } from '@longview/render';
import type { KeyImageToggle } from '../../results/KeyImageBadge';
import { VIEWER_SHORTCUTS, type ViewerCommand } from '../../keyboard/shortcuts';
import { useMeasurementToolStore } from '../../state/measurementToolStore';
import { stepMeasurementHistory } from './useMeasurementShortcuts';

const TOOLS: ReadonlyArray<{ tool: MouseTool; command: ViewerCommand; label: string }> = [
  { tool: 'window-level', command: 'tool-window-level', label: 'W/L' },
  { tool: 'length', command: 'tool-length', label: 'Length' },
  { tool: 'angle', command: 'tool-angle', label: 'Angle' },
  { tool: 'ellipse', command: 'tool-ellipse', label: 'Ellipse' },
  { tool: 'rectangle', command: 'tool-rectangle', label: 'Rectangle' },
  { tool: 'probe', command: 'tool-probe', label: 'Probe' },
  { tool: 'arrow', command: 'tool-arrow', label: 'Arrow' },
];

function keyOf(command: ViewerCommand): string {
  const shortcut = VIEWER_SHORTCUTS.find((s) => s.command === command);
  const key = shortcut?.keys[0];
  return key ? `${shortcut?.withShift ? 'Shift+' : ''}${key.toUpperCase()}` : '';
}

/**
 * The left-button tool (window/level or a measurement), undo/redo of measurement changes, MPR,
 * and ★ Key: the image on screen flagged as a key image (saved with Save), where the reader may.
 */
export function MeasurementToolbar({
  viewer,
  onToggleMpr,
  isMprAvailable,
  keyImage,
}: {
  viewer: StackViewer | undefined;
  onToggleMpr: () => void;
  isMprAvailable: boolean;
  keyImage?: KeyImageToggle | undefined;
}) {
  const { mouseTool, setMouseTool } = useMeasurementToolStore();
  return (
    <div className="measurement-toolbar" role="toolbar" aria-label="Measurement tools">
      <div className="tool-group" role="group" aria-label="Left mouse button">
        {TOOLS.map(({ tool, command, label }) => (
          <button
            key={tool}
            type="button"
            disabled={!viewer}
            aria-pressed={mouseTool === tool}
            data-mouse-tool={tool}
            title={`${label} (${keyOf(command)})`}
            onClick={() => setMouseTool(tool)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="tool-group">
        <button type="button" disabled={!viewer} title="Undo measurement change (Ctrl+Z)" onClick={() => stepMeasurementHistory(viewer, 'undo')}>
          Undo
        </button>
        <button type="button" disabled={!viewer} title="Redo measurement change (Ctrl+Shift+Z)" onClick={() => stepMeasurementHistory(viewer, 'redo')}>
          Redo
        </button>
        <button type="button" disabled={!viewer || !isMprAvailable} title="Axial / sagittal / coronal reconstruction (M)" onClick={onToggleMpr}>
          MPR
        </button>
        {keyImage?.isOffered ? (
          <button
            type="button"
            disabled={!viewer || !keyImage.toggle}
            aria-pressed={keyImage.isKey}
            data-testid="key-image-toggle"
            title={`${keyImage.isKey ? 'Unflag this key image' : 'Flag this image as a key image'} (Shift+K); Save keeps it`}
            onClick={keyImage.toggle}
          >
            {keyImage.isKey ? '★' : '☆'} Key
          </button>
        ) : null}
      </div>
    </div>
  );
}
