import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The sink runs plain JS; only the test builds its events with the viewer's own builder, so a
// change there that the DICOM message cannot carry shows up here.
import { buildAuditEvent, UNAUTHENTICATED_USER } from '../../packages/audit/src/event.ts';
import { dicomAuditMessage } from './dicomAuditMessage.mjs';

const SCHEMA = fileURLToPath(new URL('./schema/audit-message.rng', import.meta.url));

/** xmllint's verdict on one message against the PS3.15 A.5.1 schema. */
function validate(xml) {
  return spawnSync('xmllint', ['--noout', '--relaxng', SCHEMA, '-'], { input: xml, encoding: 'utf8' });
}

function expectValid(xml) {
  const result = validate(xml);
  expect(result.status, result.stderr).toBe(0);
}

/** One XPath string value of the message, read back by xmllint. */
function read(xml, xpath) {
  const result = spawnSync('xmllint', ['--xpath', `string(${xpath})`, '-'], { input: xml, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  // xmllint ends what it prints with one newline of its own.
  return result.stdout.replace(/\n$/, '');
}

const fromBase64 = (text) => Buffer.from(text, 'base64').toString('utf8');

const context = { sessionId: 'tab-7f3a', user: { id: undefined, display: UNAUTHENTICATED_USER }, clientAddress: 'https://viewer.hospital.example' };
const archive = { id: 'main', name: 'Main archive', url: 'https://pacs.hospital.example/dicom-web' };
const mpi = { id: 'pixm', name: 'Master patient index', url: 'https://mpi.hospital.example/fhir' };
const patient = { value: 'R-400120', issuer: '2.16.840.1.113883.3.9999.1' };
const localPatient = { value: 'K-4410', issuer: 'LONGVIEW-CLIN' };
const studyUid = '1.2.826.0.1.3680043.8.498.1';
const seriesUid = '1.2.826.0.1.3680043.8.498.2';
const success = { kind: 'success' };
const at = new Date('2025-03-04T10:20:30.000Z');

const inputs = {
  'patient-query': { kind: 'patient-query', archive, query: { PatientID: 'R-400120', limit: '50' }, patients: [patient], studyUids: [studyUid], outcome: success },
  'study-opened': { kind: 'study-opened', archive, studyUid, patient, outcome: success },
  'series-retrieved': { kind: 'series-retrieved', archive, studyUid, seriesUid, imageCount: 212, patient, outcome: success },
  'results-stored': { kind: 'results-stored', archive, studyUid, patient, sopInstanceUids: ['2.25.11', '2.25.12'], outcome: success },
  export: { kind: 'export', archive, studyUids: [studyUid], patient, destination: 'de-identified ZIP download', outcome: success },
  share: { kind: 'share', archive, studyUids: [studyUid], patient: localPatient, destination: 'view link', outcome: success },
  'mpi-query': { kind: 'mpi-query', source: mpi, transaction: 'ITI-83', query: { sourceIdentifier: 'urn:oid:2.16.840.1.113883.3.9999.1|R-400120' }, patients: [patient, localPatient], outcome: success },
};
const messageOf = (input, id = 'e1') => dicomAuditMessage(buildAuditEvent(input, context, id, at));

describe('the DICOM audit message of a Longview AuditEvent: valid, with its event and agents', () => {
  it.each(Object.keys(inputs))('%s: one line that validates against the PS3.15 A.5.1 schema', (kind) => {
    const xml = messageOf(inputs[kind]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><AuditMessage>')).toBe(true);
    expect(xml).not.toMatch(/[\n\r]/);
    expectValid(xml);
  });

  it('study-opened: DCM 110103 read, the study by its bare UID, the patient in CX form with its OID issuer', () => {
    const xml = messageOf(inputs['study-opened']);
    expect(read(xml, '//EventID/@csd-code')).toBe('110103');
    expect(read(xml, '//EventID/@codeSystemName')).toBe('DCM');
    expect(read(xml, '//EventID/@originalText')).toBe('DICOM Instances Accessed');
    expect(read(xml, '//EventIdentification/@EventActionCode')).toBe('R');
    expect(read(xml, '//EventIdentification/@EventOutcomeIndicator')).toBe('0');
    expect(read(xml, '//EventIdentification/@EventDateTime')).toBe('2025-03-04T10:20:30.000Z');
    const study = '//ParticipantObjectIdentification[ParticipantObjectIDTypeCode/@csd-code="110180"]';
    expect(read(xml, `${study}/@ParticipantObjectID`)).toBe(studyUid);
    expect(read(xml, `${study}/@ParticipantObjectTypeCodeRole`)).toBe('3');
    const patientObject = '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="1"]';
    expect(read(xml, `${patientObject}/@ParticipantObjectID`)).toBe('R-400120^^^&2.16.840.1.113883.3.9999.1&ISO');
    expect(read(xml, `${patientObject}/ParticipantObjectIDTypeCode/@codeSystemName`)).toBe('RFC-3881');
  });

  it('agents: the session is the user and the requestor; viewer and archive carry their DCM roles and URIs', () => {
    const xml = messageOf(inputs['study-opened']);
    expect(read(xml, 'count(//ActiveParticipant)')).toBe('3');
    const user = '//ActiveParticipant[@UserIsRequestor="true"]';
    expect(read(xml, `${user}/@UserID`)).toBe('tab-7f3a');
    expect(read(xml, `${user}/@UserName`)).toBe(UNAUTHENTICATED_USER);
    // IRCP is no DICOM role: the person has no RoleIDCode.
    expect(read(xml, `count(${user}/RoleIDCode)`)).toBe('0');
    const viewer = '//ActiveParticipant[RoleIDCode/@csd-code="110153"]';
    expect(read(xml, `${viewer}/@UserID`)).toBe('Longview viewer');
    expect(read(xml, `${viewer}/@NetworkAccessPointID`)).toBe('https://viewer.hospital.example');
    expect(read(xml, `${viewer}/@NetworkAccessPointTypeCode`)).toBe('5');
    const server = '//ActiveParticipant[RoleIDCode/@csd-code="110152"]';
    expect(read(xml, `${server}/@UserID`)).toBe('main');
    expect(read(xml, `${server}/@UserName`)).toBe('Main archive');
    expect(read(xml, `${server}/@NetworkAccessPointID`)).toBe('https://pacs.hospital.example/dicom-web');
    expect(read(xml, '//AuditSourceIdentification/@AuditSourceID')).toBe('Longview');
    expect(read(xml, '//AuditSourceTypeCode/@csd-code')).toBe('1');
  });
});

describe('the DICOM audit message of each kind of Longview AuditEvent', () => {
  it('series-retrieved: the series and its image count as base64 ParticipantObjectDetail of the study', () => {
    const xml = messageOf(inputs['series-retrieved']);
    expect(fromBase64(read(xml, '//ParticipantObjectDetail[@type="SeriesInstanceUID"]/@value'))).toBe(seriesUid);
    expect(fromBase64(read(xml, '//ParticipantObjectDetail[@type="NumberOfImages"]/@value'))).toBe('212');
  });

  it('patient-query: DCM 110112 execute; the QIDO-RS query by its SOP Class, the query string as sent', () => {
    const xml = messageOf(inputs['patient-query']);
    expect(read(xml, '//EventID/@csd-code')).toBe('110112');
    expect(read(xml, '//EventIdentification/@EventActionCode')).toBe('E');
    const query = '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="24"]';
    expect(read(xml, `${query}/ParticipantObjectIDTypeCode/@csd-code`)).toBe('110181');
    expect(read(xml, `${query}/@ParticipantObjectID`)).toBe('1.2.840.10008.5.1.4.1.2.2.1');
    expect(fromBase64(read(xml, `${query}/ParticipantObjectQuery`))).toBe('PatientID=R-400120&limit=50');
  });

  it('results-stored: DCM 110104 create; the stored instances listed under the study they went into', () => {
    const xml = messageOf(inputs['results-stored']);
    expect(read(xml, '//EventID/@csd-code')).toBe('110104');
    expect(read(xml, '//EventIdentification/@EventActionCode')).toBe('C');
    const sopClass = `//ParticipantObjectIdentification[@ParticipantObjectID="${studyUid}"]/ParticipantObjectDescription/SOPClass`;
    expect(read(xml, `${sopClass}/@NumberOfInstances`)).toBe('2');
    expect(read(xml, `${sopClass}/Instance[1]/@UID`)).toBe('2.25.11');
    expect(read(xml, `${sopClass}/Instance[2]/@UID`)).toBe('2.25.12');
    // No object of their own: the DICOM message has no ID type for a lone SOP Instance.
    expect(read(xml, 'count(//ParticipantObjectIdentification)')).toBe('2');
  });

  it('export and share: DCM 110106 read, the destination as a Destination Media participant; a local issuer stays by name', () => {
    const exported = messageOf(inputs.export);
    expect(read(exported, '//EventID/@csd-code')).toBe('110106');
    expect(read(exported, '//EventIdentification/@EventActionCode')).toBe('R');
    expect(read(exported, '//ActiveParticipant[RoleIDCode/@csd-code="110154"]/@UserID')).toBe('de-identified ZIP download');
    const shared = messageOf(inputs.share);
    expect(read(shared, '//ActiveParticipant[RoleIDCode/@csd-code="110154"]/@UserID')).toBe('view link');
    expect(read(shared, '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="1"]/@ParticipantObjectID')).toBe('K-4410^^^LONGVIEW-CLIN');
  });

  it('mpi-query: the IHE transaction as EventTypeCode and as the query ID type, the MPI as the server, each patient', () => {
    const xml = messageOf(inputs['mpi-query']);
    expect(read(xml, '//EventID/@csd-code')).toBe('110112');
    expect(read(xml, 'count(//EventTypeCode)')).toBe('1');
    expect(read(xml, '//EventTypeCode/@csd-code')).toBe('ITI-83');
    expect(read(xml, '//EventTypeCode/@codeSystemName')).toBe('IHE Transactions');
    expect(read(xml, '//EventTypeCode/@originalText')).toBe('Mobile Patient Identifier Cross-reference Query');
    expect(read(xml, '//ActiveParticipant[RoleIDCode/@csd-code="110152"]/@NetworkAccessPointID')).toBe('https://mpi.hospital.example/fhir');
    const query = '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="24"]';
    expect(read(xml, `${query}/ParticipantObjectIDTypeCode/@csd-code`)).toBe('ITI-83');
    expect(read(xml, `${query}/@ParticipantObjectID`)).toBe('pixm/Patient/$ihe-pix');
    expect(fromBase64(read(xml, `${query}/ParticipantObjectQuery`))).toBe('sourceIdentifier=urn%3Aoid%3A2.16.840.1.113883.3.9999.1%7CR-400120');
    expect(read(xml, '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="1"][2]/@ParticipantObjectID')).toBe('K-4410^^^LONGVIEW-CLIN');
    const pdq = messageOf({ ...inputs['mpi-query'], transaction: 'ITI-78', query: { identifier: 'urn:oid:1.2|P-1' } });
    expectValid(pdq);
    expect(read(pdq, '//EventTypeCode/@csd-code')).toBe('ITI-78');
  });
});

describe('the DICOM audit message of a failure, awkward values or a bare event', () => {
  it('a failure: its outcome code and description, after the event ID as the schema orders them', () => {
    const xml = messageOf({ ...inputs['study-opened'], outcome: { kind: 'failure', errorKind: 'unavailable', status: 503 } });
    expectValid(xml);
    expect(read(xml, '//EventIdentification/@EventOutcomeIndicator')).toBe('8');
    expect(read(xml, '//EventOutcomeDescription')).toBe('archive error: unavailable (HTTP 503)');
  });

  it('newlines and markup in values are escaped: still one line, still valid, read back unchanged', () => {
    const destination = 'USB "stick" <A&B>\nline two\r\n\u2028end';
    const xml = messageOf({ ...inputs.export, destination, patient: { value: 'A^B&C', issuer: 'Ward\n7' } });
    expect(xml).not.toMatch(/[\n\r\u2028]/);
    expectValid(xml);
    expect(read(xml, '//ActiveParticipant[RoleIDCode/@csd-code="110154"]/@UserID')).toBe(destination);
    // HL7 v2 escapes keep the CX components apart.
    expect(read(xml, '//ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="1"]/@ParticipantObjectID')).toBe('A\\S\\B\\T\\C^^^Ward\n7');
  });

  it('a bare event the sink accepts, and pieces it cannot map, still give a valid message', () => {
    const bare = {
      resourceType: 'AuditEvent',
      id: 'bare',
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110112' },
      recorded: '2024-01-01T00:00:00Z',
      agent: [{ requestor: true, who: { display: 'x' } }],
      source: { observer: { display: 'Longview viewer' } },
      entity: [{ what: { reference: 'Basic/1' }, type: { code: '4' }, role: { code: '13' } }, { what: { identifier: { value: 'q' } }, role: { code: '24' }, query: 'not base64!' }],
    };
    const xml = dicomAuditMessage(bare);
    expectValid(xml);
    // No action given: none written; no outcome given: the schema's "0, status unknown".
    expect(read(xml, 'count(//EventIdentification/@EventActionCode)')).toBe('0');
    expect(read(xml, '//EventIdentification/@EventOutcomeIndicator')).toBe('0');
    expect(read(xml, '//AuditSourceIdentification/@AuditSourceID')).toBe('Longview viewer');
    expect(read(xml, 'count(//ParticipantObjectIdentification)')).toBe('0');
  });

  it('the schema is strict: an unknown action code or a missing EventIdentification fails', () => {
    const xml = messageOf(inputs['study-opened']);
    const badAction = xml.replace('EventActionCode="R"', 'EventActionCode="X"');
    expect(badAction).not.toBe(xml);
    expect(validate(badAction).status).not.toBe(0);
    const noEvent = xml.replace(/<EventIdentification.*?<\/EventIdentification>/, '');
    expect(noEvent).not.toBe(xml);
    expect(validate(noEvent).status).not.toBe(0);
    const noName = xml.replace(/<ParticipantObjectName>.*?<\/ParticipantObjectName>/, '');
    expect(validate(noName).status).not.toBe(0);
    expect(validate(xml.replace('UserIsRequestor="true"', 'UserIsRequestor="yes"')).status).not.toBe(0);
  });
});
