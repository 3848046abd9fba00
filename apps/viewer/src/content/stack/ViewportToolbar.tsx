import { storedWindowLabel, windowPresetsFor, type StoredWindow, type Window } from '@longview/dicom-meta';
import type { StackViewer } from '@longview/render';
import { useViewerPrefsStore } from '../../state/viewerPrefsStore';
import { VIEWER_SHORTCUTS, type ViewerCommand } from '../../keyboard/shortcuts';
import { runViewerCommand } from './useViewerShortcuts';
import { WindowEntry } from './WindowEntry';

interface ViewportToolbarProps {
  viewer: StackViewer | undefined;
  currentWindow: Window | undefined;
  modality: string | undefined;
  /** Windows stored in the image, the default first. */
  imageWindows: readonly StoredWindow[];
  isPlaying: boolean;
  cineRate: number;
  onCineRate: (fps: number) => void;
  onToggleCine: () => void;
}

function keyHint(command: ViewerCommand): string {
  const shortcut = VIEWER_SHORTCUTS.find((s) => s.command === command);
  const key = shortcut?.keys[0];
  if (!key) return '';
  const name = key === ' ' ? 'Space' : key === 'Escape' ? 'Esc' : key;
  return ` (${shortcut?.withShift && key.length > 1 ? 'Shift+' : ''}${name})`;
}

const BUTTONS: ReadonlyArray<{ command: ViewerCommand; label: string }> = [
  { command: 'invert', label: 'Invert' },
  { command: 'toggle-smoothing', label: 'True pixels' },
  { command: 'rotate-right', label: 'Rotate' },
  { command: 'flip-horizontal', label: 'Flip H' },
  { command: 'flip-vertical', label: 'Flip V' },
  { command: 'zoom-in', label: 'Zoom +' },
  { command: 'zoom-out', label: 'Zoom −' },
  { command: 'reset', label: 'Reset' },
];

const CINE_RATES = [5, 10, 15, 20, 30, 60];

export function ViewportToolbar({ viewer, currentWindow, modality, imageWindows, isPlaying, cineRate, onCineRate, onToggleCine }: ViewportToolbarProps) {
  const defaultWindow = imageWindows[0];
  const { isShortcutHelpOpen, toggleShortcutHelp } = useViewerPrefsStore();
  const run = (command: ViewerCommand) => {
    if (viewer) runViewerCommand(viewer, command, { defaultWindow, toggleCine: onToggleCine, toggleHelp: toggleShortcutHelp });
  };
  const presets = windowPresetsFor(modality);
  return (
    <div className="viewport-toolbar" role="toolbar" aria-label="Viewport tools">
      {imageWindows.length > 0 ? (
        <div className="tool-group" role="group" aria-label="Windows stored in the image">
          <span className="group-caption" aria-hidden="true">
            Image
          </span>
          {imageWindows.length === 1 ? (
            <button type="button" disabled={!viewer} onClick={() => run('default-window')} title={`Window stored in the image${keyHint('default-window')}`}>
              Default
            </button>
          ) : (
            // Several stored windows: one button each, named as the modality named them, and
            // told apart from the presets of the same name for screen readers.
            imageWindows.map((window, index) => (
              <button
                key={`${window.center}/${window.width}/${index}`}
                type="button"
                className="stored-window"
                disabled={!viewer}
                data-stored-window={index}
                aria-label={`Stored window ${storedWindowLabel(window)}`}
                title={`Stored in the image: W ${window.width} L ${window.center}${index === 0 ? keyHint('default-window') : ''}`}
                onClick={() => viewer?.setWindow(window)}
              >
                {storedWindowLabel(window)}
              </button>
            ))
          )}
        </div>
      ) : null}
      <div className="tool-group" role="group" aria-label="Window presets">
        {presets.length > 0 ? (
          <span className="group-caption" aria-hidden="true">
            Presets
          </span>
        ) : null}
        {presets.map((preset) => (
          <button
            key={preset.id}
            type="button"
            disabled={!viewer}
            data-preset={preset.id}
            title={`${preset.label}: W ${preset.width} L ${preset.center} (${preset.key})`}
            onClick={() => viewer?.setWindow(preset)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <WindowEntry current={currentWindow} disabled={!viewer} onApply={(window) => viewer?.setWindow(window)} />
      <div className="tool-group">
        {BUTTONS.map(({ command, label }) => (
          <button key={command} type="button" disabled={!viewer} onClick={() => run(command)} title={`${label}${keyHint(command)}`}>
            {label}
          </button>
        ))}
      </div>
      <div className="tool-group">
        <button type="button" disabled={!viewer} onClick={onToggleCine} aria-pressed={isPlaying} title={`Cine${keyHint('toggle-cine')}`}>
          {isPlaying ? 'Pause' : 'Play'}
        </button>
        <label className="cine-rate">
          <select value={cineRate} onChange={(event) => onCineRate(Number(event.target.value))} aria-label="Cine frames per second">
            {[...new Set([...CINE_RATES, cineRate])].sort((a, b) => a - b).map((fps) => (
              <option key={fps} value={fps}>
                {fps} fps
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={toggleShortcutHelp} aria-expanded={isShortcutHelpOpen} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
      {/* The sheet itself (keyboard/ShortcutSheet) is shown once per page, not per viewport. */}
    </div>
  );
}
