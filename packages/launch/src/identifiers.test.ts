import { describe, expect, it } from 'vitest';
import type { ArchiveConfig } from '@longview/dicomweb';
import { parseCx, type Cx } from './cx';
import { identifierSystemMap, issuerForFhirSystem, recordFromCx, recordsFromIdentifiers, resolveIssuer, type LaunchIdentityConfig } from './identifiers';

const archive = (id: string, patientIdIssuer: string | undefined): ArchiveConfig => ({
  id,
  name: id,
  qidoRoot: `/dicomweb/${id}`,
  wadoRoot: `/dicomweb/${id}`,
  auth: { kind: 'none' },
  timeoutMs: 1000,
  profile: 'dicomweb',
  patientIdIssuer,
});

// The shape of public/config.json.
const CONFIG: LaunchIdentityConfig = {
  archives: [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD'), archive('clinics', 'LONGVIEW-CLIN')],
  identity: { issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD', '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' } },
  launch: {
    identifierSystems: {
      'urn:oid:2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD',
      'https://longview.example/fhir/sid/card-mrn': 'LONGVIEW-CARD',
      // Mapped to the OID spelling: the alias still makes it LONGVIEW-CLIN.
      'https://longview.example/fhir/sid/clin-mrn': '2.16.840.1.113883.3.9999.4',
    },
  },
};

function cx(value: string): Cx {
  const result = parseCx(value);
  if (result.kind !== 'ok') throw new Error(result.message);
  return result.cx;
}

describe('resolveIssuer', () => {
  it('applies issuer aliases so an OID and its local name agree', () => {
    expect(resolveIssuer('2.16.840.1.113883.3.9999.4', CONFIG.identity)).toBe('LONGVIEW-CLIN');
    expect(resolveIssuer(' LONGVIEW-RAD ', CONFIG.identity)).toBe('LONGVIEW-RAD');
    expect(resolveIssuer('OUTSIDE-HOSP', CONFIG.identity)).toBe('OUTSIDE-HOSP');
  });
});

describe('issuerForFhirSystem', () => {
  it('maps configured systems, applying aliases to the result', () => {
    expect(issuerForFhirSystem('urn:oid:2.16.840.1.113883.3.9999.1', CONFIG)).toBe('LONGVIEW-RAD');
    expect(issuerForFhirSystem('https://longview.example/fhir/sid/card-mrn', CONFIG)).toBe('LONGVIEW-CARD');
    expect(issuerForFhirSystem('https://longview.example/fhir/sid/clin-mrn', CONFIG)).toBe('LONGVIEW-CLIN');
  });

  it('maps urn:oid systems whose OID is a configured alias', () => {
    expect(issuerForFhirSystem('urn:oid:2.16.840.1.113883.3.9999.4', CONFIG)).toBe('LONGVIEW-CLIN');
  });

  it('never guesses an unknown system, an empty one, or one by its ending', () => {
    expect(issuerForFhirSystem('urn:oid:9.9.9', CONFIG)).toBeUndefined();
    expect(issuerForFhirSystem('http://hl7.org/fhir/sid/us-ssn', CONFIG)).toBeUndefined();
    expect(issuerForFhirSystem('https://longview.example/fhir/sid/CARD-MRN', CONFIG)).toBeUndefined();
    expect(issuerForFhirSystem(undefined, CONFIG)).toBeUndefined();
    expect(issuerForFhirSystem('  ', CONFIG)).toBeUndefined();
    expect(issuerForFhirSystem('urn:oid:2.16.840.1.113883.3.9999.1', { identity: { issuerAliases: {} } })).toBeUndefined();
  });
});

describe('recordsFromIdentifiers', () => {
  it('maps each FHIR identifier to a record and reports the rest without their values', () => {
    const result = recordsFromIdentifiers(
      [
        { system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: 'R-100234' },
        { system: 'https://longview.example/fhir/sid/card-mrn', value: ' C-55012 ' },
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-12-3456' },
        { value: 'K-3300' },
        { system: 'urn:oid:2.16.840.1.113883.3.9999.4' },
        { system: 'urn:oid:2.16.840.1.113883.3.9999.4', value: 'K-*' },
        // The same record twice (OID and URL system) is searched once.
        { system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: 'R-100234' },
      ],
      CONFIG,
    );
    expect(result.records).toEqual([
      { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' },
      { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' },
    ]);
    expect(result.skipped).toEqual([
      { system: 'http://hl7.org/fhir/sid/us-ssn', reason: 'unmapped-system' },
      { system: undefined, reason: 'no-system' },
      { system: 'urn:oid:2.16.840.1.113883.3.9999.4', reason: 'no-value' },
      { system: 'urn:oid:2.16.840.1.113883.3.9999.4', reason: 'unsafe-value' },
    ]);
    expect(JSON.stringify(result.skipped)).not.toContain('999-12-3456');
  });
});

describe('recordFromCx', () => {
  it('takes the namespace an archive knows', () => {
    expect(recordFromCx(cx('R-100234^^^LONGVIEW-RAD'), CONFIG)).toEqual({ kind: 'ok', record: { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' } });
  });

  it('resolves a universal ID (OID) through the aliases', () => {
    expect(recordFromCx(cx('K-3300^^^&2.16.840.1.113883.3.9999.4&ISO'), CONFIG)).toEqual({
      kind: 'ok',
      record: { patientId: 'K-3300', issuer: 'LONGVIEW-CLIN' },
    });
  });

  it('accepts a namespace and universal ID that agree, or whose one part is unknown', () => {
    expect(recordFromCx(cx('K-3300^^^LONGVIEW-CLIN&2.16.840.1.113883.3.9999.4&ISO'), CONFIG)).toMatchObject({ record: { issuer: 'LONGVIEW-CLIN' } });
    expect(recordFromCx(cx('K-3300^^^CLINICS&2.16.840.1.113883.3.9999.4&ISO'), CONFIG)).toMatchObject({ record: { issuer: 'LONGVIEW-CLIN' } });
    expect(recordFromCx(cx('1^^^&urn:oid:2.16.840.1.113883.3.9999.1&URI'), CONFIG)).toMatchObject({ record: { issuer: 'LONGVIEW-RAD' } });
  });

  it('refuses a namespace and universal ID that name different known issuers', () => {
    const result = recordFromCx(cx('K-3300^^^LONGVIEW-RAD&2.16.840.1.113883.3.9999.4&ISO'), CONFIG);
    expect(result).toEqual({ kind: 'error', message: 'names an assigning authority whose parts denote different issuers (LONGVIEW-RAD, LONGVIEW-CLIN).' });
  });

  it('keeps an unknown issuer as given: it then matches only records that carry it', () => {
    expect(recordFromCx(cx('R-100234^^^OUTSIDE-HOSP'), CONFIG)).toEqual({ kind: 'ok', record: { patientId: 'R-100234', issuer: 'OUTSIDE-HOSP' } });
  });

  it('refuses an ID without an authority and IDs that QIDO would read as wildcards', () => {
    expect(recordFromCx(cx('R-100234'), CONFIG)).toMatchObject({ kind: 'error', message: expect.stringMatching(/no assigning authority/) });
    expect(recordFromCx(cx('R-1*^^^LONGVIEW-RAD'), CONFIG)).toMatchObject({ kind: 'error', message: expect.stringMatching(/could match other patients/) });
    expect(recordFromCx(cx('R-1?^^^LONGVIEW-RAD'), CONFIG).kind).toBe('error');
    expect(recordFromCx(cx('R-1\\E\\2^^^LONGVIEW-RAD'), CONFIG).kind).toBe('error');
  });
});

describe('identifierSystemMap (the MPI\'s systems)', () => {
  it('maps systems to issuers as a launch does, and asks about an issuer under its first listed system', () => {
    const systems = identifierSystemMap(CONFIG);
    expect(systems.issuerOf('https://longview.example/fhir/sid/clin-mrn')).toBe('LONGVIEW-CLIN');
    expect(systems.issuerOf('urn:oid:2.16.840.1.113883.3.9999.4')).toBe('LONGVIEW-CLIN');
    expect(systems.issuerOf('urn:oid:2.16.840.1.113883.3.7777.1')).toBeUndefined();
    expect(systems.systemOf('LONGVIEW-RAD')).toBe('urn:oid:2.16.840.1.113883.3.9999.1');
    expect(systems.systemOf('2.16.840.1.113883.3.9999.1')).toBe('urn:oid:2.16.840.1.113883.3.9999.1');
    expect(systems.systemOf('LONGVIEW-CLIN')).toBe('https://longview.example/fhir/sid/clin-mrn');
    expect(systems.systemOf('OUTSIDE-HOSP')).toBeUndefined();
  });
});
