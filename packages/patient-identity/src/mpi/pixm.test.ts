import { describe, expect, it } from 'vitest';
import { createPixmSource, IdentitySourceError } from '../index';
import { answering, outcome, testSystems, type RecordedRequest } from './testSystems';

const BASE = 'http://mpi.test/fhir';
const RAD = { patientId: 'E-4410', issuer: 'LONGVIEW-RAD' };

const target = (system: string, value: string) => ({ name: 'targetIdentifier', valueIdentifier: { system, value } });
const targetId = (reference: string) => ({ name: 'targetId', valueReference: { reference } });

async function failure(promise: Promise<unknown>): Promise<IdentitySourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IdentitySourceError);
  return error as IdentitySourceError;
}

describe('PIXm client (ITI-83)', () => {
  it('asks with the issuer\'s system and maps several targets back to issuers', async () => {
    const requests: RecordedRequest[] = [];
    const answer = {
      resourceType: 'Parameters',
      parameter: [
        target('urn:oid:2.16.840.1.113883.3.9999.2', 'C-61200'),
        targetId('Patient/patient-1'),
        target('https://longview.example/fhir/sid/path-mrn', 'P-8820'),
        // The source itself, repeated by some servers: not a cross-reference.
        target('urn:oid:2.16.840.1.113883.3.9999.1', 'E-4410'),
      ],
    };
    const pixm = createPixmSource({ base: `${BASE}/`, systems: testSystems, fetch: answering(200, answer, requests), accessToken: () => 'token-1' });
    const result = await pixm.crossReferences(RAD);
    expect(result.identifiers).toEqual([
      { patientId: 'C-61200', issuer: 'LONGVIEW-CARD' },
      { patientId: 'P-8820', issuer: 'LONGVIEW-PATH' },
    ]);
    expect(result.ignoredSystems).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url.pathname).toBe('/fhir/Patient/$ihe-pix');
    expect(requests[0]?.url.searchParams.get('sourceIdentifier')).toBe('urn:oid:2.16.840.1.113883.3.9999.1|E-4410');
    expect(requests[0]?.authorization).toBe('Bearer token-1');
  });

  it('reads an answer without parameters as no match', async () => {
    const pixm = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(200, { resourceType: 'Parameters' }) });
    expect(await pixm.crossReferences(RAD)).toEqual({ identifiers: [], ignoredSystems: [] });
    const empty = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(200, { resourceType: 'Parameters', parameter: [] }) });
    expect((await empty.crossReferences(RAD)).identifiers).toEqual([]);
  });

  it('shows the OperationOutcome of a 404 (unknown patient) and a 400 (unknown domain)', async () => {
    const notFound = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(404, outcome('not-found', 'sourceIdentifier Patient Identifier not found')) });
    const unknownPatient = await failure(notFound.crossReferences(RAD));
    expect(unknownPatient.kind).toBe('refused');
    expect(unknownPatient.status).toBe(404);
    expect(unknownPatient.isRetryable).toBe(false);
    expect(unknownPatient.userMessage).toBe('The master patient index refused the request (HTTP 404): sourceIdentifier Patient Identifier not found');

    const badDomain = createPixmSource({ base: BASE, name: 'Hospital MPI', systems: testSystems, fetch: answering(400, outcome('code-invalid', 'sourceIdentifier Assigning Authority not found')) });
    expect((await failure(badDomain.crossReferences(RAD))).userMessage).toBe('Hospital MPI refused the request (HTTP 400): sourceIdentifier Assigning Authority not found');
  });

  it('ignores a target whose system the configuration does not map, and never guesses its issuer', async () => {
    const answer = {
      resourceType: 'Parameters',
      parameter: [target('urn:oid:2.16.840.1.113883.3.7777.1', 'E-4410'), target('urn:oid:2.16.840.1.113883.3.9999.2', 'C-61200')],
    };
    const pixm = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(200, answer) });
    const result = await pixm.crossReferences(RAD);
    expect(result.identifiers).toEqual([{ patientId: 'C-61200', issuer: 'LONGVIEW-CARD' }]);
    expect(result.ignoredSystems).toEqual(['urn:oid:2.16.840.1.113883.3.7777.1']);
  });

  it('does not ask about an issuer that has no system', async () => {
    const requests: RecordedRequest[] = [];
    const pixm = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(200, { resourceType: 'Parameters' }, requests) });
    expect(await pixm.crossReferences({ patientId: 'R-100234', issuer: 'OUTSIDE-HOSP' })).toEqual({ identifiers: [], ignoredSystems: [] });
    expect(requests).toHaveLength(0);
  });

  it('refuses a malformed answer with a clear error, using none of it', async () => {
    const cases: [unknown, string][] = [
      ['<html>Gateway</html>', 'The master patient index sent an answer that is not FHIR JSON.'],
      [{ resourceType: 'Bundle', entry: [] }, 'The master patient index sent an answer that is not a FHIR Parameters resource; it is not used.'],
      [{ resourceType: 'Parameters', parameter: { name: 'targetIdentifier' } }, 'The master patient index sent Parameters whose "parameter" is not a list; it is not used.'],
      [
        { resourceType: 'Parameters', parameter: [target('urn:oid:2.16.840.1.113883.3.9999.2', 'C-61200'), { name: 'targetIdentifier', valueIdentifier: { system: 'urn:oid:2.16.840.1.113883.3.9999.2' } }] },
        'The master patient index sent a targetIdentifier without a system and a value; its answer is not used.',
      ],
      [
        { resourceType: 'Parameters', parameter: [target('urn:oid:2.16.840.1.113883.3.9999.2', 'C-*')] },
        'The master patient index sent a targetIdentifier that could match other patients (a wildcard, or over 64 characters); its answer is not used.',
      ],
    ];
    for (const [body, message] of cases) {
      const pixm = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(200, body) });
      const error = await failure(pixm.crossReferences(RAD));
      expect(error.kind).toBe('malformed');
      expect(error.userMessage).toBe(message);
    }
  });

  it('reports a server that is down or failing as unavailable (retryable)', async () => {
    const down = createPixmSource({ base: BASE, systems: testSystems, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const error = await failure(down.crossReferences(RAD));
    expect(error.kind).toBe('unavailable');
    expect(error.isRetryable).toBe(true);
    expect(error.userMessage).toBe('The master patient index did not answer. It may be down or unreachable.');
    const failing = createPixmSource({ base: BASE, systems: testSystems, fetch: answering(503, outcome('transient', 'MPI maintenance')) });
    expect((await failure(failing.crossReferences(RAD))).userMessage).toBe('The master patient index is not answering (HTTP 503): MPI maintenance');
  });
});
