import { describe, expect, it } from 'vitest';
import { buildAuditEvent, issuerSystem, UNAUTHENTICATED_USER, type AuditContext, type AuditOutcome, type PatientReference } from './event';

const context: AuditContext = { sessionId: 'tab-1', user: { id: undefined, display: UNAUTHENTICATED_USER }, clientAddress: 'http://127.0.0.1:5173' };
const archive = { id: 'radiology', name: 'Radiology PACS', url: '/dicomweb/radiology' };
const at = new Date('2024-05-06T07:08:09.000Z');

describe('buildAuditEvent for archive queries, retrievals and shares', () => {
  it('a patient query: DCM 110112, action E, query entity (base64), patient with issuer, studies by UID', () => {
    const event = buildAuditEvent(
      {
        kind: 'patient-query',
        archive,
        query: { PatientID: 'P-1' },
        patients: [{ value: 'P-1', issuer: 'LONGVIEW-RAD' }],
        studyUids: ['1.2.3'],
        outcome: { kind: 'success' },
      },
      context,
      'id-1',
      at,
    );
    expect(event).toMatchObject({ resourceType: 'AuditEvent', id: 'id-1', recorded: '2024-05-06T07:08:09.000Z', action: 'E', outcome: '0' });
    expect(event.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110112', display: 'Query' });
    expect(event.subtype.map((c) => c.code)).toEqual(['search', 'patient-query']);
    const [query, patient, study] = event.entity;
    expect(query?.role.code).toBe('24');
    expect(atob(query?.query ?? '')).toBe('PatientID=P-1');
    expect(patient).toMatchObject({ type: { code: '1' }, role: { code: '1' }, what: { identifier: { system: 'urn:longview:issuer:LONGVIEW-RAD', value: 'P-1', assigner: { display: 'LONGVIEW-RAD' } } } });
    expect(study?.what.identifier).toMatchObject({ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' });
    expect(event.outcomeDesc).toBeUndefined();
  });

  it('agents follow BALP: the anonymous tab session as requestor, the viewer as source, the archive as destination', () => {
    const event = buildAuditEvent({ kind: 'study-opened', archive, studyUid: '1.2.3', patient: undefined, outcome: { kind: 'success' } }, context, 'id-2', at);
    expect(event.agent.map((a) => a.type.coding[0]?.code)).toEqual(['IRCP', '110153', '110152']);
    expect(event.agent[0]).toMatchObject({ requestor: true, who: { identifier: { system: 'urn:longview:browser-session', value: 'tab-1' }, display: UNAUTHENTICATED_USER } });
    expect(event.agent[2]).toMatchObject({ who: { identifier: { value: 'radiology' }, display: 'Radiology PACS' }, network: { address: '/dicomweb/radiology', type: '5' } });
    expect(event.type.code).toBe('110103');
    expect(event.action).toBe('R');
  });

  it('a logged-in user replaces the session as "who"', () => {
    const event = buildAuditEvent({ kind: 'study-opened', archive, studyUid: '1', patient: undefined, outcome: { kind: 'success' } }, { ...context, user: { id: 'dr-x', display: 'Dr X' } }, 'id', at);
    expect(event.agent[0]?.who).toEqual({ identifier: { system: 'urn:longview:user', value: 'dr-x' }, display: 'Dr X' });
  });

  it('failures carry the archive error kind and status, never a message', () => {
    const down = buildAuditEvent({ kind: 'study-opened', archive, studyUid: '1', patient: undefined, outcome: { kind: 'failure', errorKind: 'unavailable', status: 503 } }, context, 'a', at);
    expect(down).toMatchObject({ outcome: '8', outcomeDesc: 'archive error: unavailable (HTTP 503)' });
    const refused = buildAuditEvent({ kind: 'study-opened', archive, studyUid: '1', patient: undefined, outcome: { kind: 'failure', errorKind: 'rejected', status: 403 } }, context, 'b', at);
    expect(refused.outcome).toBe('4');
  });

  it('a series retrieval names the series and image count; export and share are DCM 110106 with a destination agent', () => {
    const series = buildAuditEvent(
      { kind: 'series-retrieved', archive, studyUid: '1.2', seriesUid: '1.2.9', imageCount: 256, patient: { value: 'P', issuer: undefined }, outcome: { kind: 'success' } },
      context,
      'c',
      at,
    );
    expect(series.entity[0]?.what.identifier).toEqual({ value: 'P' });
    expect(series.entity[1]?.detail).toEqual([
      { type: 'SeriesInstanceUID', valueString: '1.2.9' },
      { type: 'NumberOfImages', valueString: '256' },
    ]);
    const share = buildAuditEvent({ kind: 'share', archive, studyUids: ['1.2'], patient: undefined, destination: 'view link', outcome: { kind: 'success' } }, context, 'd', at);
    expect(share.type.code).toBe('110106');
    expect(share.subtype).toEqual([{ system: 'urn:longview:audit-event', code: 'share' }]);
    expect(share.agent[3]).toMatchObject({ type: { coding: [{ code: '110154' }] }, who: { display: 'view link' } });
  });
});

describe('buildAuditEvent for results stored in an archive', () => {
  it('results stored: DCM 110104 Instances Transferred, action C (BALP Create), the archive as destination, each stored instance an entity', () => {
    const event = buildAuditEvent(
      {
        kind: 'results-stored',
        archive,
        studyUid: '1.2',
        patient: { value: 'LV-0001', issuer: 'LONGVIEW-RAD' },
        sopInstanceUids: ['2.25.7', '2.25.8'],
        outcome: { kind: 'success' },
      },
      { ...context, user: { id: 'Practitioner/practitioner-test', display: 'Dr Ngozi Okafor' } },
      'e',
      at,
    );
    expect(event).toMatchObject({ action: 'C', outcome: '0', type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110104', display: 'DICOM Instances Transferred' } });
    expect(event.subtype).toEqual([{ system: 'http://hl7.org/fhir/restful-interaction', code: 'create', display: 'create' }, { system: 'urn:longview:audit-event', code: 'results-stored' }]);
    // The viewer is the source, the archive that now holds the results the destination.
    expect(event.agent.map((a) => [a.type.coding[0]?.code, a.who.display])).toEqual([['IRCP', 'Dr Ngozi Okafor'], ['110153', 'Longview viewer'], ['110152', 'Radiology PACS']]);
    expect(event.agent[2]).toMatchObject({ who: { identifier: { system: 'urn:longview:archive', value: 'radiology' } }, network: { address: '/dicomweb/radiology', type: '5' } });
    const [patient, study, ...created] = event.entity;
    expect(patient).toMatchObject({ role: { code: '1' }, what: { identifier: { value: 'LV-0001', system: 'urn:longview:issuer:LONGVIEW-RAD' } } });
    expect(study).toMatchObject({ role: { code: '3' }, what: { identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2', type: { coding: [{ code: '110180' }] } } } });
    expect(created).toEqual(
      ['2.25.7', '2.25.8'].map((uid) => ({
        what: { identifier: { system: 'urn:dicom:uid', value: `urn:oid:${uid}` } },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
      })),
    );
  });

  it('results the archive did not store: serious when it may be retried, minor when the writer was refused', () => {
    const stored = (outcome: { kind: 'failure'; errorKind: string; status?: number }) =>
      buildAuditEvent({ kind: 'results-stored', archive, studyUid: '1.2', patient: undefined, sopInstanceUids: ['2.25.7'], outcome }, context, 'f', at);
    expect(stored({ kind: 'failure', errorKind: 'conflict', status: 409 })).toMatchObject({ action: 'C', outcome: '8', outcomeDesc: 'archive error: conflict (HTTP 409)' });
    expect(stored({ kind: 'failure', errorKind: 'no-write-access', status: 403 })).toMatchObject({ outcome: '4', outcomeDesc: 'archive error: no-write-access (HTTP 403)' });
  });
});

describe('buildAuditEvent for an MPI query (BALP PatientQuery, as the PIXm and PDQm consumers audit it)', () => {
  const mpi = { id: 'pixm', name: 'Master patient index', url: 'http://127.0.0.1:18100/fhir' };
  const asked = 'sourceIdentifier=urn%3Aoid%3A2.16.840.1.113883.3.9999.1%7CR-400120';
  const pixQuery = (outcome: AuditOutcome, patients: PatientReference[]) =>
    buildAuditEvent(
      { kind: 'mpi-query', source: mpi, transaction: 'ITI-83', query: { sourceIdentifier: 'urn:oid:2.16.840.1.113883.3.9999.1|R-400120' }, patients, outcome },
      context,
      'g',
      at,
    );

  it('ITI-83: DCM 110112, action E, the IHE transaction code beside "search" and the journey', () => {
    const event = pixQuery({ kind: 'success' }, []);
    expect(event).toMatchObject({ action: 'E', outcome: '0', type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110112', display: 'Query' } });
    expect(event.subtype).toEqual([
      // The audit sink finds EventTypeCode by exactly this system.
      { system: 'urn:ihe:event-type-code', code: 'ITI-83', display: 'Mobile Patient Identifier Cross-reference Query' },
      { system: 'http://hl7.org/fhir/restful-interaction', code: 'search', display: 'search' },
      { system: 'urn:longview:audit-event', code: 'mpi-query' },
    ]);
  });

  it('the MPI is the server agent: its configured id, name and FHIR base', () => {
    const event = pixQuery({ kind: 'success' }, []);
    expect(event.agent.map((a) => a.type.coding[0]?.code)).toEqual(['IRCP', '110153', '110152']);
    expect(event.agent[2]).toEqual({
      type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110152', display: 'Destination Role ID' }] },
      who: { identifier: { system: 'urn:longview:identity-source', value: 'pixm' }, display: 'Master patient index' },
      requestor: false,
      network: { address: 'http://127.0.0.1:18100/fhir', type: '5' },
    });
  });

  it('the query entity holds the query string as sent (base64); each identifier is a patient entity with its issuer', () => {
    const event = pixQuery({ kind: 'success' }, [
      { value: 'R-400120', issuer: '2.16.840.1.113883.3.9999.1' },
      { value: 'K-4410', issuer: 'LONGVIEW-CLIN' },
    ]);
    const [query, ...patients] = event.entity;
    expect(query).toMatchObject({
      type: { code: '2' },
      role: { code: '24', display: 'Query' },
    });
    // The operation under the MPI's FHIR base, named after the source like an archive's "radiology/studies".
    expect(query?.what).toEqual({ identifier: { system: 'urn:longview:identity-source', value: 'pixm/Patient/$ihe-pix' } });
    expect(atob(query?.query ?? '')).toBe(asked);
    expect(patients).toMatchObject([
      {
        type: { code: '1', display: 'Person' },
        role: { code: '1', display: 'Patient' },
        what: { identifier: { system: 'urn:oid:2.16.840.1.113883.3.9999.1', assigner: { display: '2.16.840.1.113883.3.9999.1' }, value: 'R-400120' } },
      },
      { type: { code: '1' }, role: { code: '1' }, what: { identifier: { system: 'urn:longview:issuer:LONGVIEW-CLIN', assigner: { display: 'LONGVIEW-CLIN' }, value: 'K-4410' } } },
    ]);
  });

  it('failures name the identity source and its error kind; a refusal (unknown patient or domain) is minor', () => {
    expect(pixQuery({ kind: 'failure', errorKind: 'refused', status: 404 }, [])).toMatchObject({ outcome: '4', outcomeDesc: 'identity source error: refused (HTTP 404)' });
    expect(pixQuery({ kind: 'failure', errorKind: 'unavailable' }, [])).toMatchObject({ outcome: '8', outcomeDesc: 'identity source error: unavailable' });
  });

  it('ITI-78: the PDQm transaction and a Patient search', () => {
    const event = buildAuditEvent(
      { kind: 'mpi-query', source: mpi, transaction: 'ITI-78', query: { identifier: 'urn:oid:1.2|P-1' }, patients: [{ value: 'P-1', issuer: '1.2' }], outcome: { kind: 'success' } },
      context,
      'h',
      at,
    );
    expect(event.subtype[0]).toEqual({ system: 'urn:ihe:event-type-code', code: 'ITI-78', display: 'Mobile Patient Demographics Query' });
    expect(event.entity[0]?.what.identifier).toEqual({ system: 'urn:longview:identity-source', value: 'pixm/Patient' });
    expect(atob(event.entity[0]?.query ?? '')).toBe('identifier=urn%3Aoid%3A1.2%7CP-1');
  });
});

describe('issuerSystem', () => {
  it('issuers that are OIDs become urn:oid URIs', () => {
    expect(issuerSystem('2.16.840.1.113883.3.9999.4')).toBe('urn:oid:2.16.840.1.113883.3.9999.4');
    expect(issuerSystem('HOSP A')).toBe('urn:longview:issuer:HOSP%20A');
  });
});
