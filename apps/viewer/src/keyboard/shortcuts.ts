/**
 * The viewer's keyboard map, in one table so the help panel and the handler cannot disagree.
 * Keys are KeyboardEvent.key values.
 */
export type ViewerCommand =
  | 'previous-image'
  | 'next-image'
  | 'back-10'
  | 'forward-10'
  | 'first-image'
  | 'last-image'
  | 'invert'
  | 'toggle-smoothing'
  | 'rotate-right'
  | 'rotate-left'
  | 'flip-horizontal'
  | 'flip-vertical'
  | 'zoom-in'
  | 'zoom-out'
  | 'pan-left'
  | 'pan-right'
  | 'pan-up'
  | 'pan-down'
  | 'reset'
  | 'default-window'
  | 'toggle-cine'
  | 'toggle-help'
  | MeasurementCommand;

/** Measurement and MPR commands (handled by useMeasurementShortcuts and the viewport). */
export type MeasurementCommand =
  | 'tool-window-level'
  | 'tool-length'
  | 'tool-angle'
  | 'tool-ellipse'
  | 'tool-rectangle'
  | 'tool-probe'
  | 'tool-arrow'
  | 'delete-measurement'
  | 'undo-measurement'
  | 'redo-measurement'
  | 'toggle-mpr';

export interface Shortcut {
  keys: readonly string[];
  /** Shift must be held (used for pan so that plain arrows stay scrolling). */
  withShift?: boolean;
  /** Ctrl (or ⌘) must be held: undo / redo. */
  withCtrl?: boolean;
  command: ViewerCommand;
  label: string;
}

export const VIEWER_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['ArrowUp', 'ArrowLeft'], command: 'previous-image', label: 'Previous image' },
  { keys: ['ArrowDown', 'ArrowRight'], command: 'next-image', label: 'Next image' },
  { keys: ['PageUp'], command: 'back-10', label: '10 images back' },
  { keys: ['PageDown'], command: 'forward-10', label: '10 images forward' },
  { keys: ['Home'], command: 'first-image', label: 'First image' },
  { keys: ['End'], command: 'last-image', label: 'Last image' },
  { keys: ['ArrowLeft'], withShift: true, command: 'pan-left', label: 'Pan left' },
  { keys: ['ArrowRight'], withShift: true, command: 'pan-right', label: 'Pan right' },
  { keys: ['ArrowUp'], withShift: true, command: 'pan-up', label: 'Pan up' },
  { keys: ['ArrowDown'], withShift: true, command: 'pan-down', label: 'Pan down' },
  { keys: ['+', '='], command: 'zoom-in', label: 'Zoom in' },
  { keys: ['-'], command: 'zoom-out', label: 'Zoom out' },
  { keys: ['i'], command: 'invert', label: 'Invert' },
  { keys: ['n'], command: 'toggle-smoothing', label: 'True pixels (no interpolation) / smooth' },
  { keys: ['r'], command: 'rotate-right', label: 'Rotate 90° clockwise' },
  { keys: ['R'], withShift: true, command: 'rotate-left', label: 'Rotate 90° counter-clockwise' },
  { keys: ['h'], command: 'flip-horizontal', label: 'Flip horizontally' },
  { keys: ['v'], command: 'flip-vertical', label: 'Flip vertically' },
  { keys: ['0'], command: 'default-window', label: 'Window stored in the image' },
  { keys: [' '], command: 'toggle-cine', label: 'Play / pause cine' },
  { keys: ['Escape'], command: 'reset', label: 'Reset view' },
  { keys: ['?'], withShift: true, command: 'toggle-help', label: 'Show / hide shortcuts' },
  { keys: ['w'], command: 'tool-window-level', label: 'Left drag: window / level' },
  { keys: ['l'], command: 'tool-length', label: 'Left drag: measure length' },
  { keys: ['a'], command: 'tool-angle', label: 'Left drag: measure angle (then click the third point)' },
  { keys: ['e'], command: 'tool-ellipse', label: 'Left drag: elliptical ROI' },
  { keys: ['b'], command: 'tool-rectangle', label: 'Left drag: rectangle (box) ROI' },
  { keys: ['p'], command: 'tool-probe', label: 'Left click: probe value' },
  { keys: ['A'], withShift: true, command: 'tool-arrow', label: 'Left drag: arrow annotation' },
  { keys: ['Delete'], command: 'delete-measurement', label: 'Delete the selected measurement' },
  { keys: ['z'], withCtrl: true, command: 'undo-measurement', label: 'Undo measurement change (Ctrl+Z)' },
  { keys: ['Z', 'y'], withCtrl: true, command: 'redo-measurement', label: 'Redo measurement change (Ctrl+Shift+Z, Ctrl+Y)' },
  { keys: ['m'], command: 'toggle-mpr', label: 'MPR: axial / sagittal / coronal (Esc leaves)' },
];

/** The command a key press means, if any. Shift-sensitive entries win over plain ones. */
export function commandForKey(key: string, isShiftHeld: boolean, isCtrlHeld = false): ViewerCommand | undefined {
  const candidates = VIEWER_SHORTCUTS.filter((s) => s.keys.includes(key) && (s.withCtrl ?? false) === isCtrlHeld);
  // Ctrl+Y has no Shift: Ctrl combinations match on the key alone.
  const exact = candidates.find((s) => isCtrlHeld || (s.withShift ?? false) === isShiftHeld);
  if (exact) return exact.command;
  // Characters such as '+' or '?' need Shift on many layouts; accept them either way.
  return candidates.find(() => key.length === 1 && !/[a-z]/i.test(key))?.command;
}

/**
 * Study-level commands: the viewport grid (layouts, active cell, maximise), synchronisation
 * between cells and moving through the study. Handled by the study viewer, not by a viewport.
 */
export type ReadingCommand =
  | 'layout-1x1'
  | 'layout-1x2'
  | 'layout-1x3'
  | 'layout-2x2'
  | 'layout-2x3'
  | 'layout-3x3'
  | 'toggle-maximise'
  | 'next-cell'
  | 'previous-cell'
  | 'toggle-sync-scroll'
  | 'link-positions'
  | 'toggle-sync-window'
  | 'toggle-sync-zoom'
  | 'toggle-reference-lines'
  | 'previous-series'
  | 'next-series'
  | 'open-timeline'
  | 'back-to-list'
  | 'share'
  | 'previous-case'
  | 'next-case';

export interface ReadingShortcut {
  keys: readonly string[];
  withShift?: boolean;
  /**
   * KeyboardEvent.code, where the character a key gives depends on the keyboard layout:
   * Shift+1 is "!" on one keyboard and "1" or "+" on others, but always Digit1.
   */
  code?: string;
  command: ReadingCommand;
  label: string;
}

/** The grid layouts the Shift+digit keys choose, in key order. */
export const LAYOUT_KEYS: ReadonlyArray<{ command: ReadingCommand; rows: number; columns: number; digit: number }> = [
  { command: 'layout-1x1', rows: 1, columns: 1, digit: 1 },
  { command: 'layout-1x2', rows: 1, columns: 2, digit: 2 },
  { command: 'layout-1x3', rows: 1, columns: 3, digit: 3 },
  { command: 'layout-2x2', rows: 2, columns: 2, digit: 4 },
  { command: 'layout-2x3', rows: 2, columns: 3, digit: 5 },
  { command: 'layout-3x3', rows: 3, columns: 3, digit: 6 },
];

export const READING_SHORTCUTS: readonly ReadingShortcut[] = [
  ...LAYOUT_KEYS.map(({ command, rows, columns, digit }) => ({
    keys: [`Shift+${digit}`], withShift: true, code: `Digit${digit}`, command, label: `Layout ${rows} × ${columns}`,
  })),
  { keys: ['Enter'], command: 'toggle-maximise', label: 'Maximise the active viewport / back to the grid (or double-click)' },
  { keys: ['>', '.'], command: 'next-cell', label: 'Next viewport' },
  { keys: ['<', ','], command: 'previous-cell', label: 'Previous viewport' },
  { keys: ['y'], command: 'toggle-sync-scroll', label: 'Synchronised scrolling by patient position on / off' },
  { keys: ['Y'], withShift: true, command: 'link-positions', label: 'Link here: the images on screen show the same level (other frame of reference)' },
  { keys: ['j'], command: 'toggle-sync-window', label: 'Synchronise window / level on / off' },
  { keys: ['k'], command: 'toggle-sync-zoom', label: 'Synchronise zoom on / off' },
  { keys: ['q'], command: 'toggle-reference-lines', label: 'Reference lines on / off' },
  { keys: ['['], command: 'previous-series', label: 'Previous series in the active viewport' },
  { keys: [']'], command: 'next-series', label: 'Next series in the active viewport' },
  { keys: ['t'], command: 'open-timeline', label: 'Patient timeline' },
  { keys: ['s'], command: 'share', label: 'Share this view: link, agenda, live session' },
  { keys: ['{'], command: 'previous-case', label: 'Previous case on the tumor board agenda' },
  { keys: ['}'], command: 'next-case', label: 'Next case on the tumor board agenda' },
  { keys: ['Backspace'], command: 'back-to-list', label: 'Back to the study list' },
];

/** The study-level command a key press means, if any. */
export function readingCommandForKey(key: string, code: string, isShiftHeld: boolean): ReadingCommand | undefined {
  for (const shortcut of READING_SHORTCUTS) {
    if (shortcut.code !== undefined) {
      if (shortcut.code === code && isShiftHeld === (shortcut.withShift ?? false)) return shortcut.command;
      continue;
    }
    if (!shortcut.keys.includes(key)) continue;
    // Letters are case-sensitive (y / Shift+Y); symbols need Shift on some layouts: either way.
    if (/^[a-z]$/i.test(key) ? isShiftHeld === (shortcut.withShift ?? false) : true) return shortcut.command;
  }
  return undefined;
}
