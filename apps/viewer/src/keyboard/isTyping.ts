/** Inputs that take no text: a letter pressed on them is meant for the viewer. */
const NON_TEXT_INPUT_TYPES = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file']);
/** Keys a focused slider uses itself; the viewer must not act on them twice. */
const SLIDER_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
/** Keys that press a focused button, checkbox or select. */
const ACTIVATION_KEYS = new Set([' ', 'Enter']);

interface FieldLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/**
 * True when a key press belongs to the focused form field, so viewer shortcuts must not
 * react: any key in a text field, the arrows on a slider, Space/Enter on a button. After a
 * user drags the stack scrollbar, "n" or "i" still reach the viewer.
 */
export function isTyping(event: { key: string; target: EventTarget | null }): boolean {
  const field = event.target as FieldLike | null;
  const tag = field?.tagName;
  if (field?.isContentEditable === true || tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (field?.type ?? 'text').toLowerCase();
    if (!NON_TEXT_INPUT_TYPES.has(type)) return true;
    if (type === 'range') return SLIDER_KEYS.has(event.key);
    return ACTIVATION_KEYS.has(event.key);
  }
  if (tag === 'BUTTON') return ACTIVATION_KEYS.has(event.key);
  return false;
}
