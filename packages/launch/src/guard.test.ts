import { describe, expect, it } from 'vitest';
import { checkStudyMatchesPatient } from './guard';

const IDENTITY = { issuerAliases: { '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' } };
const CAROL = [
  { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' },
  { patientId: 'K-3300', issuer: 'LONGVIEW-CLIN' },
];

describe('checkStudyMatchesPatient', () => {
  it('accepts a study of one of the launch records, by the issuer in the data', () => {
    expect(checkStudyMatchesPatient({ patientId: 'R-100234', issuer: 'LONGVIEW-RAD' }, CAROL, IDENTITY)).toEqual({ kind: 'ok' });
  });

  it('accepts an issuer written as an alias (OID) of the launch record\'s', () => {
    expect(checkStudyMatchesPatient({ patientId: 'K-3300', issuer: '2.16.840.1.113883.3.9999.4' }, CAROL, IDENTITY)).toEqual({ kind: 'ok' });
  });

  it('accepts an ID without issuer only through its archive\'s configured issuer', () => {
    expect(checkStudyMatchesPatient({ patientId: 'R-100234', issuer: undefined, archiveIssuer: 'LONGVIEW-RAD' }, CAROL, IDENTITY)).toEqual({ kind: 'ok' });
    const other = checkStudyMatchesPatient({ patientId: 'R-100234', issuer: undefined, archiveIssuer: 'LONGVIEW-CARD' }, CAROL, IDENTITY);
    expect(other.kind).toBe('refused');
  });

  it('never matches on the ID string alone', () => {
    const result = checkStudyMatchesPatient({ patientId: 'R-100234', issuer: undefined }, CAROL, IDENTITY);
    expect(result).toEqual({ kind: 'refused', reason: expect.stringMatching(/gives no issuer .* no configured one/) });
  });

  it('refuses the same ID from another authority (the same-ID stranger)', () => {
    const result = checkStudyMatchesPatient({ patientId: 'R-100234', issuer: 'OUTSIDE-HOSP' }, CAROL, IDENTITY);
    expect(result).toEqual({
      kind: 'refused',
      reason: 'This study belongs to a different patient: its OUTSIDE-HOSP record is not one of the records the EHR named (LONGVIEW-RAD, LONGVIEW-CLIN).',
    });
    if (result.kind === 'refused') expect(result.reason).not.toContain('R-100234');
  });

  it('refuses another patient of the same authority, and a study without patient ID', () => {
    expect(checkStudyMatchesPatient({ patientId: 'R-200991', issuer: 'LONGVIEW-RAD' }, CAROL, IDENTITY).kind).toBe('refused');
    expect(checkStudyMatchesPatient({ patientId: undefined, issuer: 'LONGVIEW-RAD' }, CAROL, IDENTITY)).toMatchObject({
      reason: expect.stringMatching(/has no patient ID/),
    });
    expect(checkStudyMatchesPatient({ patientId: 'R-100234', issuer: 'LONGVIEW-RAD' }, [], IDENTITY).kind).toBe('refused');
  });

  it('accepts a record linked to a launch record by issuer-qualified Other Patient IDs, not by bare ones', () => {
    const linked = { patientId: 'C-55012', issuer: undefined, archiveIssuer: 'LONGVIEW-CARD' };
    expect(checkStudyMatchesPatient({ ...linked, otherIds: [{ patientId: 'R-100234', issuer: 'LONGVIEW-RAD' }] }, CAROL, IDENTITY)).toEqual({ kind: 'ok' });
    expect(checkStudyMatchesPatient({ ...linked, otherIds: [{ patientId: 'R-100234', issuer: undefined }] }, CAROL, IDENTITY).kind).toBe('refused');
    // As ArchiveClient.otherPatientIds returns them.
    expect(checkStudyMatchesPatient({ ...linked, otherIds: [{ patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD' }] }, CAROL, IDENTITY)).toEqual({ kind: 'ok' });
  });
});
