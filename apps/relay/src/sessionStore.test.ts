import { describe, expect, it } from 'vitest';
import { parsePublished } from './sessionStore';

describe('parsePublished', () => {
  it('reads sender, kind and the relay message, whose own newlines stay whole', () => {
    expect(parsePublished('abc/def\nrelay\n{"type":"pointer","pointer":null}')).toEqual({ from: 'abc/def', kind: 'relay', text: '{"type":"pointer","pointer":null}' });
    expect(parsePublished('\nend\n')).toEqual({ from: '', kind: 'end', text: '' });
    expect(parsePublished('x\nrelay\n{"a":"line\none"}')?.text).toBe('{"a":"line\none"}');
  });

  it('refuses anything else on the channel', () => {
    for (const raw of ['', 'no newline', 'a\nrelay', 'a\nshout\n{}']) expect(parsePublished(raw)).toBeUndefined();
  });
});
