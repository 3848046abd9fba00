import { describe, expect, it } from 'vitest';
import { commandForKey, readingCommandForKey, READING_SHORTCUTS, VIEWER_SHORTCUTS } from './shortcuts';

describe('reading (study-level) shortcuts', () => {
  it('chooses layouts with Shift+digit whatever character the layout gives', () => {
    expect(readingCommandForKey('!', 'Digit1', true)).toBe('layout-1x1');
    expect(readingCommandForKey('$', 'Digit4', true)).toBe('layout-2x2');
    expect(readingCommandForKey('4', 'Digit4', true)).toBe('layout-2x2'); // a keyboard where Shift+4 is still "4"
    // Plain digits stay window presets.
    expect(readingCommandForKey('4', 'Digit4', false)).toBeUndefined();
  });

  it('tells y from Shift+Y and leaves Ctrl+Y (redo) to the measurement keys', () => {
    expect(readingCommandForKey('y', 'KeyY', false)).toBe('toggle-sync-scroll');
    expect(readingCommandForKey('Y', 'KeyY', true)).toBe('link-positions');
    expect(commandForKey('y', false)).toBeUndefined();
  });

  it('opens Share with s and steps the agenda with { and }', () => {
    expect(readingCommandForKey('s', 'KeyS', false)).toBe('share');
    expect(readingCommandForKey('S', 'KeyS', true)).toBeUndefined();
    expect(readingCommandForKey('{', 'BracketLeft', true)).toBe('previous-case');
    expect(readingCommandForKey('}', 'BracketRight', true)).toBe('next-case');
  });

  it('never takes a key a viewport command already has', () => {
    for (const shortcut of READING_SHORTCUTS) {
      if (shortcut.code) continue;
      for (const key of shortcut.keys) {
        expect(commandForKey(key, shortcut.withShift ?? false), `${key} is both ${shortcut.command} and a viewport command`).toBeUndefined();
      }
    }
    const combos = READING_SHORTCUTS.flatMap((s) => s.keys.map((k) => `${s.withShift ? 'shift+' : ''}${s.code ?? k}`));
    expect(new Set(combos).size).toBe(combos.length);
    expect(VIEWER_SHORTCUTS.length).toBeGreaterThan(0);
  });
});
