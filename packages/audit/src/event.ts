import {
  AGENT_TYPE,
  ARCHIVE_SYSTEM,
  DICOM_UID_SYSTEM,
  ENTITY,
  EVENT_TYPE,
  IDENTITY_SOURCE_SYSTEM,
  IHE_TRANSACTION,
  INTERACTION,
  LONGVIEW_EVENT,
  SESSION_SYSTEM,
  SOURCE_TYPE,
  type AuditAction,
  type AuditOutcomeCode,
  type Coding,
  type IheTransaction,
} from './codes';

/** A patient's identifier as the archive knows it: the ID and its assigning authority. */
export interface PatientReference {
  value: string;
  /** IssuerOfPatientID, or the archive's configured issuer; undefined when neither is known. */
  issuer: string | undefined;
}

/** Where the data came from: the archive (the server of the DICOMweb request). */
export interface ArchiveReference {
  id: string;
  name: string;
  /** The archive's DICOMweb root as the browser addresses it. */
  url: string;
}

/** The master patient index asked (the server of a PIXm or PDQm request). */
export interface IdentitySourceReference {
  /** Which configured source: its key in config.json `identity` ("pixm"). */
  id: string;
  name: string;
  /** Its FHIR base. */
  url: string;
}

export type AuditOutcome =
  | { kind: 'success' }
  /**
 * `errorKind` is the archive error kind ("unavailable", "rejected", ...), for a store the
 * StoreResult's failure reason ("conflict", "no-write-access", ...), for the MPI the identity
 * source error kind ("unavailable", "refused", ...); never a message with data in it.
 */
  | { kind: 'failure'; errorKind: string; status?: number | undefined };

/** What happened, in Longview's words; `buildAuditEvent` turns it into a FHIR AuditEvent. */
export type AuditInput =
  | {
      kind: 'patient-query';
      archive: ArchiveReference;
      /** The QIDO-RS query parameters as sent. */
      query: Record<string, string>;
      /** The patients the answer disclosed (or the one asked for, when it failed). */
      patients: PatientReference[];
      studyUids: string[];
      outcome: AuditOutcome;
    }
  | {
      /** A question to the master patient index: PIXm cross-references (ITI-83) or PDQm demographics (ITI-78). */
      kind: 'mpi-query';
      source: IdentitySourceReference;
      transaction: IheTransaction;
      /** The FHIR search parameters as sent. */
      query: Record<string, string>;
      /** The identifier asked about, then every identifier the answer disclosed. */
      patients: PatientReference[];
      outcome: AuditOutcome;
    }
  | { kind: 'study-opened'; archive: ArchiveReference; studyUid: string; patient: PatientReference | undefined; outcome: AuditOutcome }
  | {
      kind: 'series-retrieved';
      archive: ArchiveReference;
      studyUid: string;
      seriesUid: string;
      /** Images (frames) whose pixels arrived. */
      imageCount: number;
      patient: PatientReference | undefined;
      outcome: AuditOutcome;
    }
  | {
      /** A reader's results (measurements as an SR, key images as a KOS) stored with STOW-RS into `archive`. */
      kind: 'results-stored';
      archive: ArchiveReference;
      studyUid: string;
      patient: PatientReference | undefined;
      /** The instances the archive stored; on a failure, those that were sent. */
      sopInstanceUids: string[];
      outcome: AuditOutcome;
    }
  | {
      kind: 'export' | 'share';
      archive: ArchiveReference;
      studyUids: string[];
      patient: PatientReference | undefined;
      /** Where the data went, without PHI: "de-identified ZIP download", "view link". */
      destination: string;
      outcome: AuditOutcome;
    };

export type AuditEventKind = AuditInput['kind'];

/** What `record` takes when a reader's results were stored (or failed to be): see AuditInput. */
export type ResultsStoredInput = Extract<AuditInput, { kind: 'results-stored' }>;

/** Who and where: the same for every event of one browser tab. */
export interface AuditContext {
  /** Stable per-tab id; until a login exists (SMART launch), the session is the only "who". */
  sessionId: string;
  /** What is known of the user; the SMART-launch issue fills `id` with the real user. */
  user: { id: string | undefined; display: string };
  /** The viewer's own address (its origin), for the client agent's network. */
  clientAddress: string;
}

/** The shape of the FHIR R4 AuditEvent resource, as far as Longview writes it. */
export interface AuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  type: Coding;
  subtype: Coding[];
  action: AuditAction;
  recorded: string;
  outcome: AuditOutcomeCode;
  outcomeDesc?: string;
  agent: AuditAgent[];
  source: { site: string; observer: { display: string }; type: Coding[] };
  entity: AuditEntity[];
}

export interface AuditAgent {
  type: { coding: Coding[] };
  who: { identifier?: { system: string; value: string }; display: string };
  requestor: boolean;
  network?: { address: string; type: '5' };
}

export interface AuditEntity {
  what: { identifier: { system?: string; value: string; type?: { coding: Coding[] }; assigner?: { display: string } } };
  type: Coding;
  role: Coding;
  query?: string;
  detail?: Array<{ type: string; valueString: string }>;
}

/** UNAUTHENTICATED marks the user agent until a login exists; auditors can search for it. */
export const UNAUTHENTICATED_USER = 'Unauthenticated browser session';

const MINOR_ERROR_KINDS = new Set(['rejected', 'not-found', 'no-write-access', 'refused']);

function outcomeOf(input: AuditInput): Pick<AuditEvent, 'outcome' | 'outcomeDesc'> {
  const { outcome } = input;
  if (outcome.kind === 'success') return { outcome: '0' };
  // A request the server refused or could not find is a minor failure (nothing was disclosed
  // or stored, the user may retry elsewhere); one that never completed is serious. The MPI's
  // "refused" is such a refusal: ITI-83 answers an unknown patient 404, an unknown domain 400.
  const code: AuditOutcomeCode = MINOR_ERROR_KINDS.has(outcome.errorKind) ? '4' : '8';
  const status = outcome.status ? ` (HTTP ${outcome.status})` : '';
  const server = input.kind === 'mpi-query' ? 'identity source' : 'archive';
  return { outcome: code, outcomeDesc: `${server} error: ${outcome.errorKind}${status}` };
}

/** Issuers written as OIDs become `urn:oid:` URIs; local names stay recognisable under a Longview URN. */
export function issuerSystem(issuer: string): string {
  return /^[0-2](\.(0|[1-9]\d*))+$/.test(issuer) ? `urn:oid:${issuer}` : `urn:longview:issuer:${encodeURIComponent(issuer)}`;
}

function patientEntity(patient: PatientReference): AuditEntity {
  return {
    what: {
      identifier: {
        ...(patient.issuer ? { system: issuerSystem(patient.issuer), assigner: { display: patient.issuer } } : {}),
        value: patient.value,
      },
    },
    type: ENTITY.person,
    role: ENTITY.patientRole,
  };
}

function studyEntity(studyUid: string, detail?: AuditEntity['detail']): AuditEntity {
  return {
    what: { identifier: { system: DICOM_UID_SYSTEM, value: `urn:oid:${studyUid}`, type: { coding: [ENTITY.studyUidType] } } },
    type: ENTITY.systemObject,
    role: ENTITY.reportRole,
    ...(detail ? { detail } : {}),
  };
}

/** An instance the viewer created in an archive (BALP Create's "data" entity), by its SOP Instance UID. */
function createdInstanceEntity(sopInstanceUid: string): AuditEntity {
  return {
    what: { identifier: { system: DICOM_UID_SYSTEM, value: `urn:oid:${sopInstanceUid}` } },
    type: ENTITY.systemObject,
    role: ENTITY.domainResourceRole,
  };
}

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** BALP's query entity: what was searched (`system`, `value`) and the query string as sent, base64. */
function queryEntity(searched: { system: string; value: string }, query: Record<string, string>): AuditEntity {
  const search = new URLSearchParams(query).toString();
  return {
    what: { identifier: searched },
    type: ENTITY.systemObject,
    role: ENTITY.queryRole,
    query: base64Utf8(search),
  };
}

/**
 * What each MPI transaction asks for, under the source's FHIR base; the query entity names it
 * after the source's id like an archive search's `radiology/studies` (the audit sink writes it
 * as the DICOM message's ParticipantObjectID).
 */
const MPI_RESOURCE: Record<IheTransaction, string> = { 'ITI-83': 'Patient/$ihe-pix', 'ITI-78': 'Patient' };

/** The server of the request: the master patient index for an MPI query, else the archive. */
function serverOf(input: AuditInput): { system: string; reference: ArchiveReference | IdentitySourceReference } {
  return input.kind === 'mpi-query' ? { system: IDENTITY_SOURCE_SYSTEM, reference: input.source } : { system: ARCHIVE_SYSTEM, reference: input.archive };
}

function agentsOf(input: AuditInput, context: AuditContext): AuditAgent[] {
  const user: AuditAgent = {
    type: { coding: [AGENT_TYPE.user] },
    who: {
      identifier: context.user.id ? { system: 'urn:longview:user', value: context.user.id } : { system: SESSION_SYSTEM, value: context.sessionId },
      display: context.user.display,
    },
    requestor: true,
  };
  const client: AuditAgent = {
    type: { coding: [AGENT_TYPE.client] },
    who: { display: 'Longview viewer' },
    requestor: false,
    network: { address: context.clientAddress, type: '5' },
  };
  const { system, reference } = serverOf(input);
  const server: AuditAgent = {
    type: { coding: [AGENT_TYPE.server] },
    who: { identifier: { system, value: reference.id }, display: reference.name },
    requestor: false,
    network: { address: reference.url, type: '5' },
  };
  const agents = [user, client, server];
  if (input.kind === 'export' || input.kind === 'share') {
    agents.push({ type: { coding: [AGENT_TYPE.destinationMedia] }, who: { display: input.destination }, requestor: false });
  }
  return agents;
}

function whatOf(input: AuditInput): Pick<AuditEvent, 'type' | 'subtype' | 'action' | 'entity'> {
  const journey = { system: LONGVIEW_EVENT, code: input.kind };
  switch (input.kind) {
    case 'patient-query':
      return {
        type: EVENT_TYPE.query,
        subtype: [INTERACTION.search, journey],
        action: 'E',
        entity: [
          queryEntity({ system: ARCHIVE_SYSTEM, value: `${input.archive.id}/studies` }, input.query),
          ...input.patients.map(patientEntity),
          ...input.studyUids.map((uid) => studyEntity(uid)),
        ],
      };
    case 'mpi-query':
      // BALP PatientQuery, as the PIXm and PDQm consumer audit profiles specialise it
      // (IHE.PIXm.Query.Audit.Consumer, IHE.PDQm.Query.Audit.Consumer): the transaction code
      // beside the restful-interaction "search". ITI-83 is the $ihe-pix operation, yet PIXm
      // fixes "search" too (a read-only question by identifier), so both keep it. The type stays
      // DCM 110112 Query like the archive searches (BALP's FHIR profiles say audit-event-type
      // "rest"; 110112 is the EventID of the DICOM audit message the sink writes).
      return {
        type: EVENT_TYPE.query,
        subtype: [IHE_TRANSACTION[input.transaction], INTERACTION.search, journey],
        action: 'E',
        entity: [
          queryEntity({ system: IDENTITY_SOURCE_SYSTEM, value: `${input.source.id}/${MPI_RESOURCE[input.transaction]}` }, input.query),
          ...input.patients.map(patientEntity),
        ],
      };
    case 'study-opened':
      return {
        type: EVENT_TYPE.instancesAccessed,
        subtype: [INTERACTION.read, journey],
        action: 'R',
        entity: [...(input.patient ? [patientEntity(input.patient)] : []), studyEntity(input.studyUid)],
      };
    case 'series-retrieved':
      return {
        type: EVENT_TYPE.instancesAccessed,
        subtype: [INTERACTION.read, journey],
        action: 'R',
        entity: [
          ...(input.patient ? [patientEntity(input.patient)] : []),
          studyEntity(input.studyUid, [
            { type: 'SeriesInstanceUID', valueString: input.seriesUid },
            { type: 'NumberOfImages', valueString: String(input.imageCount) },
          ]),
        ],
      };
    case 'results-stored':
      // PS3.15 A.5.3.4 DICOM Instances Transferred, as the archive that receives them would audit
      // it (action C): the viewer is the source, the archive the destination (agentsOf).
      return {
        type: EVENT_TYPE.instancesTransferred,
        subtype: [INTERACTION.create, journey],
        action: 'C',
        entity: [...(input.patient ? [patientEntity(input.patient)] : []), studyEntity(input.studyUid), ...input.sopInstanceUids.map(createdInstanceEntity)],
      };
    case 'export':
    case 'share':
      // PS3.15 A.5.3.7 Export (action R): data leaves the system's control. A shared view
      // link has no code of its own; BALP audits disclosures as Export too.
      return {
        type: EVENT_TYPE.export,
        subtype: [journey],
        action: 'R',
        entity: [...(input.patient ? [patientEntity(input.patient)] : []), ...input.studyUids.map((uid) => studyEntity(uid))],
      };
  }
}

/** One FHIR R4 AuditEvent (IHE BALP patterns) for what happened. Pure: id and time come in. */
export function buildAuditEvent(input: AuditInput, context: AuditContext, id: string, recorded: Date): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    id,
    ...whatOf(input),
    recorded: recorded.toISOString(),
    ...outcomeOf(input),
    agent: agentsOf(input, context),
    source: { site: 'Longview', observer: { display: 'Longview viewer' }, type: [{ system: SOURCE_TYPE, code: '1', display: 'User Device' }] },
  };
}
