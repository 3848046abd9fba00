import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerChallenge, bearerTokenOf, createArchiveGuard, isWriteMethod } from './archive-guard.mjs';
import { consentPage, ehrLaunchPage, escapeHtml, patientLabel } from './ehr-pages.mjs';
import {
  consentScopes, grantsImagingRead, grantsImagingWrite, isLoopbackOrigin, launchContextFields, mayStoreResultsOf, smartConfiguration,
} from './smart-configuration.mjs';

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
    expect(config.scopes_supported).toEqual(expect.arrayContaining(['launch', 'launch/patient', 'offline_access', 'patient/*.read', 'patient/*.write', 'patient/ImagingStudy.write']));
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
    expect(grantsImagingRead('patient/ImagingStudy.write')).toBe(false);
  });
  it('imaging may be written with patient/*.write or patient/ImagingStudy.write only; a read scope is not one', () => {
    expect(grantsImagingWrite('openid patient/*.read patient/ImagingStudy.write')).toBe(true);
    expect(grantsImagingWrite('patient/*.write')).toBe(true);
    expect(grantsImagingWrite('openid fhirUser patient/*.read patient/ImagingStudy.read')).toBe(false);
    expect(grantsImagingWrite('patient/Patient.write')).toBe(false);
    expect(grantsImagingWrite(undefined)).toBe(false);
    expect(['POST', 'PUT', 'DELETE', 'PATCH'].every(isWriteMethod)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isWriteMethod)).toBe(false);
  });
  it('the consent grants what the EHR knows of what was asked, and a write scope only where the launch lets the reader store results', () => {
    const asked = 'launch openid fhirUser offline_access patient/*.read patient/ImagingStudy.write user/*.*';
    expect(consentScopes(asked, { mayStoreResults: true })).toEqual({ granted: 'launch openid fhirUser offline_access patient/*.read patient/ImagingStudy.write', withheld: '' });
    expect(consentScopes(asked, { mayStoreResults: false })).toEqual({ granted: 'launch openid fhirUser offline_access patient/*.read', withheld: 'patient/ImagingStudy.write' });
    expect(consentScopes('patient/*.write', { mayStoreResults: false })).toEqual({ granted: '', withheld: 'patient/*.write' });
  });
  it('"Reader may store results": ticked by default, write=0 alone turns it off, a form without the field keeps it on', () => {
    expect(mayStoreResultsOf(new URLSearchParams('write=0&write=1'))).toBe(true);
    expect(mayStoreResultsOf(new URLSearchParams('write=0'))).toBe(false);
    expect(mayStoreResultsOf(new URLSearchParams('patient=p'))).toBe(true);
    const picker = ehrLaunchPage({ patients: [], imagingStudies: [], viewer: 'http://127.0.0.1:5173', defaultTtlS: 300 });
    expect(picker).toContain('<input type="hidden" name="write" value="0">');
    expect(picker).toContain('<label><input name="write" type="checkbox" value="1" checked> Reader may store results</label>');
    const consent = (mayStoreResults) => consentPage({ uid: 'u', clientId: 'c', scope: 's', patients: [], patientLabel: 'X', mayStoreResults, userDisplay: 'Dr Ngozi Okafor' });
    expect(consent(false)).toContain('Storing results: not allowed for this launch');
    expect(consent(true)).toContain('Storing results: allowed');
    expect(consent(true)).toContain('Signed in as <strong>Dr Ngozi Okafor</strong>');
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
    expect(bearerChallenge('oncology', 'insufficient_scope', 'patient/ImagingStudy.write')).toBe('Bearer realm="oncology", error="insufficient_scope", scope="patient/ImagingStudy.write"');
  });
  it('CORS only for loopback origins', () => {
    expect(isLoopbackOrigin('http://127.0.0.1:5174')).toBe(true);
    expect(isLoopbackOrigin('http://localhost:5173')).toBe(true);
    expect(isLoopbackOrigin('https://evil.example')).toBe(false);
    expect(isLoopbackOrigin('http://127.0.0.1.evil.example')).toBe(false);
    expect(isLoopbackOrigin(undefined)).toBe(false);
  });
});

describe('the archive guard', () => {
  const TOKENS = {
    reader: { active: true, scope: 'openid patient/*.read' },
    writer: { active: true, scope: 'openid patient/*.read patient/ImagingStudy.write' },
    expired: { active: false },
  };
  const stats = { accepted: 0, rejected: 0, missing: 0, forbidden: 0, writeForbidden: 0, introspectionFailed: 0 };
  const seenByArchive = [];
  let archive;
  let guard;
  let port;

  beforeAll(async () => {
    archive = http.createServer((request, response) => {
      seenByArchive.push(`${request.method} ${request.url} ${request.headers.authorization ?? 'no token'}`);
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/dicom+json' }).end('{}'));
    });
    await new Promise((ready) => archive.listen(0, '127.0.0.1', ready));
    const handler = createArchiveGuard({ realm: 'oncology', upstream: `http://127.0.0.1:${archive.address().port}/dicom-web`, introspect: async (token) => TOKENS[token] ?? { active: false }, stats });
    guard = http.createServer((request, response) => void handler(request, response));
    await new Promise((ready) => guard.listen(0, '127.0.0.1', ready));
    port = guard.address().port;
  });
  afterAll(() => {
    guard?.close();
    archive?.close();
  });

  const send = async (method, token) => {
    const response = await fetch(`http://127.0.0.1:${port}/studies`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, body: method === 'POST' ? 'results' : undefined });
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.text() };
  };

  it('reads need an imaging read scope; writes an imaging write scope, else 403 naming it; the token never reaches the archive', async () => {
    expect((await send('GET', 'reader')).status).toBe(200);
    expect(await send('POST', 'reader')).toEqual({
      status: 403,
      challenge: 'Bearer realm="oncology", error="insufficient_scope", scope="patient/ImagingStudy.write"',
      body: 'The access token does not allow storing results.',
    });
    expect((await send('DELETE', 'reader')).status).toBe(403);
    expect((await send('POST', 'writer')).status).toBe(200);
    expect((await send('POST', 'expired')).status).toBe(401);
    expect((await send('POST')).status).toBe(401);
    expect(seenByArchive).toEqual(['GET /dicom-web/studies no token', 'POST /dicom-web/studies no token']);
    expect(stats).toMatchObject({ accepted: 2, forbidden: 0, writeForbidden: 2, rejected: 1, missing: 1 });
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
