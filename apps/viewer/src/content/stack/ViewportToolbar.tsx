import { storedWindowLabel, windowPresetsFor, type StoredWindow, type Window } from '@longview/dicom-meta';
import type { StackViewer } from '@longview/render';
import { useViewerPrefsStore } from '../../state/viewerPrefsStore';
import { VIEWER_SHORTCUTS, type ViewerCommand } from '../../keyboard/shortcuts';
import { runViewerCommand } from './useViewerShortcuts';
import { WindowEntry } from './WindowEntry';
import type { Cine } from './useCine';

interface ViewportToolbarProps {
  viewer: StackViewer | undefined;
  currentWindow: Window | undefined;
  modality: string | undefined;
  /** Windows stored in the image, the default first. */
  imageWindows: readonly StoredWindow[];
  cine: Pick<Cine, 'isPlaying' | 'rate' | 'changeRate' | 'toggle'>;
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

/** The windows stored in the image: one Default button, or one button each when there are several. */
function StoredWindowButtons({ viewer, imageWindows, onDefault }: { viewer: StackViewer | undefined; imageWindows: readonly StoredWindow[]; onDefault: () => void }) {
  if (imageWindows.length === 0) return null;
  return (
    <div className="tool-group" role="group" aria-label="Windows stored in the image">
      <span className="group-caption" aria-hidden="true">
        Image
      </span>
      {imageWindows.length === 1 ? (
        <button type="button" disabled={!viewer} onClick={onDefault} title={`Window stored in the image${keyHint('default-window')}`}>
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
  );
}

/** The modality's window presets, each with its number key. */
function WindowPresetButtons({ viewer, modality }: { viewer: StackViewer | undefined; modality: string | undefined }) {
  const presets = windowPresetsFor(modality);
  return (
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
  );
}

/** Play/Pause and the rate, the usual rates and the one in use (a series' own may be another). */
function CineControls({ viewer, cine }: { viewer: StackViewer | undefined; cine: ViewportToolbarProps['cine'] }) {
  return (
    <>
      <button type="button" disabled={!viewer} onClick={cine.toggle} aria-pressed={cine.isPlaying} title={`Cine${keyHint('toggle-cine')}`}>
        {cine.isPlaying ? 'Pause' : 'Play'}
      </button>
      <label className="cine-rate">
        <select value={cine.rate} onChange={(event) => cine.changeRate(Number(event.target.value))} aria-label="Cine frames per second">
          {[...new Set([...CINE_RATES, cine.rate])].sort((a, b) => a - b).map((fps) => (
            <option key={fps} value={fps}>
              {fps} fps
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The display tools: stored windows, presets, a typed window, view buttons, cine and the shortcut sheet. */
export function ViewportToolbar({ viewer, currentWindow, modality, imageWindows, cine }: ViewportToolbarProps) {
  const { isShortcutHelpOpen, toggleShortcutHelp } = useViewerPrefsStore();
  const run = (command: ViewerCommand) => {
    if (viewer) runViewerCommand(viewer, command, { defaultWindow: imageWindows[0], toggleCine: cine.toggle, toggleHelp: toggleShortcutHelp });
  };
  return (
    <div className="viewport-toolbar" role="toolbar" aria-label="Viewport tools">
      <StoredWindowButtons viewer={viewer} imageWindows={imageWindows} onDefault={() => run('default-window')} />
      <WindowPresetButtons viewer={viewer} modality={modality} />
      <WindowEntry current={currentWindow} disabled={!viewer} onApply={(window) => viewer?.setWindow(window)} />
      <div className="tool-group">
        {BUTTONS.map(({ command, label }) => (
          <button key={command} type="button" disabled={!viewer} onClick={() => run(command)} title={`${label}${keyHint(command)}`}>
            {label}
          </button>
        ))}
      </div>
      <div className="tool-group">
        <CineControls viewer={viewer} cine={cine} />
        <button type="button" onClick={toggleShortcutHelp} aria-expanded={isShortcutHelpOpen} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
      {/* The sheet itself (keyboard/ShortcutSheet) is shown once per page, not per viewport. */}
    </div>
  );
}
