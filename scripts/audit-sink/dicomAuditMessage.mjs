// The DICOM audit message (PS3.15 A.5) for one stored FHIR R4 AuditEvent, as the hospital's
// Audit Record Repository takes it over IHE ATNA syslog. The message is one line: syslog frames
// one message per line, so every newline in a value is written as a character reference.
// schema/audit-message.rng (PS3.15 A.5.1.1) is what each message must validate against; a piece
// of the event this file does not know (an unknown entity, a private code) is left out, never
// a reason to throw.
import { Buffer } from 'node:buffer';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const IHE_TRANSACTION_SYSTEM = 'urn:ihe:event-type-code';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const ARCHIVE_SYSTEM = 'urn:longview:archive';
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const ACTIONS = new Set(['C', 'R', 'U', 'D', 'E']);
const OUTCOMES = new Set(['0', '4', '8', '12']);
/** FHIR network-type and DICOM NetworkAccessPointTypeCode share codes 1-5 (5 = URI, in the schema). */
const NETWORK_TYPES = new Set(['1', '2', '3', '4', '5']);
/** Study Root Query/Retrieve FIND (PS3.4 C.6.2): the model a QIDO-RS search of studies, series or instances queries. */
const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

// Newlines (and the other line breaks a log reader may split on) become character references,
// so the message stays on one line; characters XML 1.0 cannot carry become U+FFFD.
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;', '\u0085': '&#133;', '\u2028': '&#8232;', '\u2029': '&#8233;' };
const isXmlChar = (code) => (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;

function escapeXml(value) {
  let escaped = '';
  for (const char of String(value)) escaped += ESCAPES[char] ?? (isXmlChar(char.codePointAt(0)) ? char : '\uFFFD');
  return escaped;
}

/** `<name a="…">children</name>`; attributes left undefined are not written; children are XML already. */
function element(name, attributes = {}, children = '') {
  const written = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return children === '' ? `<${name}${written}/>` : `<${name}${written}>${children}</${name}>`;
}

const base64 = (text) => Buffer.from(String(text), 'utf8').toString('base64');
/** FHIR base64Binary as xsd:base64Binary: without the line breaks FHIR allows; text that is not base64 gets encoded. */
function base64Of(value) {
  const compact = value.replace(/\s/g, '');
  return /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact) ? compact : base64(value);
}
const codeOf = (coding) => (typeof coding?.code === 'string' ? coding.code : undefined);
const uidOf = (value) => String(value).replace(/^urn:oid:/, '');

/** codeSystemName is "either an OID or a name" (A.5.1.1): the names DICOM and IHE use, else the OID or the system itself. */
function codeSystemNameOf(system) {
  if (system === DCM) return 'DCM';
  if (system === IHE_TRANSACTION_SYSTEM) return 'IHE Transactions';
  if (typeof system === 'string' && system.startsWith('urn:oid:')) return uidOf(system);
  return system ?? 'unknown';
}

function coded(name, coding) {
  return element(name, { 'csd-code': coding.code, codeSystemName: codeSystemNameOf(coding.system), originalText: coding.display ?? coding.code });
}

/** FHIR instants are xsd:dateTime already; anything else Date.parse took (the sink's test) is rewritten in UTC. */
function dateTimeOf(recorded) {
  if (XSD_DATE_TIME.test(String(recorded))) return String(recorded);
  return new Date(recorded).toISOString();
}

function eventIdentification(event) {
  // EventTypeCode is DICOM's (CID 401) or an IHE transaction's; BALP's restful-interaction
  // and Longview's journey subtypes have no place in the DICOM message and stay in FHIR.
  const typeCodes = (event.subtype ?? []).filter((c) => (c?.system === DCM || c?.system === IHE_TRANSACTION_SYSTEM) && codeOf(c)).map((c) => coded('EventTypeCode', c));
  const description = typeof event.outcomeDesc === 'string' ? element('EventOutcomeDescription', {}, escapeXml(event.outcomeDesc)) : '';
  return element(
    'EventIdentification',
    {
      EventActionCode: ACTIONS.has(event.action) ? event.action : undefined,
      EventDateTime: dateTimeOf(event.recorded),
      // The schema's own rule: 0 when the status is otherwise unknown (FHIR outcome is 0..1).
      EventOutcomeIndicator: OUTCOMES.has(event.outcome) ? event.outcome : '0',
    },
    coded('EventID', event.type) + typeCodes.join('') + description,
  );
}

function activeParticipant(agent) {
  const who = agent.who ?? {};
  // UserID is mandatory; an agent the sink took without any identity gets an empty one rather
  // than an invented one.
  const userId = who.identifier?.value ?? who.display ?? agent.name ?? who.reference ?? '';
  const userName = who.display ?? agent.name;
  const network = agent.network?.address ? agent.network : undefined;
  // RoleIDCode carries DICOM's CID 402 roles (110152/110153/110154). The human's BALP type,
  // v3 ParticipationType IRCP, is a participation, not the access-control role A.5.2 asks for
  // in RoleIDCode, and DICOM has no code for it: it is left out, and UserIsRequestor="true"
  // already marks the person who asked.
  const roles = (agent.type?.coding ?? []).filter((c) => c?.system === DCM && codeOf(c)).map((c) => coded('RoleIDCode', c));
  return element(
    'ActiveParticipant',
    {
      UserID: userId,
      AlternativeUserID: typeof agent.altId === 'string' ? agent.altId : undefined,
      UserName: userName !== undefined && userName !== userId ? userName : undefined,
      UserIsRequestor: agent.requestor === true ? 'true' : 'false',
      NetworkAccessPointID: network?.address,
      NetworkAccessPointTypeCode: NETWORK_TYPES.has(network?.type) ? network.type : undefined,
    },
    roles.join(''),
  );
}

function auditSourceIdentification(source = {}) {
  // Codes 1-9 of FHIR's security-source-type are A.5.1.2.1's list, which the schema takes as a lone digit.
  const types = (source.type ?? [])
    .filter((c) => (c?.system === SOURCE_TYPE || c?.system === undefined) && /^[1-9]$/.test(codeOf(c) ?? ''))
    .map((c) => element('AuditSourceTypeCode', { 'csd-code': c.code }));
  return element('AuditSourceIdentification', { AuditSourceID: source.site ?? source.observer?.display ?? '' }, types.join(''));
}

/** HL7 v2 CX (PS3.15 A.5.2: the patient ID "in HL7 CX format"), its delimiters escaped per HL7 v2.5 2.7. */
function patientCx(identifier) {
  const hl7 = (text) => String(text).replace(/\\/g, '\\E\\').replace(/\^/g, '\\S\\').replace(/&/g, '\\T\\').replace(/~/g, '\\R\\').replace(/\|/g, '\\F\\');
  const system = identifier.system ?? '';
  if (system.startsWith('urn:oid:') && OID.test(uidOf(system))) return `${hl7(identifier.value)}^^^&${uidOf(system)}&ISO`;
  if (identifier.assigner?.display) return `${hl7(identifier.value)}^^^${hl7(identifier.assigner.display)}`;
  return hl7(identifier.value);
}

/**
 * A.5.1.1 requires a ParticipantObjectName or a ParticipantObjectQuery on every object. Longview's
 * events name no patient or study (the browser sends no names), so the name is the FHIR entity's
 * own name when it has one, else the object's ID repeated: nothing is invented.
 */
const nameOf = (entity, id) => element('ParticipantObjectName', {}, escapeXml(entity.name ?? entity.what?.display ?? id));

function details(entity) {
  return (entity.detail ?? [])
    .filter((d) => typeof d?.type === 'string' && (typeof d.valueString === 'string' || typeof d.valueBase64Binary === 'string'))
    .map((d) => element('ParticipantObjectDetail', { type: d.type, value: d.valueString !== undefined ? base64(d.valueString) : base64Of(d.valueBase64Binary) }))
    .join('');
}

function patientObject(entity) {
  const id = patientCx(entity.what.identifier);
  const idType = element('ParticipantObjectIDTypeCode', { 'csd-code': '2', codeSystemName: 'RFC-3881', originalText: 'Patient Number' });
  return element('ParticipantObjectIdentification', { ParticipantObjectID: id, ParticipantObjectTypeCode: '1', ParticipantObjectTypeCodeRole: '1' }, idType + nameOf(entity, id));
}

/**
 * A study (PS3.15 A.5.3.x: type 2, role 3, DCM 110180). The instances a store created go in its
 * ParticipantObjectDescription as SOPClass/Instance, DICOM's place for SOP Instance UIDs: CID 404
 * has no ID type for a lone SOP Instance, so BALP's separate "data" entities fold in here. The
 * SOPClass UID is left out (the schema allows it): the event does not say SR or KOS.
 */
function studyObject(entity, createdInstanceUids) {
  const id = uidOf(entity.what.identifier.value);
  const description = createdInstanceUids.length
    ? element('ParticipantObjectDescription', {}, element('SOPClass', { NumberOfInstances: String(createdInstanceUids.length) }, createdInstanceUids.map((uid) => element('Instance', { UID: uid })).join('')))
    : '';
  const idType = coded('ParticipantObjectIDTypeCode', { system: DCM, code: '110180', display: 'Study Instance UID' });
  return element('ParticipantObjectIdentification', { ParticipantObjectID: id, ParticipantObjectTypeCode: '2', ParticipantObjectTypeCodeRole: '3' }, idType + nameOf(entity, id) + details(entity) + description);
}

/**
 * A query (type 2, role 24, ParticipantObjectQuery = the base64 query string the event holds).
 * What identifies it follows who defines the transaction:
 * - an IHE transaction (PIXm ITI-83, PDQm ITI-78): the transaction code as
 *   ParticipantObjectIDTypeCode, as the IHE ITI audit messages do, and the searched resource as ID;
 * - a QIDO-RS search of an archive: PS3.15 A.5.3.10 Query identifies a DICOM query by its SOP
 *   Class (DCM 110181), here Study Root Query/Retrieve FIND, the model QIDO-RS searches. A.5.3.10's
 *   TransferSyntax detail is left out: a QIDO-RS query is URL parameters, not an encoded Data Set.
 * A query of anything else is left out: there is no honest ID type for it.
 */
function queryObject(entity, transaction) {
  const identifier = entity.what.identifier;
  const query = element('ParticipantObjectQuery', {}, base64Of(entity.query));
  const role = { ParticipantObjectTypeCode: '2', ParticipantObjectTypeCodeRole: '24' };
  const typed = identifier.type?.coding?.find((c) => codeOf(c));
  if (transaction || typed) {
    return element('ParticipantObjectIdentification', { ParticipantObjectID: identifier.value, ...role }, coded('ParticipantObjectIDTypeCode', transaction ?? typed) + query + details(entity));
  }
  if (identifier.system === ARCHIVE_SYSTEM) {
    const sopClass = coded('ParticipantObjectIDTypeCode', { system: DCM, code: '110181', display: 'SOP Class UID' });
    return element('ParticipantObjectIdentification', { ParticipantObjectID: STUDY_ROOT_FIND, ...role }, sopClass + query + details(entity));
  }
  return undefined;
}

function kindOf(entity) {
  const identifier = entity?.what?.identifier;
  if (typeof identifier?.value !== 'string') return undefined;
  const role = codeOf(entity.role);
  if (codeOf(entity.type) === '1' && role === '1') return 'patient';
  if (identifier.type?.coding?.some((c) => c?.system === DCM && c.code === '110180')) return 'study';
  if (role === '24' && typeof entity.query === 'string') return 'query';
  if (role === '4' && identifier.system === 'urn:dicom:uid') return 'created-instance';
  return undefined;
}

function participantObjects(event) {
  const entities = (event.entity ?? []).map((entity) => ({ entity, kind: kindOf(entity) }));
  const transaction = (event.subtype ?? []).find((c) => c?.system === IHE_TRANSACTION_SYSTEM && codeOf(c));
  const created = entities.filter((e) => e.kind === 'created-instance').map((e) => uidOf(e.entity.what.identifier.value));
  // Created instances belong to the study they were stored into: the event's first study.
  const firstStudy = entities.find((e) => e.kind === 'study');
  return entities
    .map(({ entity, kind }) => {
      if (kind === 'patient') return patientObject(entity);
      if (kind === 'study') return studyObject(entity, entity === firstStudy?.entity ? created : []);
      if (kind === 'query') return queryObject(entity, transaction);
      return undefined;
    })
    .filter((xml) => xml !== undefined)
    .join('');
}

/** The DICOM audit message for one FHIR AuditEvent, as one line of XML. */
export function dicomAuditMessage(event) {
  const participants = (event.agent ?? []).map(activeParticipant).join('');
  const body = eventIdentification(event) + participants + auditSourceIdentification(event.source) + participantObjects(event);
  return `<?xml version="1.0" encoding="UTF-8"?>${element('AuditMessage', {}, body)}`;
}
