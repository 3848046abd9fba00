import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirEndpoint } from './fhir-endpoint.mjs';
import { practitionerOf } from './fhir-resources.mjs';
import { TEST_USER } from './smart-provider.mjs';

// The signed-in user's Practitioner: what the viewer reads (fhirclient client.user.read(), through
// the id token's fhirUser claim) to name the reader of a report it stores.
describe('the FHIR endpoint serves the signed-in user', () => {
  const other = { fhirUser: 'Practitioner/someone-else', name: { family: 'Else', given: ['Some'] } };
  const TOKENS = {
    user: { scope: 'launch openid fhirUser patient/*.read', context: { patient: 'p-1' }, fhirUser: TEST_USER.fhirUser },
    noFhirUser: { scope: 'launch openid patient/*.read', context: { patient: 'p-1' }, fhirUser: TEST_USER.fhirUser },
  };
  let server;
  let base;

  beforeAll(async () => {
    server = http.createServer();
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${server.address().port}/fhir`;
    const endpoint = createFhirEndpoint({
      fhirBase: base,
      issuer: 'http://127.0.0.1:18100',
      resources: () => ({ patients: [], imagingStudies: [] }),
      practitioners: [practitionerOf(TEST_USER), practitionerOf(other)],
      authorize: async (header) => TOKENS[/^Bearer (\w+)$/.exec(header ?? '')?.[1] ?? ''],
    });
    server.on('request', (request, response) => void endpoint(request, response));
  });
  afterAll(() => server?.close());

  const read = async (path, token) => {
    const response = await fetch(`${base}/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: await response.json() };
  };

  it('reads the user\'s own Practitioner, with its name, at the fhirUser claim\'s reference', async () => {
    expect(TEST_USER.fhirUser).toBe('Practitioner/practitioner-test');
    expect(await read('Practitioner/practitioner-test', 'user')).toEqual({
      status: 200,
      body: { resourceType: 'Practitioner', id: 'practitioner-test', active: true, name: [{ use: 'official', family: 'Okafor', given: ['Ngozi'], prefix: ['Dr'] }] },
    });
    expect((await read('Practitioner', 'user')).body.entry.map((e) => e.resource.id)).toEqual(['practitioner-test']);
  });

  it('no other user\'s, none without the fhirUser scope, nothing without a token', async () => {
    expect((await read('Practitioner/someone-else', 'user')).status).toBe(403);
    expect((await read('Practitioner/practitioner-test', 'noFhirUser')).status).toBe(403);
    expect((await read('Practitioner/nobody', 'user')).status).toBe(404);
    expect((await read('Practitioner/practitioner-test')).status).toBe(401);
  });

  it('a user reference that is not a Practitioner is refused at start', () => {
    expect(() => practitionerOf({ fhirUser: 'Patient/x', name: {} })).toThrow(/not a Practitioner/);
  });
});
