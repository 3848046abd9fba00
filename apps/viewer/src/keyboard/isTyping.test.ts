import { describe, expect, it } from 'vitest';
import { isTyping } from './isTyping';

const on = (target: object, key: string) => ({ key, target: target as EventTarget });

describe('isTyping', () => {
  it('gives every key to a text field', () => {
    expect(isTyping(on({ tagName: 'INPUT', type: 'text' }, 'n'))).toBe(true);
    expect(isTyping(on({ tagName: 'INPUT' }, 'i'))).toBe(true);
    expect(isTyping(on({ tagName: 'TEXTAREA' }, 'x'))).toBe(true);
    expect(isTyping(on({ tagName: 'DIV', isContentEditable: true }, 'x'))).toBe(true);
  });
  it('lets letters pressed on the stack slider reach the viewer, but not its arrows', () => {
    expect(isTyping(on({ tagName: 'INPUT', type: 'range' }, 'n'))).toBe(false);
    expect(isTyping(on({ tagName: 'INPUT', type: 'range' }, 'ArrowDown'))).toBe(true);
  });
  it('keeps Space and Enter for a focused button', () => {
    expect(isTyping(on({ tagName: 'BUTTON' }, ' '))).toBe(true);
    expect(isTyping(on({ tagName: 'BUTTON' }, 'i'))).toBe(false);
  });
  it('ignores nothing when no field has focus', () => {
    expect(isTyping(on({ tagName: 'BODY' }, 'ArrowDown'))).toBe(false);
  });
});
