import {
  AGENT_TYPE,
  ARCHIVE_SYSTEM,
  DICOM_UID_SYSTEM,
  ENTITY,
  EVENT_TYPE,
  INTERACTION,
  LONGVIEW_EVENT,
  SESSION_SYSTEM,
  SOURCE_TYPE,
  type AuditAction,
  type AuditOutcomeCode,
  type Coding,
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

export type AuditOutcome =
  | { kind: 'success' }
  /**
 * `errorKind` is the archive error kind ("unavailable", "rejected", ...) or, for a store, the
 * StoreResult's failure reason ("conflict", "no-write-access", ...); never a message with data in it.
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

function outcomeOf(outcome: AuditOutcome): Pick<AuditEvent, 'outcome' | 'outcomeDesc'> {
  if (outcome.kind === 'success') return { outcome: '0' };
  // A request the archive refused or could not find is a minor failure (nothing was
  // disclosed or stored, the user may retry elsewhere); one that never completed is serious.
  const isMinor = outcome.errorKind === 'rejected' || outcome.errorKind === 'not-found' || outcome.errorKind === 'no-write-access';
  const code: AuditOutcomeCode = isMinor ? '4' : '8';
  const status = outcome.status ? ` (HTTP ${outcome.status})` : '';
  return { outcome: code, outcomeDesc: `archive error: ${outcome.errorKind}${status}` };
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

function queryEntity(archive: ArchiveReference, query: Record<string, string>): AuditEntity {
  const search = new URLSearchParams(query).toString();
  return {
    what: { identifier: { system: ARCHIVE_SYSTEM, value: `${archive.id}/studies` } },
    type: ENTITY.systemObject,
    role: ENTITY.queryRole,
    query: base64Utf8(search),
  };
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
  const server: AuditAgent = {
    type: { coding: [AGENT_TYPE.server] },
    who: { identifier: { system: ARCHIVE_SYSTEM, value: input.archive.id }, display: input.archive.name },
    requestor: false,
    network: { address: input.archive.url, type: '5' },
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
        entity: [queryEntity(input.archive, input.query), ...input.patients.map(patientEntity), ...input.studyUids.map((uid) => studyEntity(uid))],
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
    ...outcomeOf(input.outcome),
    agent: agentsOf(input, context),
    source: { site: 'Longview', observer: { display: 'Longview viewer' }, type: [{ system: SOURCE_TYPE, code: '1', display: 'User Device' }] },
  };
}
