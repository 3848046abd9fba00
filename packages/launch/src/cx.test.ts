import { describe, expect, it } from 'vitest';
import { parseCx, type CxResult } from './cx';

function ok(result: CxResult) {
  if (result.kind !== 'ok') throw new Error(`expected a CX, got: ${result.message}`);
  return result.cx;
}

function error(result: CxResult) {
  if (result.kind !== 'error') throw new Error('expected an error');
  return result.message;
}

describe('parseCx', () => {
  it('reads ID^^^namespace', () => {
    const cx = ok(parseCx('R-100234^^^LONGVIEW-RAD'));
    expect(cx.patientId).toBe('R-100234');
    expect(cx.assigningAuthority).toEqual({ namespaceId: 'LONGVIEW-RAD', universalId: undefined, universalIdType: undefined });
    expect(cx.issuerCandidates).toEqual(['LONGVIEW-RAD']);
  });

  it('reads a universal ID given as &OID&ISO', () => {
    const cx = ok(parseCx('K-3300^^^&2.16.840.1.113883.3.9999.4&ISO'));
    expect(cx.assigningAuthority).toEqual({ namespaceId: undefined, universalId: '2.16.840.1.113883.3.9999.4', universalIdType: 'ISO' });
    expect(cx.issuerCandidates).toEqual(['2.16.840.1.113883.3.9999.4']);
  });

  it('keeps namespace first when all three HD parts are given', () => {
    expect(ok(parseCx('K-3300^^^LONGVIEW-CLIN&2.16.840.1.113883.3.9999.4&ISO')).issuerCandidates).toEqual([
      'LONGVIEW-CLIN',
      '2.16.840.1.113883.3.9999.4',
    ]);
  });

  it('ignores check digit, identifier type and facility components', () => {
    const cx = ok(parseCx('12345^7^M10^LONGVIEW-RAD^MR^FACILITY'));
    expect(cx.patientId).toBe('12345');
    expect(cx.issuerCandidates).toEqual(['LONGVIEW-RAD']);
  });

  it('resolves every HL7 escape in the ID after splitting, so escaped separators never split', () => {
    expect(ok(parseCx('A\\S\\B\\T\\C\\F\\D\\R\\E\\E\\F^^^X')).patientId).toBe('A^B&C|D~E\\F');
  });

  it('resolves escapes inside the assigning authority subcomponents', () => {
    expect(ok(parseCx('1^^^R\\T\\D&1.2.3&ISO')).issuerCandidates).toEqual(['R&D', '1.2.3']);
  });

  it('accepts an ID with no assigning authority but names no issuer', () => {
    expect(ok(parseCx('12345')).issuerCandidates).toEqual([]);
    expect(ok(parseCx('12345^^^')).assigningAuthority).toBeUndefined();
    expect(ok(parseCx('12345^^^&&')).issuerCandidates).toEqual([]);
  });

  it('trims spaces around the ID (a + in a URL decodes to one)', () => {
    expect(ok(parseCx(' 12345 ^^^ LONGVIEW-RAD ')).patientId).toBe('12345');
  });

  it('refuses empty values and empty IDs', () => {
    expect(error(parseCx(''))).toMatch(/is empty/);
    expect(error(parseCx('^^^LONGVIEW-RAD'))).toMatch(/no ID before the first "\^"/);
    expect(error(parseCx('  ^^^LONGVIEW-RAD'))).toMatch(/no ID/);
  });

  it('refuses unknown, unterminated and hex escape sequences', () => {
    expect(error(parseCx('12\\Z\\3^^^X'))).toMatch(/escape sequence \\Z\\ that is not one of/);
    expect(error(parseCx('12\\X41\\^^^X'))).toMatch(/\\X41\\/);
    expect(error(parseCx('123\\^^^X'))).toMatch(/never ends/);
    expect(error(parseCx('123^^^X\\T'))).toMatch(/assigning authority has a "\\" .* never ends/);
  });

  it('refuses repetitions and raw field separators, but accepts them escaped', () => {
    expect(error(parseCx('1^^^A~2^^^B'))).toMatch(/repeats the identifier/);
    expect(error(parseCx('1|2^^^A'))).toMatch(/field separator/);
    expect(ok(parseCx('1\\R\\2^^^A')).patientId).toBe('1~2');
  });

  it('refuses a raw subcomponent separator in the ID', () => {
    expect(error(parseCx('1&2^^^A'))).toMatch(/"&" in the ID/);
  });

  it('refuses a universal ID type without a universal ID, and an ISO type that is not an OID', () => {
    expect(error(parseCx('1^^^A&&ISO'))).toMatch(/universal ID type \(ISO\) .* but no universal ID/);
    expect(error(parseCx('1^^^&not-an-oid&ISO'))).toMatch(/not an OID/);
    expect(error(parseCx('1^^^A&B&C&D'))).toMatch(/more than three parts/);
  });

  it('never repeats the patient ID in an error', () => {
    expect(error(parseCx('SECRET-77\\Q\\^^^A'))).not.toContain('SECRET-77');
  });
});
