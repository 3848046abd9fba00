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
  | 'toggle-help';

export interface Shortcut {
  keys: readonly string[];
  /** Shift must be held (used for pan so that plain arrows stay scrolling). */
  withShift?: boolean;
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
];

/** The command a key press means, if any. Shift-sensitive entries win over plain ones. */
export function commandForKey(key: string, isShiftHeld: boolean): ViewerCommand | undefined {
  const exact = VIEWER_SHORTCUTS.find((s) => s.keys.includes(key) && (s.withShift ?? false) === isShiftHeld);
  if (exact) return exact.command;
  // Characters such as '+' or '?' need Shift on many layouts; accept them either way.
  return VIEWER_SHORTCUTS.find((s) => s.keys.includes(key) && key.length === 1 && !/[a-z]/i.test(key))?.command;
}
