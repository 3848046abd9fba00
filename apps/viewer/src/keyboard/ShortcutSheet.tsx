import { windowPresetsFor } from '@longview/dicom-meta';
import { READING_SHORTCUTS, VIEWER_SHORTCUTS } from './shortcuts';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';

function keyName(key: string): string {
  if (key === ' ') return 'Space';
  if (key === 'Escape') return 'Esc';
  return key;
}

/** How a viewport shortcut is typed: Ctrl and Shift named where the key alone does not say it. */
function viewerCombo(keys: readonly string[], withShift: boolean | undefined, withCtrl: boolean | undefined): string {
  const needsShiftName = withShift && keys.some((k) => k.length > 1);
  return `${withCtrl ? 'Ctrl+' : ''}${needsShiftName ? 'Shift+' : ''}${keys.map(keyName).join(' / ')}`;
}

/**
 * Every keyboard shortcut, generated from the registries in keyboard/shortcuts.ts (viewport,
 * then study and layout) plus the window presets of the modality on screen: `?` opens it.
 */
export function ShortcutSheet({ modality }: { modality: string | undefined }) {
  const { isShortcutHelpOpen, toggleShortcutHelp } = useViewerPrefsStore();
  if (!isShortcutHelpOpen) return null;
  const presets = windowPresetsFor(modality);
  return (
    <div className="shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-sheet">
      <header>
        <h2>Keyboard shortcuts</h2>
        <button type="button" onClick={toggleShortcutHelp} aria-label="Close">
          ×
        </button>
      </header>
      <div className="shortcut-columns">
        <table>
          <caption>Viewport</caption>
          <tbody>
            {VIEWER_SHORTCUTS.map((s) => (
              <tr key={s.command} data-command={s.command}>
                <td>
                  <kbd>{viewerCombo(s.keys, s.withShift, (s as { withCtrl?: boolean }).withCtrl)}</kbd>
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            {presets.map((p) => (
              <tr key={p.id} data-command={`preset-${p.id}`}>
                <td>
                  <kbd>{p.key}</kbd>
                </td>
                <td>{p.label} window</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Study and layout</caption>
          <tbody>
            {READING_SHORTCUTS.map((s) => (
              <tr key={s.command} data-command={s.command}>
                <td>
                  <kbd>{s.keys.map(keyName).join(' / ')}</kbd>
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            <tr>
              <td>Mouse</td>
              <td>Left drag window/level (or the chosen tool) · middle drag pan · right drag zoom · wheel scroll · double-click maximise · drag a series onto a viewport</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
