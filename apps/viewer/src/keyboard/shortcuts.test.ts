import { describe, expect, it } from 'vitest';
import { commandForKey, VIEWER_SHORTCUTS } from './shortcuts';

describe('viewer shortcuts', () => {
  it('scrolls with plain arrows and pans with shift+arrows', () => {
    expect(commandForKey('ArrowDown', false)).toBe('next-image');
    expect(commandForKey('ArrowDown', true)).toBe('pan-down');
    expect(commandForKey('ArrowLeft', false)).toBe('previous-image');
  });

  it('distinguishes r and shift+R', () => {
    expect(commandForKey('r', false)).toBe('rotate-right');
    expect(commandForKey('R', true)).toBe('rotate-left');
  });

  it('accepts symbol keys whatever the shift state of the layout', () => {
    expect(commandForKey('+', true)).toBe('zoom-in');
    expect(commandForKey('?', false)).toBe('toggle-help');
  });

  it('ignores unmapped keys', () => {
    expect(commandForKey('q', false)).toBeUndefined();
  });

  it('never binds one key combination to two commands', () => {
    const combos = VIEWER_SHORTCUTS.flatMap((s) => s.keys.map((k) => `${s.withCtrl ? 'ctrl+' : ''}${s.withShift ? 'shift+' : ''}${k}`));
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('gives each measurement tool its own key and keeps undo on Ctrl', () => {
    expect(commandForKey('l', false)).toBe('tool-length');
    expect(commandForKey('a', false)).toBe('tool-angle');
    expect(commandForKey('A', true)).toBe('tool-arrow');
    expect(commandForKey('z', false, true)).toBe('undo-measurement');
    expect(commandForKey('Z', true, true)).toBe('redo-measurement');
    expect(commandForKey('y', false, true)).toBe('redo-measurement');
    expect(commandForKey('z', false)).toBeUndefined();
    expect(commandForKey('r', false, true)).toBeUndefined();
  });
});
