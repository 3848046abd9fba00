import { describe, expect, it } from 'vitest';
import { bearerChallenge, bearerTokenOf } from './archive-guard.mjs';
import { escapeHtml, patientLabel } from './ehr-pages.mjs';
import { grantsImagingRead, isLoopbackOrigin, launchContextFields, smartConfiguration } from './smart-configuration.mjs';

describe('SMART discovery', () => {
  it('names the endpoints of the issuer, PKCE S256 and the launch capabilities', () => {
    const config = smartConfiguration('http://127.0.0.1:18100/');
    expect(config).toMatchObject({
      issuer: 'http://127.0.0.1:18100',
      authorization_endpoint: 'http://127.0.0.1:18100/auth',
      token_endpoint: 'http://127.0.0.1:18100/token',
      revocation_endpoint: 'http://127.0.0.1:18100/token/revocation',
      introspection_endpoint: 'http://127.0.0.1:18100/token/introspection',
      code_challenge_methods_supported: ['S256'],
    });
    expect(config.capabilities).toEqual(expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'permission-offline']));
    expect(config.scopes_supported).toEqual(expect.arrayContaining(['launch', 'launch/patient', 'offline_access', 'patient/*.read']));
  });
});

describe('launch context in the token response', () => {
  it('gives the patient and the study in context by its DICOM UID', () => {
    expect(launchContextFields({ patient: 'patient-1', studyUid: '1.2.3' })).toEqual({
      patient: 'patient-1',
      fhirContext: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' } }],
      need_patient_banner: false,
    });
  });
  it('adds nothing without a launch context', () => {
    expect(launchContextFields(undefined)).toEqual({});
    expect(launchContextFields({})).toEqual({});
  });
});

describe('scopes and bearer tokens', () => {
  it('imaging may be read with patient/*.read or patient/ImagingStudy.read only', () => {
    expect(grantsImagingRead('openid launch patient/*.read')).toBe(true);
    expect(grantsImagingRead('patient/ImagingStudy.read')).toBe(true);
    expect(grantsImagingRead('openid fhirUser patient/Patient.read')).toBe(false);
    expect(grantsImagingRead(undefined)).toBe(false);
  });
  it('reads a Bearer header (RFC 6750) and nothing else', () => {
    expect(bearerTokenOf('Bearer abc.DEF-123_~+/=')).toBe('abc.DEF-123_~+/=');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearer two words')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
  it('challenges say what is wrong without echoing the token', () => {
    expect(bearerChallenge('oncology')).toBe('Bearer realm="oncology"');
    expect(bearerChallenge('oncology', 'invalid_token')).toMatch(/^Bearer realm="oncology", error="invalid_token"/);
    expect(bearerChallenge('oncology', 'insufficient_scope')).toContain('scope="patient/*.read"');
  });
  it('CORS only for loopback origins', () => {
    expect(isLoopbackOrigin('http://127.0.0.1:5174')).toBe(true);
    expect(isLoopbackOrigin('http://localhost:5173')).toBe(true);
    expect(isLoopbackOrigin('https://evil.example')).toBe(false);
    expect(isLoopbackOrigin('http://127.0.0.1.evil.example')).toBe(false);
    expect(isLoopbackOrigin(undefined)).toBe(false);
  });
});

describe('test EHR pages', () => {
  it('escape what they show and tell namesakes apart by their first identifier', () => {
    expect(escapeHtml('<script>"x"</script>')).toBe('&lt;script&gt;&quot;x&quot;&lt;/script&gt;');
    const patient = { name: [{ family: 'LONGVIEW', given: ['CAROL'] }], birthDate: '1958-09-23', identifier: [{ value: 'R-200991' }] };
    expect(patientLabel(patient)).toBe('LONGVIEW, CAROL · 1958-09-23 · R-200991');
  });
});

describe('the viewer CSP allows the trusted SMART servers', async () => {
  const { smartConnectSources, contentSecurityPolicy } = await import('../serve/security-headers.mjs');
  it('takes only the origins of launch.smart.issuers', () => {
    const config = { launch: { smart: { issuers: ['http://127.0.0.1:18100/fhir', 'https://ehr.example.org/r4/', 'javascript:alert(1)', 'not a url'] } } };
    expect(smartConnectSources(config)).toEqual(['http://127.0.0.1:18100', 'https://ehr.example.org']);
    expect(smartConnectSources({})).toEqual([]);
    expect(contentSecurityPolicy({ connectSources: smartConnectSources(config) })).toContain("connect-src 'self' http://127.0.0.1:18100 https://ehr.example.org;");
  });
});
