import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdqmClient, createPixmSource, IdentitySourceError } from '../../packages/patient-identity/src/index.ts';
import { EHR_IDENTIFIER_SYSTEMS, fhirResourcesFromManifest } from './fhir-resources.mjs';
import { parseToken, pdqmAnswer, pixmAnswer, startMpiServer } from './mpi.mjs';

const ISSUERS = { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', clinics: 'LONGVIEW-CLIN' };
const record = (person, archive, patientId, extra = {}) => ({ person, archive, patientId, patientName: `LONGVIEW^${person.toUpperCase()}`, birthDate: '19710603', sex: 'F', studies: [], ...extra });
// One person with three records (no links in any data), a namesake, a same-ID outsider.
const MANIFEST = {
  patients: [
    record('erin', 'radiology', 'R-1'),
    record('erin', 'cardiology', 'C-1'),
    record('erin', 'clinics', 'K-1'),
    record('erin-namesake', 'radiology', 'R-2', { patientName: 'LONGVIEW^ERIN' }),
    record('david', 'cardiology', 'R-1', { issuerOfPatientId: 'OUTSIDE-HOSP' }),
  ],
};
const { patients } = fhirResourcesFromManifest(MANIFEST, ISSUERS);
const RAD = EHR_IDENTIFIER_SYSTEMS['LONGVIEW-RAD'];
const pix = (query) => pixmAnswer(patients, new URLSearchParams(query), 'http://mpi.test/fhir');

describe('the test MPI (PIXm, ITI-83)', () => {
  it('answers every other identifier of the person, never the namesake or the same ID elsewhere', () => {
    const [status, body] = pix({ sourceIdentifier: `${RAD}|R-1` });
    expect(status).toBe(200);
    const targets = body.parameter.filter((p) => p.name === 'targetIdentifier').map((p) => `${p.valueIdentifier.system}|${p.valueIdentifier.value}`);
    expect(targets).toEqual([`${EHR_IDENTIFIER_SYSTEMS['LONGVIEW-CARD']}|C-1`, `${EHR_IDENTIFIER_SYSTEMS['LONGVIEW-CLIN']}|K-1`]);
    expect(body.parameter.filter((p) => p.name === 'targetId')).toHaveLength(1);
  });

  it('answers 404, 400 and 403 as ITI-83 says, and an empty Parameters for a patient with one record', () => {
    expect(pix({ sourceIdentifier: `${RAD}|R-404` })).toEqual([404, expect.objectContaining({ resourceType: 'OperationOutcome' })]);
    expect(pix({ sourceIdentifier: 'urn:oid:9.9.9|R-1' })[1].issue[0].diagnostics).toBe('sourceIdentifier Assigning Authority not found');
    expect(pix({ sourceIdentifier: `${RAD}|R-1`, targetSystem: 'urn:oid:9.9.9' })[0]).toBe(403);
    expect(pix({ sourceIdentifier: `${RAD}|R-2` })).toEqual([200, { resourceType: 'Parameters', parameter: [] }]);
  });

  it('reads escaped token parameters', () => {
    expect(parseToken('urn:oid:1.2|A\\|B')).toEqual({ system: 'urn:oid:1.2', value: 'A|B' });
    expect(parseToken('R-1')).toEqual({ system: undefined, value: 'R-1' });
  });
});

describe('the test MPI (PDQm, ITI-78)', () => {
  it('finds Patients by identifier and by demographics, and refuses unknown parameters', () => {
    const [, byId] = pdqmAnswer(patients, new URLSearchParams({ identifier: `${RAD}|R-1` }));
    expect(byId.entry.map((e) => e.resource.identifier.length)).toEqual([3]);
    const [, byName] = pdqmAnswer(patients, new URLSearchParams({ family: 'longview', given: 'erin', birthdate: '1971-06-03' }));
    expect(byName.total).toBe(2);
    expect(pdqmAnswer(patients, new URLSearchParams({ identifer: 'x' }))[0]).toBe(400);
  });
});

describe('the viewer\'s PIXm and PDQm clients against the test MPI on loopback', () => {
  let mpi;
  const stats = { pixm: {}, pdqm: {} };
  const systems = {
    issuerOf: (system) => Object.entries(EHR_IDENTIFIER_SYSTEMS).find(([issuer, known]) => known === system && issuer !== 'OUTSIDE-HOSP')?.[0],
    systemOf: (issuer) => (issuer === 'OUTSIDE-HOSP' ? undefined : EHR_IDENTIFIER_SYSTEMS[issuer]),
  };
  beforeAll(async () => {
    mpi = await startMpiServer({ port: 0, resources: () => ({ patients }), stats });
  });
  afterAll(() => mpi.close());

  it('cross-references over HTTP, fails while the MPI is down, and answers again once it is back', async () => {
    const address = () => `http://127.0.0.1:${mpi.port}/fhir`;
    const pixm = createPixmSource({ base: address(), systems });
    expect((await pixm.crossReferences({ patientId: 'C-1', issuer: 'LONGVIEW-CARD' })).identifiers).toEqual([
      { patientId: 'R-1', issuer: 'LONGVIEW-RAD' },
      { patientId: 'K-1', issuer: 'LONGVIEW-CLIN' },
    ]);
    const pdqm = createPdqmClient({ base: address(), systems });
    expect((await pdqm.patientsWithIdentifier({ patientId: 'K-1', issuer: 'LONGVIEW-CLIN' }))[0]?.birthDate).toBe('19710603');
    const unknown = await pixm.crossReferences({ patientId: 'R-404', issuer: 'LONGVIEW-RAD' }).catch((e) => e);
    expect(unknown).toBeInstanceOf(IdentitySourceError);
    expect(unknown.userMessage).toBe('The master patient index refused the request (HTTP 404): sourceIdentifier Patient Identifier not found');

    await mpi.setDown(true);
    const down = await pixm.crossReferences({ patientId: 'C-1', issuer: 'LONGVIEW-CARD' }).catch((e) => e);
    expect(down.kind).toBe('unavailable');
    await mpi.setDown(false);
    expect((await pixm.crossReferences({ patientId: 'C-1', issuer: 'LONGVIEW-CARD' })).identifiers).toHaveLength(2);
    expect(stats.pixm).toEqual({ 200: 2, 404: 1 });
  });
});
