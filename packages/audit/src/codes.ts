/**
 * The codes an AuditEvent carries, each from the standard that defines it. Nothing here is
 * made up except the `LONGVIEW_EVENT` system, which only names which Longview journey wrote
 * the event (a second subtype coding beside the standard one), and the identifier systems.
 *
 * - DICOM PS3.16 (CID 400-402, "DCM" = http://dicom.nema.org/resources/ontology/DCM):
 *   110112 Query, 110103 DICOM Instances Accessed, 110104 DICOM Instances Transferred,
 *   110106 Export; 110153 Source Role ID, 110152 Destination Role ID, 110154 Destination Media;
 *   110180 Study Instance UID. PS3.15 A.5.3: Query is audited with action E, Instances Accessed
 *   and Export with R, Instances Transferred into the receiving archive with C (create).
 * - IHE BALP (profiles.ihe.net/ITI/BALP): the client is the Source Role ID and the server the
 *   Destination Role ID, even though data flows the other way; the human is an agent of type
 *   v3-ParticipationType IRCP (information recipient); a search's subtype is the FHIR
 *   restful-interaction "search", a read's "read", a store's "create"; the query entity has
 *   type 2 (System Object) and role 24 (Query), the patient entity type 1 (Person) and role 1
 *   (Patient), a created object (BALP Create's "data") type 2 and role 4 (Domain Resource).
 * - IHE ITI (PIXm, PDQm): a query of the master patient index carries its transaction as a
 *   subtype coding in `urn:ihe:event-type-code` (ITI-83 PIXm, ITI-78 PDQm), beside BALP's
 *   "search"; the audit sink writes that coding as the DICOM audit message's EventTypeCode.
 * - FHIR R4: AuditEvent.outcome 0/4/8/12; security-source-type 1 (User Device); network
 *   type 5 (URI); ImagingStudy identifiers `urn:dicom:uid` + `urn:oid:<uid>`.
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const RESTFUL = 'http://hl7.org/fhir/restful-interaction';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
/** Which Longview journey wrote the event; the standard codes say what kind of event it is. */
export const LONGVIEW_EVENT = 'urn:longview:audit-event';

export const EVENT_TYPE = {
  query: { system: DCM, code: '110112', display: 'Query' },
  instancesAccessed: { system: DCM, code: '110103', display: 'DICOM Instances Accessed' },
  instancesTransferred: { system: DCM, code: '110104', display: 'DICOM Instances Transferred' },
  export: { system: DCM, code: '110106', display: 'Export' },
} satisfies Record<string, Coding>;

export const INTERACTION = {
  search: { system: RESTFUL, code: 'search', display: 'search' },
  read: { system: RESTFUL, code: 'read', display: 'read' },
  create: { system: RESTFUL, code: 'create', display: 'create' },
} satisfies Record<string, Coding>;

/**
 * The IHE transaction code system. The audit sink (scripts/audit-sink) looks for exactly this
 * system among the subtypes to write EventTypeCode: do not change the string.
 */
export const IHE_TRANSACTION_SYSTEM = 'urn:ihe:event-type-code';

/** The MPI transactions Longview may audit, as their IHE profiles name them. */
export const IHE_TRANSACTION = {
  'ITI-83': { system: IHE_TRANSACTION_SYSTEM, code: 'ITI-83', display: 'Mobile Patient Identifier Cross-reference Query' },
  'ITI-78': { system: IHE_TRANSACTION_SYSTEM, code: 'ITI-78', display: 'Mobile Patient Demographics Query' },
} satisfies Record<string, Coding>;

export type IheTransaction = keyof typeof IHE_TRANSACTION;

export const AGENT_TYPE = {
  user: { system: PARTICIPATION, code: 'IRCP', display: 'information recipient' },
  client: { system: DCM, code: '110153', display: 'Source Role ID' },
  server: { system: DCM, code: '110152', display: 'Destination Role ID' },
  destinationMedia: { system: DCM, code: '110154', display: 'Destination Media' },
} satisfies Record<string, Coding>;

export const ENTITY = {
  person: { system: ENTITY_TYPE, code: '1', display: 'Person' },
  systemObject: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
  patientRole: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  reportRole: { system: OBJECT_ROLE, code: '3', display: 'Report' },
  domainResourceRole: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
  queryRole: { system: OBJECT_ROLE, code: '24', display: 'Query' },
  studyUidType: { system: DCM, code: '110180', display: 'Study Instance UID' },
} satisfies Record<string, Coding>;

/** FHIR R4 AuditEvent.action. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';
/** FHIR R4 AuditEvent.outcome: success, minor, serious, major failure. */
export type AuditOutcomeCode = '0' | '4' | '8' | '12';

/**
 * The identifier systems of what Longview names: a DICOM UID, an archive, an identity source
 * (the master patient index), a browser session.
 */
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';
export const ARCHIVE_SYSTEM = 'urn:longview:archive';
export const IDENTITY_SOURCE_SYSTEM = 'urn:longview:identity-source';
export const SESSION_SYSTEM = 'urn:longview:browser-session';
