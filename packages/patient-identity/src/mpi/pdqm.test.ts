import { describe, expect, it } from 'vitest';
import { createPdqmClient, IdentitySourceError } from '../index';
import { answering, outcome, testSystems, type RecordedRequest } from './testSystems';

const BASE = 'http://mpi.test/fhir';
const RAD = { patientId: 'E-4410', issuer: 'LONGVIEW-RAD' };

const patient = (id: string, identifier: unknown[], extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', id, identifier, ...extra });
const bundle = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) });

async function failure(promise: Promise<unknown>): Promise<IdentitySourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IdentitySourceError);
  return error as IdentitySourceError;
}

describe('PDQm client (ITI-78)', () => {
  it('searches Patient by identifier and reads every identifier and the demographics', async () => {
    const requests: RecordedRequest[] = [];
    const answer = bundle(
      patient('patient-1', [
        { system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: 'E-4410' },
        { system: 'urn:oid:2.16.840.1.113883.3.9999.2', value: 'C-61200' },
        { system: 'https://longview.example/fhir/sid/path-mrn', value: 'P-8820' },
      ], { name: [{ use: 'official', family: 'LONGVIEW', given: ['ERIN'] }], gender: 'female', birthDate: '1971-06-03' }),
    );
    const pdqm = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(200, answer, requests) });
    const [found, ...more] = await pdqm.patientsWithIdentifier(RAD);
    expect(more).toEqual([]);
    expect(found).toEqual({
      id: 'patient-1',
      identifiers: [
        { patientId: 'E-4410', issuer: 'LONGVIEW-RAD' },
        { patientId: 'C-61200', issuer: 'LONGVIEW-CARD' },
        { patientId: 'P-8820', issuer: 'LONGVIEW-PATH' },
      ],
      ignoredSystems: [],
      birthDate: '19710603',
      sex: 'F',
      name: 'LONGVIEW^ERIN',
    });
    expect(requests[0]?.url.pathname).toBe('/fhir/Patient');
    expect(requests[0]?.url.searchParams.get('identifier')).toBe('urn:oid:2.16.840.1.113883.3.9999.1|E-4410');
    expect(requests[0]?.authorization).toBeNull();
  });

  it('returns several patients when the MPI holds several (a duplicate it has not merged)', async () => {
    const answer = bundle(patient('a', [{ system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: 'E-4410' }]), patient('b', [{ system: 'urn:oid:2.16.840.1.113883.3.9999.2', value: 'C-1' }]));
    const pdqm = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(200, answer) });
    expect((await pdqm.patientsWithIdentifier(RAD)).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('reads an empty searchset as no match', async () => {
    const pdqm = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(200, { resourceType: 'Bundle', type: 'searchset', total: 0 }) });
    expect(await pdqm.patientsWithIdentifier(RAD)).toEqual([]);
  });

  it('shows the OperationOutcome of a 400 and a 404', async () => {
    const bad = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(400, outcome('invalid', 'Unknown search parameter "identifer"')) });
    const error = await failure(bad.patientsWithIdentifier(RAD));
    expect(error.kind).toBe('refused');
    expect(error.userMessage).toBe('The master patient index refused the request (HTTP 400): Unknown search parameter "identifer"');
    const missing = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', details: { text: 'No such endpoint' } }] }) });
    expect((await failure(missing.patientsWithIdentifier(RAD))).userMessage).toBe('The master patient index refused the request (HTTP 404): No such endpoint');
  });

  it('ignores identifiers of unmapped systems, and never guesses their issuer', async () => {
    const answer = bundle(patient('p', [{ system: 'urn:oid:2.16.840.1.113883.3.7777.1', value: 'R-100234' }, { system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: 'E-4410' }]));
    const pdqm = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(200, answer) });
    const [found] = await pdqm.patientsWithIdentifier(RAD);
    expect(found?.identifiers).toEqual([{ patientId: 'E-4410', issuer: 'LONGVIEW-RAD' }]);
    expect(found?.ignoredSystems).toEqual(['urn:oid:2.16.840.1.113883.3.7777.1']);
  });

  it('refuses a malformed answer with a clear error', async () => {
    const cases: [unknown, string][] = [
      [{ resourceType: 'Parameters' }, 'The master patient index sent an answer that is not a FHIR Bundle; it is not used.'],
      [bundle({ resourceType: 'Practitioner', id: 'x' }), 'The master patient index sent a Bundle entry that is not a Patient; its answer is not used.'],
      [bundle(patient('p', [{ value: 'E-4410' }])), 'The master patient index sent a Patient identifier without a system and a value; its answer is not used.'],
      ['{"resourceType": "Bundle"', 'The master patient index sent an answer that is not FHIR JSON.'],
    ];
    for (const [body, message] of cases) {
      const pdqm = createPdqmClient({ base: BASE, systems: testSystems, fetch: answering(200, body) });
      const error = await failure(pdqm.patientsWithIdentifier(RAD));
      expect(error.kind).toBe('malformed');
      expect(error.userMessage).toBe(message);
    }
  });
});
