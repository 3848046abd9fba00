import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, cleanDisplayName, parseClientMessage, parseRelayMessage } from './protocol';

describe('live-session protocol', () => {
  it('keeps display names to 40 printable characters, with a fallback', () => {
    expect(cleanDisplayName('  Dr Who\u0007\n ')).toBe('Dr Who');
    expect([...cleanDisplayName('é'.repeat(60))]).toHaveLength(40);
    expect(cleanDisplayName(42)).toBe('Attendee');
    expect(cleanDisplayName('   ')).toBe('Attendee');
  });

  it('reads a join and refuses a guessable clientKey', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'join', clientKey: 'abcdefghijklmnop', displayName: 'A', lastRevision: 3 }))).toEqual({
      ok: true,
      message: { type: 'join', clientKey: 'abcdefghijklmnop', displayName: 'A', lastRevision: 3 },
    });
    expect(parseClientMessage(JSON.stringify({ type: 'join', clientKey: 'short', displayName: 'A' }))).toMatchObject({ ok: false });
    expect(parseClientMessage(JSON.stringify({ type: 'join', clientKey: 'abcdefghijklmnop', lastRevision: -1 }))).toMatchObject({ ok: false });
  });

  it('accepts pointers inside the cell only, and null to hide it', () => {
    expect(parseClientMessage('{"type":"pointer","pointer":{"cell":2,"x":0,"y":1}}')).toEqual({ ok: true, message: { type: 'pointer', pointer: { cell: 2, x: 0, y: 1 } } });
    expect(parseClientMessage('{"type":"pointer","pointer":null}')).toEqual({ ok: true, message: { type: 'pointer', pointer: null } });
    for (const pointer of [{ cell: 0, x: 1.01, y: 0 }, { cell: -1, x: 0, y: 0 }, { cell: 0.5, x: 0, y: 0 }, { cell: 0, x: 'NaN', y: 0 }, 'up']) {
      expect(parseClientMessage(JSON.stringify({ type: 'pointer', pointer }))).toMatchObject({ ok: false });
    }
  });

  it('refuses what is not a message: garbage, arrays, unknown types, oversized text, a view without a valid session', () => {
    expect(parseClientMessage('{')).toEqual({ ok: false, message: 'Message is not JSON.' });
    expect(parseClientMessage('[1]')).toEqual({ ok: false, message: 'Message is not a JSON object.' });
    expect(parseClientMessage('{"type":"shutdown"}')).toEqual({ ok: false, message: 'Unknown message type.' });
    expect(parseClientMessage(' '.repeat(MAX_MESSAGE_BYTES + 1))).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
    expect(parseClientMessage(JSON.stringify({ type: 'view', revision: 1, view: { cases: [], activeCase: 0, patientName: 'DOE^JANE' } }))).toMatchObject({ ok: false });
    expect(parseClientMessage(JSON.stringify({ type: 'view', revision: 0, view: {} }))).toMatchObject({ ok: false, message: 'view: revision must be a positive integer.' });
  });

  it('reads a relay error even without a message, and refuses a malformed roster', () => {
    expect(parseRelayMessage('{"type":"error"}')).toEqual({ ok: true, message: { type: 'error', message: 'The relay refused a message.' } });
    expect(parseRelayMessage('{"type":"peers","peers":[{"peerId":"p"}]}')).toMatchObject({ ok: false });
  });
});
