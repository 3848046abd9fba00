import { describe, expect, it } from 'vitest';
import { parsePublished } from './sessionStore';

describe('parsePublished', () => {
  it('reads sender, kind and the relay message, whose own newlines stay whole', () => {
    expect(parsePublished('abc/def\nrelay\n{"type":"pointer","pointer":null}')).toEqual({ from: 'abc/def', kind: 'relay', text: '{"type":"pointer","pointer":null}' });
    expect(parsePublished('\nend\n')).toEqual({ from: '', kind: 'end', text: '' });
    expect(parsePublished('x\nrelay\n{"a":"line\none"}')?.text).toBe('{"a":"line\none"}');
    expect(parsePublished('abc/def\nview 12\n{"type":"view"}')).toEqual({ from: 'abc/def', kind: 'view', revision: 12, text: '{"type":"view"}' });
  });

  it('refuses anything else on the channel', () => {
    for (const raw of ['', 'no newline', 'a\nrelay', 'a\nshout\n{}', 'a\nview\n{}', 'a\nview x\n{}']) expect(parsePublished(raw)).toBeUndefined();
  });
});
