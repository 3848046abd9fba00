import { describe, expect, it } from 'vitest';
import { hasScope, isAllowedIssuer, launchStudyOf, parseSmartLaunchConfig, refreshDelayMs, smartScope, studyUidOfImagingStudy } from './smartLaunch';

describe('parseSmartLaunchConfig', () => {
  it('reads launch.smart', () => {
    expect(parseSmartLaunchConfig({ launch: { smart: { clientId: ' viewer ', issuers: ['http://127.0.0.1:18100/fhir/'] } } })).toEqual({
      kind: 'ok',
      config: { clientId: 'viewer', issuers: ['http://127.0.0.1:18100/fhir'] },
    });
  });
  it('is absent without the section, and says what is wrong with a broken one', () => {
    expect(parseSmartLaunchConfig({ launch: { identifierSystems: {} } })).toEqual({ kind: 'absent' });
    expect(parseSmartLaunchConfig(null)).toEqual({ kind: 'absent' });
    expect(parseSmartLaunchConfig({ launch: { smart: { issuers: ['http://x'] } } })).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('clientId') });
    expect(parseSmartLaunchConfig({ launch: { smart: { clientId: 'v', issuers: [] } } })).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('issuers') });
    expect(parseSmartLaunchConfig({ launch: { smart: { clientId: 'v', issuers: ['javascript:alert(1)'] } } })).toMatchObject({ kind: 'invalid' });
  });
});

describe('isAllowedIssuer', () => {
  const config = { clientId: 'v', issuers: ['https://ehr.example.org/fhir'] };
  it('accepts a configured FHIR base, with or without its trailing slash', () => {
    expect(isAllowedIssuer('https://ehr.example.org/fhir', config)).toBe(true);
    expect(isAllowedIssuer('https://ehr.example.org/fhir/', config)).toBe(true);
  });
  it('refuses any other server, a prefix trick, or none', () => {
    expect(isAllowedIssuer('https://ehr.example.org.evil.example/fhir', config)).toBe(false);
    expect(isAllowedIssuer('https://ehr.example.org/fhir/../other', config)).toBe(false);
    expect(isAllowedIssuer(null, config)).toBe(false);
  });
});

describe('scopes', () => {
  it('an EHR launch asks for launch, a standalone one for launch/patient; both for offline_access', () => {
    expect(smartScope('ehr').split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'offline_access', 'patient/*.read', 'patient/ImagingStudy.write']));
    expect(smartScope('standalone').split(' ')).toContain('patient/ImagingStudy.write');
    expect(smartScope('standalone').split(' ')).toContain('launch/patient');
    expect(smartScope('standalone').split(' ')).not.toContain('launch');
  });
  it('hasScope understands the v1 and v2 wildcards', () => {
    expect(hasScope('openid patient/*.read', 'patient/ImagingStudy.read')).toBe(true);
    expect(hasScope('patient/*.rs', 'patient/Patient.rs')).toBe(true);
    expect(hasScope('patient/Patient.read', 'patient/ImagingStudy.read')).toBe(false);
    expect(hasScope('user/*.read', 'patient/Patient.read')).toBe(false);
    expect(hasScope(undefined, 'launch')).toBe(false);
    // Storing results: the write scope or its wildcard; a read scope never covers a write.
    expect(hasScope('patient/*.write', 'patient/ImagingStudy.write')).toBe(true);
    expect(hasScope('openid patient/*.read', 'patient/ImagingStudy.write')).toBe(false);
    expect(hasScope('patient/*.write', 'patient/ImagingStudy.read')).toBe(false);
  });
});

describe('launchStudyOf', () => {
  it('reads the study by its DICOM UID identifier', () => {
    const tokenResponse = { fhirContext: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.840.1' } }] };
    expect(launchStudyOf(tokenResponse)).toEqual({ kind: 'uid', studyUid: '1.2.840.1' });
  });
  it('or by an ImagingStudy reference', () => {
    expect(launchStudyOf({ fhirContext: [{ reference: 'ImagingStudy/abc-1' }] })).toEqual({ kind: 'reference', imagingStudyId: 'abc-1' });
  });
  it('none when the context names no study (an encounter is not a study)', () => {
    expect(launchStudyOf({ patient: 'p' })).toEqual({ kind: 'none' });
    expect(launchStudyOf({ fhirContext: [{ reference: 'Encounter/e1' }] })).toEqual({ kind: 'none' });
  });
  it('refuses two studies, a UID that is not one, and a study it cannot identify', () => {
    expect(launchStudyOf({ fhirContext: [{ reference: 'ImagingStudy/a' }, { reference: 'ImagingStudy/b' }] })).toMatchObject({ kind: 'invalid' });
    expect(launchStudyOf({ fhirContext: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.*' } }] })).toMatchObject({ kind: 'invalid' });
    expect(launchStudyOf({ fhirContext: [{ type: 'ImagingStudy' }] })).toMatchObject({ kind: 'invalid' });
  });
});

describe('studyUidOfImagingStudy', () => {
  it('is the urn:dicom:uid identifier without its urn:oid: prefix', () => {
    expect(studyUidOfImagingStudy({ identifier: [{ system: 'other', value: 'x' }, { system: 'urn:dicom:uid', value: 'urn:oid:2.25.7' }] })).toBe('2.25.7');
    expect(studyUidOfImagingStudy({ identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:<b>' }] })).toBeUndefined();
    expect(studyUidOfImagingStudy(null)).toBeUndefined();
  });
});

describe('refreshDelayMs', () => {
  const now = 1_000_000_000_000;
  it('refreshes after two thirds of the remaining lifetime', () => {
    expect(refreshDelayMs(now / 1000 + 300, now)).toBe(200_000);
    expect(refreshDelayMs(now / 1000 + 15, now)).toBe(10_000);
  });
  it('at once when expired, never more often than every second otherwise, not at all without an expiry', () => {
    expect(refreshDelayMs(now / 1000 - 5, now)).toBe(0);
    expect(refreshDelayMs(now / 1000 + 1, now)).toBe(1000);
    expect(refreshDelayMs(undefined, now)).toBeUndefined();
  });
});
